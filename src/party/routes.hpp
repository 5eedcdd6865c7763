#pragma once
// HTTP face of party/: TMF632 individuals and organizations, TMF629
// customers, TMF666 billing accounts, and the quick search. Wired by app/.

#include <string>

#include "core/clock.hpp"
#include "http/router.hpp"
#include "party/service.hpp"
#include "store/database.hpp"

namespace abonado::party {

struct RouteDeps {
  store::Database& db;
  const Clock& clock;
  const PartyService& service;
  std::string country;  // the operator's country: issuer of documents given without one
  std::string region;   // the operator's phone region
};

void add_routes(http::Router& router, RouteDeps deps);

}  // namespace abonado::party
