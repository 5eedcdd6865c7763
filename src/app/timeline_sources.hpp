#pragma once
// Adapters that feed other modules' records into the customer timeline, so
// that care/ depends on neither of them.

#include "care/timeline.hpp"
#include "notify/service.hpp"

namespace abonado::app {

// The party's SMS and e-mails (one-time codes masked, as stored).
care::TimelineSource message_source(const notify::Outbox& outbox);

}  // namespace abonado::app
