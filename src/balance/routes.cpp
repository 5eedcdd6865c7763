#include "balance/routes.hpp"

#include <algorithm>
#include <limits>

#include "balance/json.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "http/idempotency.hpp"
#include "http/json.hpp"
#include "http/target.hpp"
#include "http/tmf.hpp"
#include "store/async.hpp"

namespace abonado::balance {
namespace {

using boost::asio::awaitable;
using http::Json;
using http::Request;
using http::Response;

const Json* present(const Json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

// Refuses keys of `obj` (at `path`) outside `allowed`, naming "path.key".
void only_fields(const Json& obj, const std::string& path,
                 std::initializer_list<std::string_view> allowed) {
  for (const auto& [k, _] : obj.items()) {
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      throw Error(Code::kInvalidField, "unknown field '" + path + "." + k + "'", path + "." + k);
    }
  }
}

const Json& object_at(const Json& body, const char* key,
                      std::initializer_list<std::string_view> allowed) {
  const Json* v = present(body, key);
  if (!v) throw Error(Code::kMissingField, std::string("field '") + key + "' is required", key);
  if (!v->is_object()) {
    throw Error(Code::kInvalidField, std::string(key) + " must be an object", key);
  }
  only_fields(*v, key, allowed);
  return *v;
}

std::string string_at(const Json& obj, const char* key, const std::string& path, std::size_t max,
                      bool required) {
  return http::at_field(path, [&] {
    return required ? http::required_string(obj, key, max)
                    : http::optional_string(obj, key, max).value_or("");
  });
}

// `product`: {"id"} as API.md writes it, or TMF654's list of one ProductRef.
std::string product_of(const Json& body) {
  const Json* p = present(body, "product");
  if (!p) return "";
  if (p->is_array()) {
    if (p->size() != 1 || !(*p)[0].is_object()) {
      throw Error(Code::kInvalidField, "product must be {\"id\"} or a list of one", "product");
    }
    p = &(*p)[0];
  }
  if (!p->is_object()) throw Error(Code::kInvalidField, "product must be an object", "product");
  only_fields(*p, "product", {"id", "href", "name", "@referredType", "@type"});
  return string_at(*p, "id", "product.id", 64, true);
}

// amount {"amount": 10.5, "units": "PEN"}: the number read from its own text.
std::int64_t amount_of(const Request& req, const Json& body, const Currency& c) {
  const Json& a = object_at(body, "amount", {"amount", "units"});
  std::string units = string_at(a, "units", "amount.units", 8, true);
  if (units != c.code) {
    throw Error(Code::kCurrencyMismatch, "amount.units must be " + c.code + " (got " + units + ")",
                "amount.units");
  }
  const Json* v = present(a, "amount");
  if (!v) throw Error(Code::kMissingField, "field 'amount.amount' is required", "amount.amount");
  auto text = v->is_number() ? number_text(req.body, {"amount", "amount"}) : std::nullopt;
  if (!text) {
    throw Error(Code::kInvalidAmount, "amount.amount must be a number", "amount.amount");
  }
  auto parsed = parse_amount(*text, c.minor_digits);
  if (parsed.minor) return *parsed.minor;
  switch (*parsed.problem) {
    case AmountProblem::kTooPrecise:
      throw Error(Code::kInvalidAmount,
                  "amount.amount has more than " + std::to_string(c.minor_digits) +
                      " decimals: " + c.code + " has no smaller unit",
                  "amount.amount");
    case AmountProblem::kNotPositive:
      throw Error(Code::kInvalidAmount, "amount.amount must be positive", "amount.amount");
    case AmountProblem::kTooLarge:
      throw Error(Code::kInvalidAmount, "amount.amount is too large", "amount.amount");
    case AmountProblem::kNotANumber:
      break;
  }
  throw Error(Code::kInvalidAmount, "amount.amount must be a number", "amount.amount");
}

awaitable<Response> create_topup(RouteDeps d, Request& req) {
  const Currency& c = d.balance.rules().currency;
  Json body = http::parse_body(req);
  http::only_fields(body, {"product", "msisdn", "amount", "channel", "invoice", "isAutoTopup",
                           "recurringPeriod", "paymentMethod", "description", "@type"});
  // TMF654 fields Abonado does not keep; still only of their own type.
  http::optional_string(body, "description", 500);
  http::optional_string(body, "@type", 100);
  NewTopup n;
  n.product_id = product_of(body);
  n.msisdn = string_at(body, "msisdn", "msisdn", 40, false);
  n.currency = c.code;
  n.amount = amount_of(req, body, c);
  const Json& channel = object_at(body, "channel", {"name", "id", "@referredType", "@type"});
  n.channel = string_at(channel, "name", "channel.name", 40, true);
  n.topup_agent_id = string_at(channel, "id", "channel.id", 64, false);
  if (present(body, "invoice")) {
    const Json& i = object_at(body, "invoice", {"type", "taxId"});
    n.invoice_type = string_at(i, "type", "invoice.type", 40, true);
    n.tax_id = string_at(i, "taxId", "invoice.taxId", 40, false);
  }
  if (present(body, "paymentMethod")) {
    const Json& pm = object_at(body, "paymentMethod", {"id", "name", "@referredType", "@type"});
    n.payment_ref = string_at(pm, "id", "paymentMethod.id", 200, true);
  }
  bool is_auto = http::optional_bool(body, "isAutoTopup").value_or(false);
  auto period = http::optional_string(body, "recurringPeriod", 40);
  if (is_auto && !period) {
    throw Error(Code::kMissingField, "isAutoTopup needs a recurringPeriod", "recurringPeriod");
  }
  if (!is_auto && period) {
    throw Error(Code::kInvalidField, "recurringPeriod is only for isAutoTopup: true",
                "recurringPeriod");
  }
  n.recurring_period = period;
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    auto r = d.balance.topup(tx, req.agent(), n);
    Response res;
    res.status = 201;
    res.body = topup_text(r.topup, c, is_auto, period, r.schedule ? &*r.schedule : nullptr);
    return res.with_header("Location", std::string(kTopupPath) + "/" + r.topup.id);
  });
}

