#pragma once
// HTTP face of catalog/: TMF620 product offerings. Wired by app/.

#include "catalog/catalog.hpp"
#include "http/router.hpp"

namespace abonado::catalog {

struct RouteDeps {
  const Catalog& catalog;
};

void add_routes(http::Router& router, RouteDeps deps);

}  // namespace abonado::catalog
