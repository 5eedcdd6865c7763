#pragma once
// HTTP face of party/: TMF632 individuals and organizations, TMF629
// customers, TMF666 billing accounts, and the quick search. Wired by app/.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "http/router.hpp"
#include "party/service.hpp"
#include "store/database.hpp"

namespace abonado::party {

// A line or service of a party as the quick search shows it with each hit.
// Another module owns products; app/ sets RouteDeps::products so that
// party/ does not depend on it.
struct ProductSummary {
  std::string id;
  std::string href;
  std::string status;
  std::string msisdn;           // E.164
  std::string msisdn_national;  // for display
  std::optional<std::string> offering_id;
};
// The products of each party, in the order of `party_ids`; runs in the
// search's own read job.
using ProductsOfParties = std::function<std::vector<std::vector<ProductSummary>>(
    store::Tx& tx, const std::vector<std::string>& party_ids)>;

struct RouteDeps {
  store::Database& db;
  const Clock& clock;
  const PartyService& service;
  std::string country;  // the operator's country: issuer of documents given without one
  std::string region;   // the operator's phone region
  ProductsOfParties products = {};  // none: hits list no products
};

void add_routes(http::Router& router, RouteDeps deps);

}  // namespace abonado::party
