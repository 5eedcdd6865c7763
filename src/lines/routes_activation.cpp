// Activation in the app (FL-1..FL-3, FL-7): start, fingerprint, close, read.

#include <spdlog/spdlog.h>

#include "core/error.hpp"
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

constexpr std::size_t kMaxSample = 64 * 1024;  // a fingerprint template, base64

awaitable<Response> start(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"partyId", "iccid", "channel"});
  NewActivation n;
  n.party_id = http::required_string(body, "partyId", 64);
  n.iccid = iccid_at(body, "iccid");
  auto channel = http::optional_string(body, "channel", 40);
  if (channel && *channel != "app") {
    throw Error(Code::kInvalidField,
                "channel must be app; the form channel is POST /api/v1/activationRequests",
                "channel");
  }
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    ActivationView v = d.activations.start(tx, req.agent(), n);
    return http::json_response(v.resumed ? 200 : 201,
                               activation_json(v.activation, d.clock.now(), v.attempts_left))
        .with_header("Location", std::string(kActivationPath) + "/" + v.activation.id);
  });
}

awaitable<Response> get(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto v = co_await store::read(
      d.db, [&](store::Tx& tx) { return d.activations.find(tx, req.agent(), id); });
  if (!v) throw Error(Code::kNotFound, "no activation with id " + id, "id");
  co_return http::json_response(200,
                                activation_json(v->activation, d.clock.now(), v->attempts_left));
}

// Asks the registry (a network call) off the io thread and resumes here.
awaitable<bool> verify(const BiometricRegistry& registry, const HolderDocument& doc,
                       std::string sample) {
  bool match = false;
  co_await http::await_callback([&](store::Done done) {
    registry.verify(doc, std::move(sample),
                    [&match, done = std::move(done)](std::exception_ptr error, bool m) {
                      match = m;
                      done(error);
                    });
  });
  co_return match;
}

Json outcome_json(const BiometricOutcome& o, TimePoint now) {
  Json out = {{"result", o.match ? "match" : "noMatch"},
              {"attemptsLeft", o.attempts_left},
              {"status", o.activation.status},
              {"activation", activation_json(o.activation, now, o.attempts_left)}};
  if (o.match) {
    out["productId"] = o.activation.product_id;
    out["msisdn"] = o.activation.msisdn;
  } else if (o.activation.status == kRejected) {
    // FL-5: the app is done for this number; the form channel takes over.
    out["next"] = {{"channel", "form"}, {"category", "appRejected"}, {"href", kRequestPath}};
  }
  return out;
}

awaitable<Response> biometric(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"fingerprint"});
  std::string sample = http::required_string(body, "fingerprint", kMaxSample);
  const std::string& id = req.param("id");
  if (auto replay = co_await store::read(
          d.db, [&](store::Tx& tx) { return http::find_replay(tx, req, d.clock.now()); })) {
    co_return std::move(*replay);
  }
  HolderDocument doc = co_await store::read(
      d.db, [&](store::Tx& tx) { return d.activations.pending_document(tx, req.agent(), id); });
  bool match = co_await verify(d.registry, doc, std::move(sample));
  std::optional<Error> refused;
  try {
    co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
      BiometricOutcome o = d.activations.record_check(tx, req.agent(), id, match);
      return http::json_response(200, outcome_json(o, d.clock.now()));
    });
  } catch (const Error& e) {
    if (e.code() != Code::kLineLimitReached) throw;
    refused = e;
  }
  // FL-3 refused the line at the last step (another activation of the same
  // document won meanwhile): the activation ends here and gives its SIM and
  // number back, instead of holding them until its session expires. The
  // answer stays LINE_LIMIT_REACHED whatever happens here: an activation
  // ended meanwhile is left as it is, and one this cannot end expires.
  try {
    co_await store::write(d.db,
                          [&](store::Tx& tx) { d.activations.end_refused(tx, req.agent(), id); });
  } catch (const std::exception& e) {
    spdlog::warn("activation {} refused by the line limit was not ended: {}", id, e.what());
  }
  throw *refused;
}

awaitable<Response> close(RouteDeps d, Request& req) {
  Json body = req.body.empty() ? Json::object() : http::parse_body(req);
  http::only_fields(body, {});
  const std::string& id = req.param("id");
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    Activation a = d.activations.close(tx, req.agent(), id);
    auto v = d.activations.find(tx, req.agent(), id);
    return http::json_response(200, activation_json(a, d.clock.now(), v->attempts_left));
  });
}

// The days a report covers: `name` as YYYY-MM-DD, or `otherwise`.
std::chrono::year_month_day day_param(const Request& req, std::string_view name,
                                      std::chrono::year_month_day otherwise) {
  const std::string* text = req.query_param(name);
  if (!text) return otherwise;
  auto day = parse_iso_date(*text);
  if (!day) {
    throw Error(Code::kInvalidParameter, std::string(name) + " must be a date written YYYY-MM-DD",
                std::string(name));
  }
  return *day;
}

// FL-1's target measured for the supervisor (all leaders, or one) and for a
// leader (their own): by default the current month up to today; `to` alone
// reports its month up to that day.
awaitable<Response> report(RouteDeps d, Request& req) {
  http::parse_query(req, req.route->query);
  const BusinessCalendar& calendar = d.activations.calendar();
  auto today = calendar.local_date(d.clock.now());
  auto last = day_param(req, "to", today);
  auto first = day_param(req, "from", last.year() / last.month() / 1);
  if (first > last) {
    throw Error(Code::kInvalidParameter, "from must not be after to", "from");
  }
  if (std::chrono::sys_days{last} - std::chrono::sys_days{first} >= std::chrono::days{366}) {
    throw Error(Code::kInvalidParameter, "a report covers at most 366 days", "to");
  }
  std::optional<std::string> agent;
  if (const std::string* id = req.query_param("agentId")) agent = *id;
  const Actor& me = req.agent();
  if (!me.roles.intersects({Role::kAdmin, Role::kSupervisor})) {
    if (agent && *agent != me.agent_id) {
      throw Error(Code::kForbidden, "a leader's report covers their own activations", "agentId");
    }
    agent = me.agent_id;
  }
  auto r = co_await store::read(
      d.db, [&](store::Tx& tx) { return d.activations.report(tx, first, last, agent); });
  co_return http::json_response(200,
                                activation_report_json(r, first, last, calendar.time_zone()));
}

}  // namespace

void add_activation_routes(http::Router& router, const RouteDeps& d) {
  using http::Access;
  using http::Body;
  auto leaders = Access::roles_of({Role::kAdmin, Role::kLeader});
  std::string base = kActivationPath;
  router.add({"POST", base, leaders, http::bind<start>(d), Body::kJson});
  router.add({"GET", base + "/{id}", leaders, http::bind<get>(d)});
  router.add({"GET",
              base + "/report",
              Access::roles_of({Role::kAdmin, Role::kSupervisor, Role::kLeader}),
              http::bind<report>(d),
              Body::kNone,
              http::kJsonBodyLimit,
              {{"from", "to", "agentId"}, false}});
  router.add({"POST", base + "/{id}/biometric", leaders, http::bind<biometric>(d), Body::kJson});
  router.add({"POST", base + "/{id}/close", leaders, http::bind<close>(d), Body::kOptionalJson});
}

}  // namespace abonado::lines
