#include "app/timeline_sources.hpp"

namespace abonado::app {

care::TimelineSource message_source(const notify::Outbox& outbox) {
  return {"message", [&outbox](store::Tx& tx, const care::TimelineSubject& s, std::int64_t max) {
            notify::MessageFilter f;
            f.party_id = s.party_id;
            f.limit = max;
            auto [messages, total] = outbox.list(tx, f);
            care::TimelineSlice slice;
            slice.total = total;
            for (const auto& m : messages) {
              bool sms = m.channel == notify::Channel::kSms;
              slice.items.push_back({"message", m.created_at, m.id,
                                     m.subject.value_or(sms ? "SMS" : "Email"), m.text, "system",
                                     "CommunicationMessage", m.id});
            }
            return slice;
          }};
}

}  // namespace abonado::app