awaitable<Response> get_topup(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto t = co_await store::read(d.db, [&](store::Tx& tx) { return d.balance.find_topup(tx, id); });
  if (!t) throw Error(Code::kNotFound, "no top-up with id " + id, "id");
  Response res;
  res.body = topup_text(*t, d.balance.rules().currency, false, std::nullopt);
  co_return res;
}

const std::string& required_filter(const http::ListQuery& q, const char* name) {
  const std::string* v = q.filter(name);
  if (!v || v->empty()) {
    throw Error(Code::kMissingField, std::string("query parameter '") + name + "' is required",
                name);
  }
  return *v;
}

awaitable<Response> list_topups(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  const std::string& product = required_filter(q, "product.id");
  auto [items, total] = co_await store::read(
      d.db, [&](store::Tx& tx) { return d.balance.topups(tx, product, q.offset, q.limit); });
  Json out = Json::array();
  for (const auto& t : items) {
    out.push_back(topup_json(t, d.balance.rules().currency, false, std::nullopt));
  }
  co_return http::list_response(q, std::move(out), total);
}

// ?status=active: only the main balance and what can still be used, expiring first (a line
// that has bought plans for years has many spent buckets); without it, every bucket.
awaitable<Response> list_buckets(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  const std::string& product = required_filter(q, "product.id");
  const std::string* status = q.filter("status");
  if (status && *status != "active") {
    throw Error(Code::kInvalidParameter, "status may only be 'active'", "status");
  }
  auto [items, total] = co_await store::read(d.db, [&](store::Tx& tx) {
    return status ? d.balance.live_buckets(tx, product, q.offset, q.limit)
                  : d.balance.buckets(tx, product, q.offset, q.limit);
  });
  auto now = d.clock.now();
  Json out = Json::array();
  for (const auto& b : items) out.push_back(bucket_json(b, d.balance.rules().currency, now));
  co_return http::list_response(q, std::move(out), total);
}

awaitable<Response> get_bucket(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto b = co_await store::read(d.db, [&](store::Tx& tx) { return d.balance.find_bucket(tx, id); });
  if (!b) throw Error(Code::kNotFound, "no bucket with id " + id, "id");
  co_return http::json_response(200, bucket_json(*b, d.balance.rules().currency, d.clock.now()));
}

Json purchase_response(const RouteDeps& d, const PurchaseResult& r) {
  return purchase_json(r.purchase, r.main, r.granted, d.balance.rules().currency, d.clock.now());
}

awaitable<Response> create_purchase(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"productId", "msisdn", "offeringId", "channel"});
  NewPurchase n;
  n.product_id = http::optional_string(body, "productId", 64).value_or("");
  n.msisdn = http::optional_string(body, "msisdn", 40).value_or("");
  n.offering_id = http::optional_string(body, "offeringId", 64).value_or("");
  n.channel = http::optional_string(body, "channel", 40).value_or("");
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    auto r = d.balance.purchase(tx, req.agent(), n);
    return http::json_response(201, purchase_response(d, r))
        .with_header("Location", std::string(kPurchasePath) + "/" + r.purchase.id);
  });
}

