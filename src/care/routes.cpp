#include "care/routes.hpp"

#include <algorithm>

#include "care/json.hpp"
#include "core/error.hpp"
#include "http/idempotency.hpp"
#include "http/json.hpp"
#include "http/tmf.hpp"
#include "store/async.hpp"

namespace abonado::care {
namespace {

using boost::asio::awaitable;
using http::Json;
using http::Request;
using http::Response;

// Texts are checked to their exact limits by the service; this only bounds
// what a request may make us copy.
constexpr std::size_t kTextCap = 8000;

std::string text(const Json& obj, const char* key) {
  return http::optional_string(obj, key, kTextCap).value_or("");
}

std::optional<TimePoint> time_at(const Json& obj, const char* key, const std::string& path) {
  auto value = http::at_field(path, [&] { return http::optional_string(obj, key, 64); });
  if (!value) return std::nullopt;
  auto t = parse_iso(*value);
  if (!t) {
    throw Error(Code::kInvalidDate, path + " must be an ISO 8601 date-time with a time zone", path);
  }
  return t;
}

const Json* present(const Json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

// `channel`: a name ("phone"), or TMF683's list of one RelatedChannel.
std::string channel_of(const Json& body) {
  const Json* c = present(body, "channel");
  if (!c) return "";
  if (c->is_string()) return text(body, "channel");
  if (c->is_array() && c->size() == 1 && (*c)[0].is_object()) {
    return http::at_field("channel[0].name", [&] { return text((*c)[0], "name"); });
  }
  throw Error(Code::kInvalidField, "channel must be a name or a list of one {\"name\": ...}",
              "channel");
}

// `interactionDate`: a date-time, or TMF683's TimePeriod.
void interaction_date(const Json& body, NewInteraction& n) {
  const Json* d = present(body, "interactionDate");
  if (!d) return;
  if (d->is_string()) {
    n.start = time_at(body, "interactionDate", "interactionDate");
  } else if (d->is_object()) {
    n.start = time_at(*d, "startDateTime", "interactionDate.startDateTime");
    n.end = time_at(*d, "endDateTime", "interactionDate.endDateTime");
  } else {
    throw Error(Code::kInvalidDate,
                "interactionDate must be a date-time or {startDateTime, endDateTime}",
                "interactionDate");
  }
}

// relatedParty[0] is the customer; further entries may only repeat the
// agent (as GET returns it), who is the authenticated one anyway.
std::string customer_party(const Json& body) {
  const Json* related = present(body, "relatedParty");
  if (!related || (related->is_array() && related->empty())) {
    throw Error(Code::kMissingField, "relatedParty needs the customer's party", "relatedParty");
  }
  if (!related->is_array() || related->size() > 2) {
    throw Error(Code::kInvalidField, "relatedParty must be a list of the customer's party",
                "relatedParty");
  }
  for (std::size_t i = 0; i < related->size(); ++i) {
    std::string path = "relatedParty[" + std::to_string(i) + "]";
    const Json& p = (*related)[i];
    if (!p.is_object()) throw Error(Code::kInvalidField, path + " must be an object", path);
    std::string role = http::at_field(path + ".role", [&] { return text(p, "role"); });
    std::string want = i == 0 ? "customer" : "agent";
    if (!(role == want || (i == 0 && role.empty()))) {
      throw Error(Code::kInvalidField, path + ".role must be " + want, path + ".role");
    }
  }
  return http::at_field("relatedParty[0].id",
                  [&] { return http::required_string((*related)[0], "id", 64); });
}

// The product: `product: {id}`, or TMF683's interactionItem[0].item.id.
std::string product_of(const Json& body) {
  const Json* product = present(body, "product");
  const Json* items = present(body, "interactionItem");
  if (product && items) {
    throw Error(Code::kInvalidField, "give product or interactionItem, not both", "product");
  }
  if (product) {
    if (!product->is_object()) {
      throw Error(Code::kInvalidField, "product must be an object", "product");
    }
    return http::at_field("product.id", [&] { return http::required_string(*product, "id", 64); });
  }
  if (!items) return "";
  if (!items->is_array() || items->size() > 1) {
    throw Error(Code::kInvalidField, "interactionItem must be a list of at most one item",
                "interactionItem");
  }
  if (items->empty()) return "";
  const Json* item = (*items)[0].is_object() ? present((*items)[0], "item") : nullptr;
  if (!item || !item->is_object()) {
    throw Error(Code::kMissingField, "interactionItem[0].item must be an object",
                "interactionItem[0].item");
  }
  return http::at_field("interactionItem[0].item.id",
                  [&] { return http::required_string(*item, "id", 64); });
}

awaitable<Response> create_interaction(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(
      body, {"interactionDate", "channel", "direction", "reason", "outcome", "description",
             "status", "relatedParty", "interactionItem", "product", "serviceLine", "@type"});
  NewInteraction n;
  n.party_id = customer_party(body);
  n.channel = channel_of(body);
  n.direction = text(body, "direction");
  n.reason = text(body, "reason");
  n.outcome = text(body, "outcome");
  n.description = text(body, "description");
  n.product_id = product_of(body);
  n.service_line = text(body, "serviceLine");
  if (auto status = http::optional_string(body, "status", 40)) n.status = *status;
  interaction_date(body, n);
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    Interaction i = d.interactions.record(tx, req.agent(), n);
    return http::json_response(201, interaction_json(i))
        .with_header("Location", std::string(kInteractionPath) + "/" + i.id);
  });
}

awaitable<Response> get_interaction(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto i = co_await store::read(d.db, [&](store::Tx& tx) { return d.interactions.find(tx, id); });
  if (!i) throw Error(Code::kNotFound, "no party interaction with id " + id, "id");
  co_return http::json_response(200, interaction_json(*i));
}

template <std::size_t N>
std::optional<std::string> filter_in(const http::ListQuery& q, const char* name,
                                     const std::array<std::string_view, N>& allowed) {
  const std::string* v = q.filter(name);
  if (!v) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *v) == allowed.end()) {
    throw Error(Code::kInvalidParameter,
                std::string("query parameter '") + name + "' has an unknown value", name);
  }
  return *v;
}

