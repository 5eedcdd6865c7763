// Portability in (FL-6..FL-9): start a port (its PIN checks counted per number), read one, list a line's.

#include <spdlog/spdlog.h>

#include <optional>

#include "core/error.hpp"
#include "core/text.hpp"
#include "http/idempotency.hpp"
#include "http/offload.hpp"
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

// Asks the donor's clearinghouse (a network call) off the io thread and resumes here.
awaitable<bool> pin_accepted(const Clearinghouse& clearinghouse, const NewPortIn& n,
                             std::string pin) {
  bool accepted = false;
  co_await http::await_callback([&](store::Done done) {
    clearinghouse.check_pin(n.msisdn, n.donor_operator, std::move(pin),
                            [&accepted, done = std::move(done)](std::exception_ptr error, bool a) {
                              accepted = a;
                              done(error);
                            });
  });
  co_return accepted;
}

// Whether the clearinghouse gave no answer (unreachable, timed out), as
// opposed to one that failed for the request itself.
bool no_answer(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const Error& error) {
    return error.code() == Code::kUnavailable;
  } catch (...) {
    return false;
  }
}

// A check that failed to be forgotten only counts a while longer: what the
// request answers is the reason it stopped, not this.
awaitable<void> forget(const RouteDeps& d, const std::string& check_id) {
  try {
    co_await store::write(d.db, [&](store::Tx& tx) { d.ports.forget_pin_check(tx, check_id); });
  } catch (const std::exception& e) {
    spdlog::warn("a porting PIN check {} stays counted: {}", check_id, e.what());
  }
}

// The policy's spelling of the donor the agent named (as the quick search
// compares names: any case, accents and spacing); any name when the policy
// lists none. Error(kInvalidField, "donorOperator") otherwise.
std::string donor_named(const std::vector<std::string>& donors, const std::string& name) {
  if (donors.empty()) return name;
  std::string wanted = fold_for_search(name);
  std::string list;
  for (const auto& d : donors) {
    if (fold_for_search(d) == wanted) return d;
    list += (list.empty() ? "" : ", ") + d;
  }
  throw Error(Code::kInvalidField, "donorOperator must be one of " + list, "donorOperator");
}

constexpr RoleSet kPortsFromTheAccount{Role::kAdmin, Role::kOperator, Role::kBackoffice};

awaitable<Response> start(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"productId", "msisdn", "donorOperator", "pin", "activationId"});
  NewPortIn n;
  n.product_id = http::required_string(body, "productId", 64);
  n.msisdn = d.inventory.mobile_number(http::required_string(body, "msisdn", 40), "msisdn");
  n.donor_operator = http::required_string(body, "donorOperator", 100);
  check_line(n.donor_operator, 100, "donorOperator");  // shown on the port and its SMS
  n.donor_operator = donor_named(d.lines.rules().donors, n.donor_operator);
  std::string pin = http::required_string(body, "pin", 16);
  n.activation_id = http::optional_string(body, "activationId", 64);
  if (n.activation_id && n.activation_id->empty()) {
    throw Error(Code::kInvalidField, "activationId, when given, names the activation session",
                "activationId");
  }
  // FL-7, FL-8: in the street a port belongs to the activation session; without one it
  // starts from the customer's account, which the call center and the back office reach.
  if (!n.activation_id && !req.agent().roles.intersects(kPortsFromTheAccount)) {
    throw Error(Code::kForbidden,
                "a brand leader ports a number only within the activation session (FL-7): give "
                "its activationId; once the session is closed the port starts from the "
                "customer's account (call center or back office)",
                "activationId");
  }
  if (auto replay = co_await store::read(
          d.db, [&](store::Tx& tx) { return http::find_replay(tx, req, d.clock.now()); })) {
    co_return std::move(*replay);
  }
  co_await store::read(d.db, [&](store::Tx& tx) { d.ports.check(tx, req.agent(), n); });
  // FL-6: the donor decides on the PIN; it is remote, so it is asked
  // outside any database job and off the io thread. The check is counted
  // against the number first (committed), so that guessing stops at the
  // policy's number of wrong PINs.
  PinCheck check = co_await store::write(
      d.db, [&](store::Tx& tx) { return d.ports.claim_pin_check(tx, req.agent(), n); });
  bool accepted = false;
  std::exception_ptr failed;
  try {
    accepted = co_await pin_accepted(d.clearinghouse, n, std::move(pin));
  } catch (...) {
    failed = std::current_exception();
  }
  // Only a wrong PIN counts: not one the clearinghouse did not answer (the
  // customer's PIN was never judged), nor a right one (below).
  if (failed) {
    if (no_answer(failed)) co_await forget(d, check.id);
    std::rethrow_exception(failed);
  }
  if (!accepted) {
    Error wrong(Code::kInvalidPortingPin,
                "the donor operator did not accept the PIN; " + std::to_string(check.left) +
                    " more may be tried for this number within " +
                    std::to_string(d.lines.rules().pin_lock_hours) + " hours",
                "pin");
    wrong.with("attemptsLeft", check.left);
    // The last one: when the number may be tried again.
    if (check.left == 0) wrong.with("retryAt", format_iso(check.retry_at));
    throw wrong;
  }
  // A right PIN counts for nothing, whatever the port's answer: made, refused
  // (a parallel port was first, the session closed meanwhile) or a replay of
  // the same key.
  std::optional<Response> answer;
  std::exception_ptr refused;
  try {
    answer = co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
      PortIn p = d.ports.start(tx, req.agent(), n);
      return http::json_response(201, port_json(p))
          .with_header("Location", std::string(kPortInPath) + "/" + p.id);
    });
  } catch (...) {
    refused = std::current_exception();
  }
  co_await forget(d, check.id);
  if (refused) std::rethrow_exception(refused);
  co_return std::move(*answer);
}

// ?productId=: the ports into a line, newest first (the console shows one in progress).
awaitable<Response> list(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  const std::string* product = q.filter("productId");
  if (!product || product->empty()) {
    throw Error(Code::kMissingField, "query parameter 'productId' is required", "productId");
  }
  auto [items, total] = co_await store::read(d.db, [&](store::Tx& tx) {
    return d.ports.of_line(tx, req.agent(), *product, q.offset, q.limit);
  });
  Json out = Json::array();
  for (const auto& p : items) out.push_back(port_json(p));
  co_return http::list_response(q, std::move(out), total);
}

awaitable<Response> get(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto p =
      co_await store::read(d.db, [&](store::Tx& tx) { return d.ports.find(tx, req.agent(), id); });
  if (!p) throw Error(Code::kNotFound, "no port-in with id " + id, "id");
  co_return http::json_response(200, port_json(*p));
}

}  // namespace

void add_porting_routes(http::Router& router, const RouteDeps& d) {
  using http::Access;
  using http::Body;
  // Leaders port from the activation session (FL-7); the call center and the
  // back office from the customer's account (FL-8).
  auto porters =
      Access::roles_of({Role::kAdmin, Role::kLeader, Role::kOperator, Role::kBackoffice});
  std::string base = kPortInPath;
  router.add({"POST", base, porters, http::bind<start>(d), Body::kJson});
  router.add({"GET",
              base,
              porters,
              http::bind<list>(d),
              Body::kNone,
              http::kJsonBodyLimit,
              {{"productId"}, true}});
  router.add({"GET", base + "/{id}", porters, http::bind<get>(d)});
}

}  // namespace abonado::lines