awaitable<Response> get_purchase(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto r =
      co_await store::read(d.db, [&](store::Tx& tx) { return d.balance.find_purchase(tx, id); });
  if (!r) throw Error(Code::kNotFound, "no purchase with id " + id, "id");
  co_return http::json_response(200, purchase_response(d, *r));
}

// FL-13: a usage record of the network's mediation, rated and charged at once.
awaitable<Response> create_usage(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"product", "msisdn", "usageType", "usageDate", "quantity", "onNet",
                           "description", "@type"});
  NewUsage n;
  n.product_id = product_of(body);
  n.msisdn = string_at(body, "msisdn", "msisdn", 40, false);
  n.usage_type = string_at(body, "usageType", "usageType", 16, true);
  const Json& q = object_at(body, "quantity", {"amount", "units"});
  n.units = string_at(q, "units", "quantity.units", 16, true);
  const Json* amount = present(q, "amount");
  if (!amount) {
    throw Error(Code::kMissingField, "field 'quantity.amount' is required", "quantity.amount");
  }
  // Range is the service's to say; here only what fits the integer it is read into.
  if (!amount->is_number_integer() ||
      (amount->is_number_unsigned() &&
       amount->get<std::uint64_t>() >
           static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))) {
    throw Error(Code::kInvalidField, "quantity.amount must be a whole number of " + n.units,
                "quantity.amount");
  }
  n.quantity = amount->get<std::int64_t>();
  if (const Json* on_net = present(body, "onNet")) {
    if (!on_net->is_boolean())
      throw Error(Code::kInvalidField, "onNet must be true or false", "onNet");
    n.on_net = on_net->get<bool>();
  }
  if (present(body, "usageDate")) {
    std::string text = string_at(body, "usageDate", "usageDate", 40, true);
    n.usage_date = parse_iso(text);
    if (!n.usage_date) {
      throw Error(Code::kInvalidDate, "usageDate must be an ISO 8601 date-time", "usageDate");
    }
  }
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    Usage u = d.balance.charge_usage(tx, req.agent(), n);
    return http::json_response(201, usage_json(u, d.balance.rules().currency))
        .with_header("Location", std::string(kUsagePath) + "/" + u.id);
  });
}

awaitable<Response> list_usages(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  const std::string& product = required_filter(q, "product.id");
  auto [items, total] = co_await store::read(
      d.db, [&](store::Tx& tx) { return d.balance.usages(tx, product, q.offset, q.limit); });
  Json out = Json::array();
  for (const auto& u : items) out.push_back(usage_json(u, d.balance.rules().currency));
  co_return http::list_response(q, std::move(out), total);
}

awaitable<Response> get_usage(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto u = co_await store::read(d.db, [&](store::Tx& tx) { return d.balance.find_usage(tx, id); });
  if (!u) throw Error(Code::kNotFound, "no usage with id " + id, "id");
  co_return http::json_response(200, usage_json(*u, d.balance.rules().currency));
}

awaitable<Response> list_auto_topups(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  const std::string& product = required_filter(q, "productId");
  auto items =
      co_await store::read(d.db, [&](store::Tx& tx) { return d.balance.auto_topups(tx, product); });
  Json out = Json::array();
  auto total = static_cast<std::int64_t>(items.size());
  for (std::int64_t i = q.offset; i < total && i < q.offset + q.limit; ++i) {
    out.push_back(auto_topup_json(items[static_cast<std::size_t>(i)], d.balance.rules().currency));
  }
  co_return http::list_response(q, std::move(out), total);
}

awaitable<Response> get_auto_topup(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto a =
      co_await store::read(d.db, [&](store::Tx& tx) { return d.balance.find_auto_topup(tx, id); });
  if (!a) throw Error(Code::kNotFound, "no scheduled top-up with id " + id, "id");
  co_return http::json_response(200, auto_topup_json(*a, d.balance.rules().currency));
}

awaitable<Response> cancel_auto_topup(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto a = co_await store::write(
      d.db, [&](store::Tx& tx) { return d.balance.cancel_auto_topup(tx, req.agent(), id); });
  co_return http::json_response(200, auto_topup_json(a, d.balance.rules().currency));
}

awaitable<Response> list_agents(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  std::optional<std::string> district;
  if (auto* v = q.filter("district")) district = *v;
  auto [items, total] = co_await store::read(
      d.db, [&](store::Tx& tx) { return d.balance.agents(tx, district, q.offset, q.limit); });
  Json out = Json::array();
  for (const auto& a : items) out.push_back(agent_json(a));
  co_return http::list_response(q, std::move(out), total);
}

