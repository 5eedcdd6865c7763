#pragma once
// HTTP face of care/: TMF683 party interactions, notes (MN-9) and the
// customer timeline. Wired by app/.

#include "care/service.hpp"
#include "care/timeline.hpp"
#include "core/clock.hpp"
#include "http/router.hpp"
#include "store/database.hpp"

namespace abonado::care {

struct RouteDeps {
  store::Database& db;
  const Clock& clock;
  const Interactions& interactions;
  const Notes& notes;
  const Timeline& timeline;
};

void add_routes(http::Router& router, RouteDeps deps);

}  // namespace abonado::care
