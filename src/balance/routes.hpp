#pragma once
// HTTP face of balance/: TMF654 buckets and top-ups, purchases (FL-14),
// scheduled top-ups (FL-11), top-up agents (FL-12) and the USSD gateway
// (FL-14, FL-15). Wired by app/.
//
// The USSD gateway authenticates with a shared secret, not an agent session:
// `X-Ussd-Gateway-Key: KEY`, where KEY comes from POST /api/v1/ussd/gatewayKey
// (admin; a new key replaces the old one, only its hash is stored). Gateways
// call back with fixed headers and cannot log in; a wrong or missing key is a
// 401, which gateways treat as the end of the session.

#include "balance/service.hpp"
#include "balance/ussd.hpp"
#include "core/clock.hpp"
#include "http/router.hpp"
#include "store/database.hpp"

namespace abonado::balance {

struct RouteDeps {
  store::Database& db;
  const Clock& clock;
  const BalanceService& balance;
  const UssdMenu& ussd;
};

void add_routes(http::Router& router, RouteDeps deps);

}  // namespace abonado::balance