// Any status: the href of a top-up made at a shop that has since closed
// still answers, with status inactive.
awaitable<Response> get_agent(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto a = co_await store::read(d.db, [&](store::Tx& tx) { return d.balance.find_agent(tx, id); });
  if (!a) throw Error(Code::kNotFound, "no top-up agent with id " + id, "id");
  co_return http::json_response(200, agent_json(*a));
}

awaitable<Response> create_agent(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"name", "brand", "address", "district"});
  NewTopupAgent n;
  n.name = http::optional_string(body, "name", 400).value_or("");
  n.brand = http::optional_string(body, "brand", 400).value_or("");
  n.address = http::optional_string(body, "address", 400).value_or("");
  n.district = http::optional_string(body, "district", 400).value_or("");
  auto a = co_await store::write(
      d.db, [&](store::Tx& tx) { return d.balance.add_agent(tx, req.agent(), n); });
  co_return http::json_response(201, agent_json(a))
      .with_header("Location", std::string(kTopupAgentPath) + "/" + a.id);
}

awaitable<Response> patch_agent(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"status"});
  std::string status = http::required_string(body, "status", 20);
  const std::string& id = req.param("id");
  auto a = co_await store::write(
      d.db, [&](store::Tx& tx) { return d.balance.set_agent_status(tx, req.agent(), id, status); });
  co_return http::json_response(200, agent_json(a));
}

awaitable<Response> new_gateway_key(RouteDeps d, Request& req) {
  auto key = co_await store::write(
      d.db, [&](store::Tx& tx) { return d.balance.new_gateway_key(tx, req.agent()); });
  co_return http::json_response(201, {{"key", key}, {"header", "X-Ussd-Gateway-Key"}});
}

// --- USSD ---

// application/x-www-form-urlencoded pairs; false on a bad escape.
bool parse_form(const std::string& body, std::vector<std::pair<std::string, std::string>>& out) {
  std::size_t at = 0;
  while (at <= body.size()) {
    auto amp = body.find('&', at);
    std::string_view part(body.data() + at, (amp == std::string::npos ? body.size() : amp) - at);
    if (!part.empty()) {
      auto eq = part.find('=');
      std::string key, value;
      if (!http::url_decode(part.substr(0, eq), key, true)) return false;
      if (eq != std::string_view::npos && !http::url_decode(part.substr(eq + 1), value, true)) {
        return false;
      }
      out.emplace_back(std::move(key), std::move(value));
    }
    if (amp == std::string::npos) break;
    at = amp + 1;
  }
  return true;
}

// The gateway's fields, form or JSON; nullopt when malformed.
std::optional<UssdRequest> ussd_request(const Request& req) {
  constexpr std::size_t kMax = 200;
  UssdRequest u;
  std::string* fields[] = {&u.session_id, &u.service_code, &u.phone_number, &u.text};
  const char* names[] = {"sessionId", "serviceCode", "phoneNumber", "text"};
  const std::string* type = req.header("content-type");
  if (type && type->find("json") != std::string::npos) {
    Json body = Json::parse(req.body, nullptr, false);
    if (!body.is_object()) return std::nullopt;
    for (std::size_t i = 0; i < 4; ++i) {
      auto it = body.find(names[i]);
      if (it == body.end() || it->is_null()) continue;
      if (!it->is_string()) return std::nullopt;
      *fields[i] = it->get<std::string>();
    }
  } else {
    std::vector<std::pair<std::string, std::string>> pairs;
    if (!parse_form(req.body, pairs)) return std::nullopt;
    for (auto& [k, v] : pairs) {
      for (std::size_t i = 0; i < 4; ++i) {
        if (k == names[i]) *fields[i] = std::move(v);
      }
    }
  }
  for (auto* f : fields) {
    if (f->size() > kMax || f->find('\0') != std::string::npos) return std::nullopt;
  }
  if (u.session_id.empty() || u.phone_number.empty()) return std::nullopt;
  return u;
}

Response ussd_text(std::string reply) { return Response::text(200, std::move(reply)); }