awaitable<Response> list_interactions(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  InteractionFilter f;
  if (auto* v = q.filter("relatedParty.id")) f.party_id = *v;
  f.channel = filter_in(q, "channel", kChannels);
  f.direction = filter_in(q, "direction", kDirections);
  f.offset = q.offset;
  f.limit = q.limit;
  auto [items, total] =
      co_await store::read(d.db, [&](store::Tx& tx) { return d.interactions.list(tx, f); });
  Json out = Json::array();
  for (const auto& i : items) out.push_back(interaction_json(i));
  co_return http::list_response(q, std::move(out), total);
}

awaitable<Response> create_note(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body,
                    {"partyId", "productId", "type", "validFrom", "validTo", "campaign", "text"});
  NewNote n;
  n.party_id = http::optional_string(body, "partyId", 64).value_or("");
  n.product_id = http::optional_string(body, "productId", 64).value_or("");
  if (auto type = http::optional_string(body, "type", 40)) n.type = *type;
  n.valid_from = time_at(body, "validFrom", "validFrom");
  n.valid_to = time_at(body, "validTo", "validTo");
  n.campaign = text(body, "campaign");
  n.text = text(body, "text");
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    Note note = d.notes.add(tx, req.agent(), n);
    return http::json_response(201, note_json(note, d.clock.now()))
        .with_header("Location", std::string(kNotePath) + "/" + note.id);
  });
}

awaitable<Response> get_note(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto n = co_await store::read(d.db, [&](store::Tx& tx) { return d.notes.find(tx, id); });
  if (!n) throw Error(Code::kNotFound, "no note with id " + id, "id");
  co_return http::json_response(200, note_json(*n, d.clock.now()));
}

