#pragma once
// HTTP face of notify/: TMF681 communicationMessage (list, get, an agent's SMS or email) and
// the Kannel delivery-report callback. Wired by app/.

#include "http/router.hpp"
#include "notify/service.hpp"
#include "store/database.hpp"

namespace abonado::notify {

struct RouteDeps {
  store::Database& db;
  const Clock& clock;
  const Outbox& outbox;
};

inline constexpr const char* kMessagePath =
    "/tmf-api/communicationManagement/v4/communicationMessage";

void add_routes(http::Router& router, RouteDeps deps);

}  // namespace abonado::notify