awaitable<Response> ussd(RouteDeps d, Request& req) {
  const std::string* key = req.header("x-ussd-gateway-key");
  bool known = key && co_await store::read(d.db, [&](store::Tx& tx) {
                 return d.balance.gateway_key_valid(tx, *key);
               });
  if (!known) throw Error(Code::kUnauthorized, "a valid X-Ussd-Gateway-Key is required");
  auto u = ussd_request(req);
  if (!u) co_return ussd_text(d.ussd.malformed());
  auto step = co_await store::read(d.db, [&](store::Tx& tx) { return d.ussd.step(tx, *u); });
  if (!step.purchase) co_return ussd_text(std::move(step.reply));
  std::optional<Error> refused;
  try {
    co_await store::write(d.db, [&](store::Tx& tx) {
      d.balance.purchase(tx, Actor::system("ussd"), *step.purchase);
    });
  } catch (const Error& e) {
    refused = e;
  } catch (const store::UniqueViolation&) {
    // The same step of the session, sent twice at once: the other one bought it.
  }
  if (refused) {
    // The same step sent again while the first was still buying (PostgreSQL) fails on the
    // balance the first one spent: the subscriber did buy it.
    bool bought = co_await store::read(d.db, [&](store::Tx& tx) {
      return d.balance.purchased_with_key(tx, step.purchase->request_key);
    });
    if (!bought) co_return ussd_text(d.ussd.purchase_failed(*refused));
  }
  co_return ussd_text(std::move(step.reply));
}

}  // namespace

void add_routes(http::Router& router, RouteDeps d) {
  using http::Access;
  using http::Body;
  // Who may move money: the call center, brand leaders topping up their
  // customers (FL-10), post-sales, and their supervisors.
  auto money = Access::roles_of(
      {Role::kAdmin, Role::kSupervisor, Role::kOperator, Role::kLeader, Role::kPostsales});
  auto agents = Access::any_agent();
  auto managers = Access::roles_of({Role::kAdmin, Role::kSupervisor});
  auto list = [](std::vector<std::string> params) {
    return http::QuerySpec{std::move(params), true};
  };

  // Money POSTs that only parse before http::commit(), which finds a retry's
  // stored answer inside its write job.
  auto replay_in_job = [](http::Route r) {
    r.replay = http::Replay::kInWriteJob;
    return r;
  };

  std::string buckets = kBucketPath, topups = kTopupPath, purchases = kPurchasePath,
              autos = kAutoTopupPath, shops = kTopupAgentPath;
  router.add({"GET", buckets, agents, http::bind<list_buckets>(d), Body::kNone,
              http::kJsonBodyLimit, list({"product.id", "status"})});
  router.add({"GET", buckets + "/{id}", agents, http::bind<get_bucket>(d)});
  router.add(replay_in_job({"POST", topups, money, http::bind<create_topup>(d), Body::kJson}));
  router.add({"GET", topups, agents, http::bind<list_topups>(d), Body::kNone, http::kJsonBodyLimit,
              list({"product.id"})});
  router.add({"GET", topups + "/{id}", agents, http::bind<get_topup>(d)});
  router.add(
      replay_in_job({"POST", purchases, money, http::bind<create_purchase>(d), Body::kJson}));
  router.add({"GET", purchases + "/{id}", agents, http::bind<get_purchase>(d)});
  // FL-13: the network's mediation reports usage (an admin credential until it has
  // one of its own); agents read a line's usage detail.
  std::string usage = kUsagePath;
  router.add(replay_in_job(
      {"POST", usage, Access::roles_of({Role::kAdmin}), http::bind<create_usage>(d), Body::kJson}));
  router.add({"GET", usage, agents, http::bind<list_usages>(d), Body::kNone, http::kJsonBodyLimit,
              list({"product.id"})});
  router.add({"GET", usage + "/{id}", agents, http::bind<get_usage>(d)});
  router.add({"GET", autos, agents, http::bind<list_auto_topups>(d), Body::kNone,
              http::kJsonBodyLimit, list({"productId"})});
  router.add({"GET", autos + "/{id}", agents, http::bind<get_auto_topup>(d)});
  router.add({"POST", autos + "/{id}/cancel", money, http::bind<cancel_auto_topup>(d)});
  // FL-12: the web lists the agents to everyone.
  router.add({"GET", shops, Access::public_route(), http::bind<list_agents>(d), Body::kNone,
              http::kJsonBodyLimit, list({"district"})});
  router.add({"GET", shops + "/{id}", Access::public_route(), http::bind<get_agent>(d)});
  router.add({"POST", shops, managers, http::bind<create_agent>(d), Body::kJson});
  router.add({"PATCH", shops + "/{id}", Access::roles_of({Role::kAdmin}),
              http::bind<patch_agent>(d), Body::kJson});
  router.add({"POST", "/api/v1/ussd/gatewayKey", Access::roles_of({Role::kAdmin}),
              http::bind<new_gateway_key>(d)});
  // Authenticated by the gateway key in the handler (see routes.hpp).
  router.add(
      {"POST", "/api/v1/ussd", Access::public_route(), http::bind<ussd>(d), Body::kAny, 16 * 1024});
}

}  // namespace abonado::balance
