// The form channel (FL-4, FL-5): requests, the back-office queue, complete
// and reject.

#include "core/error.hpp"
#include "http/idempotency.hpp"
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

std::vector<std::string> documents_at(const Json& body) {
  auto it = body.find("documents");
  if (it == body.end() || it->is_null()) return {};
  if (!it->is_array()) {
    throw Error(Code::kInvalidField, "documents must be a list of attachment ids", "documents");
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    std::string field = "documents[" + std::to_string(i) + "]";
    const Json& v = (*it)[i];
    // An attachment as TMF refers to it ({"id": ...}) or its bare id.
    const Json* id = &v;
    if (v.is_object()) {
      auto f = v.find("id");
      id = f == v.end() ? nullptr : &*f;
    }
    if (!id || !id->is_string() || id->get_ref<const std::string&>().empty() ||
        id->get_ref<const std::string&>().size() > 64 ||
        id->get_ref<const std::string&>().find('\0') != std::string::npos) {
      throw Error(Code::kInvalidField, field + " must be an attachment id", field);
    }
    out.push_back(id->get<std::string>());
  }
  return out;
}

awaitable<Response> create(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"category", "partyId", "iccid", "documents"});
  NewRequest n;
  n.category = http::required_string(body, "category", 40);
  n.party_id = http::required_string(body, "partyId", 64);
  n.iccid = iccid_at(body, "iccid");
  n.documents = documents_at(body);
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    ActivationRequest r = d.requests.create(tx, req.agent(), n);
    return http::json_response(201, request_json(r, d.clock.now()))
        .with_header("Location", std::string(kRequestPath) + "/" + r.id);
  });
}

awaitable<Response> get(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto r = co_await store::read(
      d.db, [&](store::Tx& tx) { return d.requests.find(tx, req.agent(), id); });
  if (!r) throw Error(Code::kNotFound, "no activation request with id " + id, "id");
  co_return http::json_response(200, request_json(*r, d.clock.now()));
}

awaitable<Response> list(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  std::optional<std::string> status;
  if (const std::string* s = q.filter("status")) {
    if (*s != kRequestPending && *s != kRequestCompleted && *s != kRequestRejected) {
      throw Error(Code::kInvalidParameter, "status must be pending, completed or rejected",
                  "status");
    }
    status = *s;
  }
  auto [items, total] = co_await store::read(
      d.db, [&](store::Tx& tx) { return d.requests.list(tx, status, q.offset, q.limit); });
  auto now = d.clock.now();
  Json out = Json::array();
  for (const auto& r : items) out.push_back(request_json(r, now));
  co_return http::list_response(q, std::move(out), total);
}

awaitable<Response> complete(RouteDeps d, Request& req) {
  Json body = req.body.empty() ? Json::object() : http::parse_body(req);
  http::only_fields(body, {});
  const std::string& id = req.param("id");
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    ActivationRequest r = d.requests.complete(tx, req.agent(), id);
    return http::json_response(200, request_json(r, d.clock.now()));
  });
}

awaitable<Response> reject(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"reason"});
  std::string reason = http::required_string(body, "reason", 2000);
  const std::string& id = req.param("id");
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    ActivationRequest r = d.requests.reject(tx, req.agent(), id, reason);
    return http::json_response(200, request_json(r, d.clock.now()));
  });
}

}  // namespace

void add_request_routes(http::Router& router, const RouteDeps& d) {
  using http::Access;
  using http::Body;
  // Leaders fill the form for the customer; the back office decides.
  auto senders = Access::roles_of({Role::kAdmin, Role::kLeader, Role::kBackoffice});
  auto deciders = Access::roles_of({Role::kAdmin, Role::kBackoffice});
  std::string base = kRequestPath;
  router.add({"POST", base, senders, http::bind<create>(d), Body::kJson});
  router.add({"GET",
              base,
              deciders,
              http::bind<list>(d),
              Body::kNone,
              http::kJsonBodyLimit,
              {{"status"}, true}});
  router.add({"GET", base + "/{id}", senders, http::bind<get>(d)});
  router.add(
      {"POST", base + "/{id}/complete", deciders, http::bind<complete>(d), Body::kOptionalJson});
  router.add({"POST", base + "/{id}/reject", deciders, http::bind<reject>(d), Body::kJson});
}

}  // namespace abonado::lines
