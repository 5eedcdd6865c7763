// TMF637 product inventory: the lines of a party, one line, suspend and resume.

#include <algorithm>

#include "core/error.hpp"
#include "core/phone.hpp"
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

awaitable<Response> list(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  ProductFilter f;
  if (const std::string* v = q.filter("relatedParty.id")) f.party_id = *v;
  if (const std::string* v = q.filter("status")) {
    static const char* const kStates[] = {"active", "suspended", "terminated", "portedOut"};
    if (std::none_of(std::begin(kStates), std::end(kStates),
                     [&](const char* s) { return *v == s; })) {
      throw Error(Code::kInvalidParameter,
                  "status must be active, suspended, terminated or portedOut", "status");
    }
    f.status = *v;
  }
  if (const std::string* v = q.filter("msisdn")) {
    f.msisdn = http::at_field("msisdn",
                              [&] { return parse_phone(*v, d.lines.rules().phone_region).e164; });
  }
  f.offset = q.offset;
  f.limit = q.limit;
  auto [items, total] =
      co_await store::read(d.db, [&](store::Tx& tx) { return d.lines.list(tx, f); });
  Json out = Json::array();
  for (const auto& l : items) out.push_back(line_json(l));
  co_return http::list_response(q, std::move(out), total);
}

awaitable<Response> get(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto l = co_await store::read(d.db, [&](store::Tx& tx) { return d.lines.find(tx, id); });
  if (!l) throw Error(Code::kNotFound, "no product with id " + id, "id");
  co_return http::json_response(200, line_json(*l));
}

// TMF637 merge-patch of the status: suspend an active line or resume a suspended one.
awaitable<Response> patch(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"status"});
  std::string status = http::required_string(body, "status", 20);
  if (status != kLineActive && status != kLineSuspended) {
    throw Error(Code::kInvalidField, "status must be active or suspended", "status");
  }
  const std::string& id = req.param("id");
  auto l = co_await store::write(d.db, [&](store::Tx& tx) {
    return status == kLineSuspended ? d.suspensions.suspend(tx, req.agent(), id)
                                    : d.suspensions.resume(tx, req.agent(), id);
  });
  co_return http::json_response(200, line_json(l));
}

}  // namespace

void add_product_routes(http::Router& router, const RouteDeps& d) {
  using http::Access;
  using http::Body;
  auto agents = Access::any_agent();
  std::string base = kProductPath;
  router.add({"GET",
              base,
              agents,
              http::bind<list>(d),
              Body::kNone,
              http::kJsonBodyLimit,
              {{"relatedParty.id", "status", "msisdn"}, true}});
  router.add({"GET", base + "/{id}", agents, http::bind<get>(d)});
  router.add({"PATCH", base + "/{id}", Access::roles_of({Role::kAdmin, Role::kBackoffice}),
              http::bind<patch>(d), Body::kJson});
}

}  // namespace abonado::lines
