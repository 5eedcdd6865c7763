#include "lines/routes.hpp"

#include "core/iccid.hpp"
#include "lines/routes_internal.hpp"

namespace abonado::lines {

std::string iccid_at(const http::Json& body, const char* key) {
  std::string text = http::required_string(body, key, 64);
  return parse_iccid(text, key).digits;
}

void add_routes(http::Router& router, RouteDeps deps) {
  add_inventory_routes(router, deps);
  add_activation_routes(router, deps);
  add_request_routes(router, deps);
  add_porting_routes(router, deps);
  add_product_routes(router, deps);
}

}  // namespace abonado::lines