awaitable<Response> list_notes(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  NoteFilter f;
  if (auto* v = q.filter("partyId")) f.party_id = *v;
  if (auto* v = q.filter("productId")) f.product_id = *v;
  if (auto* v = q.filter("includeExpired")) {
    if (*v != "true" && *v != "false") {
      throw Error(Code::kInvalidParameter, "includeExpired must be true or false",
                  "includeExpired");
    }
    f.include_expired = *v == "true";
  }
  f.offset = q.offset;
  f.limit = q.limit;
  auto [items, total] =
      co_await store::read(d.db, [&](store::Tx& tx) { return d.notes.list(tx, f); });
  auto now = d.clock.now();
  Json out = Json::array();
  for (const auto& n : items) out.push_back(note_json(n, now));
  co_return http::list_response(q, std::move(out), total);
}

awaitable<Response> end_note(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"validTo"});
  if (!present(body, "validTo")) {
    throw Error(Code::kMissingField, "field 'validTo' is required: notes can only be ended",
                "validTo");
  }
  TimePoint valid_to = *time_at(body, "validTo", "validTo");
  const std::string& id = req.param("id");
  auto n = co_await store::write(
      d.db, [&](store::Tx& tx) { return d.notes.end(tx, req.agent(), id, valid_to); });
  co_return http::json_response(200, note_json(n, d.clock.now()));
}

// Where an item's `ref` points, by its @referredType.
std::string href_of(const TimelineItem& item) {
  static const std::pair<std::string_view, std::string_view> kPaths[] = {
      {"PartyInteraction", kInteractionPath},
      {"Note", kNotePath},
      {"Customer", "/tmf-api/customerManagement/v4/customer"},
      {"BillingAccount", "/tmf-api/accountManagement/v4/billingAccount"},
      {"Individual", "/tmf-api/party/v4/individual"},
      {"Organization", "/tmf-api/party/v4/organization"},
      {"CommunicationMessage", "/tmf-api/communicationManagement/v4/communicationMessage"},
  };
  for (const auto& [type, path] : kPaths) {
    if (type == item.ref_type) return std::string(path) + "/" + item.ref_id;
  }
  return "";
}

Json timeline_item_json(const TimelineItem& item) {
  Json ref = {{"id", item.ref_id}, {"@referredType", item.ref_type}};
  if (auto href = href_of(item); !href.empty()) ref["href"] = href;
  return {{"kind", item.kind},       {"at", format_iso(item.at)},           {"title", item.title},
          {"summary", item.summary}, {"actor", {{"username", item.actor}}}, {"ref", ref}};
}

awaitable<Response> timeline(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  TimelineQuery tq;
  if (auto* v = q.filter("kind")) tq.kind = *v;
  tq.offset = q.offset;
  tq.limit = q.limit;
  const std::string& id = req.param("id");
  auto page =
      co_await store::read(d.db, [&](store::Tx& tx) { return d.timeline.page(tx, id, tq); });
  Json out = Json::array();
  for (const auto& item : page.items) out.push_back(timeline_item_json(item));
  co_return http::list_response(q, std::move(out), page.total);
}

}  // namespace

void add_routes(http::Router& router, RouteDeps d) {
  using http::Access;
  using http::Body;
  // Every agent records and reads contacts and notes: each desk has its own.
  auto agents = Access::any_agent();
  std::string pi = kInteractionPath, notes = kNotePath;
  router.add({"POST", pi, agents, http::bind<create_interaction>(d), Body::kJson});
  router.add({"GET",
              pi,
              agents,
              http::bind<list_interactions>(d),
              Body::kNone,
              http::kJsonBodyLimit,
              {{"relatedParty.id", "channel", "direction"}, true}});
  router.add({"GET", pi + "/{id}", agents, http::bind<get_interaction>(d)});
  router.add({"POST", notes, agents, http::bind<create_note>(d), Body::kJson});
  router.add({"GET",
              notes,
              agents,
              http::bind<list_notes>(d),
              Body::kNone,
              http::kJsonBodyLimit,
              {{"partyId", "productId", "includeExpired"}, true}});
  router.add({"GET", notes + "/{id}", agents, http::bind<get_note>(d)});
  router.add({"PATCH", notes + "/{id}", agents, http::bind<end_note>(d), Body::kJson});
  router.add({"GET",
              "/api/v1/customers/{id}/timeline",
              agents,
              http::bind<timeline>(d),
              Body::kNone,
              http::kJsonBodyLimit,
              {{"kind"}, true}});
}

}  // namespace abonado::care
