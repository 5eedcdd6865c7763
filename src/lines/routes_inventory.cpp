// POST /api/v1/inventory/sims and /numbers (bulk loads), and the state of one
// SIM card or pool number.

#include "core/error.hpp"
#include "core/iccid.hpp"
#include "http/tmf.hpp"
#include "lines/json.hpp"
#include "lines/routes_internal.hpp"
#include "store/async.hpp"

namespace abonado::lines {
namespace {

using boost::asio::awaitable;
using http::Json;
using http::Request;
using http::Response;

constexpr std::size_t kMaxLoad = 10000;  // values in one request
constexpr std::size_t kLoadBodyLimit = 4 * 1024 * 1024;

RawValues values_at(const Json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    throw Error(Code::kMissingField, std::string("field '") + key + "' is required", key);
  }
  if (!it->is_array() || it->empty() || it->size() > kMaxLoad) {
    throw Error(
        Code::kInvalidField,
        std::string(key) + " must be a list of 1 to " + std::to_string(kMaxLoad) + " values", key);
  }
  RawValues out;
  for (const auto& v : *it) {
    if (v.is_string()) {
      out.emplace_back(v.get<std::string>());
    } else {
      out.emplace_back(std::nullopt);
    }
  }
  return out;
}

awaitable<Response> load_sims(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"iccids"});
  RawValues iccids = values_at(body, "iccids");
  auto r = co_await store::write(
      d.db, [&](store::Tx& tx) { return d.inventory.load_sims(tx, req.agent(), iccids); });
  co_return http::json_response(200, load_result_json(r));
}

awaitable<Response> load_numbers(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"msisdns"});
  RawValues msisdns = values_at(body, "msisdns");
  auto r = co_await store::write(
      d.db, [&](store::Tx& tx) { return d.inventory.load_numbers(tx, req.agent(), msisdns); });
  co_return http::json_response(200, load_result_json(r));
}

Json stock_json(const Inventory::StockState& s, const char* key) {
  Json product = nullptr;
  // A reserved SIM or number names the line it is held for, which exists
  // (and has an href) only once the activation or request opens it.
  if (s.product_id) {
    product = {{"id", *s.product_id}};
    if (s.status != kReserved) product["href"] = std::string(kProductPath) + "/" + *s.product_id;
  }
  return {{key, s.id}, {"status", s.status}, {"product", product}};
}

awaitable<Response> get_sim(RouteDeps d, Request& req) {
  std::string iccid = parse_iccid(req.param("iccid"), "iccid").digits;
  auto s = co_await store::read(d.db, [&](store::Tx& tx) { return d.inventory.sim(tx, iccid); });
  if (!s) throw Error(Code::kSimNotFound, "no SIM card with ICCID " + iccid, "iccid");
  co_return http::json_response(200, stock_json(*s, "iccid"));
}

awaitable<Response> get_number(RouteDeps d, Request& req) {
  std::string e164 = d.inventory.mobile_number(req.param("msisdn"), "msisdn");
  auto s = co_await store::read(d.db, [&](store::Tx& tx) { return d.inventory.number(tx, e164); });
  if (!s) throw Error(Code::kNotFound, "the number " + e164 + " is not in the pool", "msisdn");
  co_return http::json_response(200, stock_json(*s, "msisdn"));
}

}  // namespace

void add_inventory_routes(http::Router& router, const RouteDeps& d) {
  using http::Access;
  using http::Body;
  auto stock_keepers = Access::roles_of({Role::kAdmin, Role::kBackoffice});
  auto readers = Access::roles_of({Role::kAdmin, Role::kBackoffice, Role::kLeader});
  router.add({"POST", "/api/v1/inventory/sims", stock_keepers, http::bind<load_sims>(d),
              Body::kJson, kLoadBodyLimit});
  router.add({"POST", "/api/v1/inventory/numbers", stock_keepers, http::bind<load_numbers>(d),
              Body::kJson, kLoadBodyLimit});
  router.add({"GET", "/api/v1/inventory/sims/{iccid}", readers, http::bind<get_sim>(d)});
  router.add({"GET", "/api/v1/inventory/numbers/{msisdn}", readers, http::bind<get_number>(d)});
}

}  // namespace abonado::lines
