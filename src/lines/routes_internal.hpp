#pragma once
// Shared by the routes_*.cpp files of lines/ (internal).

#include "http/json.hpp"
#include "lines/routes.hpp"

namespace abonado::lines {

void add_inventory_routes(http::Router& router, const RouteDeps& d);
void add_activation_routes(http::Router& router, const RouteDeps& d);
void add_request_routes(http::Router& router, const RouteDeps& d);
void add_porting_routes(http::Router& router, const RouteDeps& d);
void add_product_routes(http::Router& router, const RouteDeps& d);

// The ICCID at body[key], validated (400 INVALID_ICCID naming the field).
std::string iccid_at(const http::Json& body, const char* key);

}  // namespace abonado::lines
