#pragma once
// Adapters that feed other modules' records into the quick search's hits, so
// that party/ depends on none of them.

#include "lines/service.hpp"
#include "party/routes.hpp"

namespace abonado::app {

// The lines of each party found (TMF637 products).
party::ProductsOfParties line_products(const lines::Lines& lines);

}  // namespace abonado::app
