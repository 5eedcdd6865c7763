#include "notify/routes.hpp"

#include "core/error.hpp"
#include "http/idempotency.hpp"
#include "http/json.hpp"
#include "http/tmf.hpp"
#include "store/async.hpp"

namespace abonado::notify {
namespace {

using boost::asio::awaitable;
using http::Json;
using http::Request;
using http::Response;

const RoleSet kReaders{Role::kAdmin,      Role::kSupervisor, Role::kOperator,
                       Role::kBackoffice, Role::kRetention,  Role::kPostsales};
const RoleSet kSenders{Role::kAdmin, Role::kSupervisor, Role::kOperator, Role::kPostsales};

std::string href(const std::string& id) { return std::string(kMessagePath) + "/" + id; }

Json message_json(const Message& m) {
  Json receiver = {{"@type", "Receiver"}};
  if (m.party_id) receiver["id"] = *m.party_id;
  receiver[m.channel == Channel::kSms ? "phoneNumber" : "email"] = m.recipient;
  Json j = {{"id", m.id},
            {"href", href(m.id)},
            {"@type", "CommunicationMessage"},
            {"messageType", message_type(m.channel)},
            {"state", state_name(m.state)},
            {"content", m.text},
            {"receiver", Json::array({receiver})},
            {"secret", m.secret},
            {"attempts", m.attempts},
            {"creationDate", format_iso(m.created_at)},
            {"lastUpdate", format_iso(m.updated_at)}};
  if (m.subject) j["subject"] = *m.subject;
  if (m.party_id) {
    j["relatedParty"] = Json::array({{{"id", *m.party_id}, {"@referredType", "Party"}}});
  }
  if (m.template_name) j["template"] = *m.template_name;
  if (m.language) j["language"] = *m.language;
  if (m.state == MessageState::kInitial && m.next_attempt_at) {
    j["scheduledSendTime"] = format_iso(*m.next_attempt_at);
  }
  if (m.sent_at) j["sendTime"] = format_iso(*m.sent_at);
  if (m.delivered_at) {
    j["sendTimeComplete"] = format_iso(*m.delivered_at);
  } else if (m.state == MessageState::kCompleted && m.sent_at) {
    j["sendTimeComplete"] = format_iso(*m.sent_at);
  }
  if (m.last_error) j["lastError"] = *m.last_error;
  if (m.external_ref) j["gatewayReference"] = *m.external_ref;
  return j;
}

// The one receiver of a POST and its address for `channel`.
std::pair<std::string, std::optional<std::string>> parse_receiver(const Json& body,
                                                                  Channel channel) {
  auto it = body.find("receiver");
  if (it == body.end() || it->is_null()) {
    throw Error(Code::kMissingField, "field 'receiver' is required", "receiver");
  }
  if (!it->is_array() || it->size() != 1 || !(*it)[0].is_object()) {
    throw Error(Code::kInvalidField, "field 'receiver' must be a list of exactly one receiver",
                "receiver");
  }
  const Json& r = (*it)[0];
  http::only_fields(r, {"id", "name", "phoneNumber", "email", "@type"});
  const char* key = channel == Channel::kSms ? "phoneNumber" : "email";
  const char* other = channel == Channel::kSms ? "email" : "phoneNumber";
  std::string field = std::string("receiver.") + key;
  if (r.contains(other)) {
    throw Error(Code::kInvalidField,
                "an " + std::string(channel == Channel::kSms ? "SMS" : "email") +
                    " goes to receiver." + key + ", not receiver." + other,
                std::string("receiver.") + other);
  }
  auto v = r.find(key);
  if (v == r.end() || v->is_null()) {
    throw Error(Code::kMissingField, "field '" + field + "' is required", field);
  }
  if (!v->is_string()) throw Error(Code::kInvalidField, field + " must be a string", field);
  std::string address = v->get<std::string>();
  check_recipient(channel, address, field);
  std::optional<std::string> party = http::optional_string(r, "id", 64);
  return {address, party};
}

std::optional<std::string> related_party(const Json& body) {
  auto it = body.find("relatedParty");
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_array() || it->size() != 1 || !(*it)[0].is_object()) {
    throw Error(Code::kInvalidField, "field 'relatedParty' must be a list of one party",
                "relatedParty");
  }
  const Json& p = (*it)[0];
  http::only_fields(p, {"id", "name", "role", "@referredType", "@type", "href"});
  auto id = p.find("id");
  if (id == p.end() || !id->is_string() || id->get_ref<const std::string&>().empty()) {
    throw Error(Code::kMissingField, "field 'relatedParty.id' is required", "relatedParty.id");
  }
  return id->get<std::string>();
}

awaitable<Response> create_message(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"messageType", "content", "subject", "receiver", "relatedParty",
                           "description", "@type"});
  auto type = http::required_string(body, "messageType", 16);
  auto channel = parse_message_type(type);
  if (!channel) {
    throw Error(Code::kInvalidField, "messageType must be 'SMS' or 'email'", "messageType");
  }
  NewMessage n;
  n.channel = *channel;
  n.text = http::required_string(body, "content", kMaxEmailText);
  n.subject = http::optional_string(body, "subject", kMaxSubject).value_or("");
  auto [address, receiver_party] = parse_receiver(body, *channel);
  n.recipient = address;
  auto party = related_party(body);
  if (party && receiver_party && *party != *receiver_party) {
    throw Error(Code::kInvalidField, "receiver.id and relatedParty.id name different parties",
                "relatedParty.id");
  }
  n.party_id = party ? party : receiver_party;
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    std::string id = d.outbox.enqueue(tx, req.agent(), n);
    auto m = d.outbox.find(tx, id);
    if (!m) throw std::logic_error("an enqueued message is not there");
    return http::json_response(201, message_json(*m)).with_header("Location", href(id));
  });
}

awaitable<Response> get_message(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto m = co_await store::read(d.db, [&](store::Tx& tx) { return d.outbox.find(tx, id); });
  if (!m) throw Error(Code::kNotFound, "no communicationMessage with id " + id, "id");
  co_return http::json_response(200, message_json(*m));
}

awaitable<Response> list_messages(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  MessageFilter f;
  if (auto* s = q.filter("state")) {
    f.state = parse_state(*s);
    if (!f.state) {
      throw Error(Code::kInvalidParameter,
                  "state must be one of initial, inProgress, completed, failed", "state");
    }
  }
  if (auto* t = q.filter("messageType")) {
    f.channel = parse_message_type(*t);
    if (!f.channel) {
      throw Error(Code::kInvalidParameter, "messageType must be 'SMS' or 'email'", "messageType");
    }
  }
  const std::string* receiver = q.filter("receiver.id");
  const std::string* related = q.filter("relatedParty.id");
  if (receiver && related && *receiver != *related) {
    co_return http::list_response(q, Json::array(), 0);  // one party cannot be two
  }
  if (receiver) f.party_id = *receiver;
  if (related) f.party_id = *related;
  f.offset = q.offset;
  f.limit = q.limit;
  auto [messages, total] =
      co_await store::read(d.db, [&](store::Tx& tx) { return d.outbox.list(tx, f); });
  Json items = Json::array();
  for (const auto& m : messages) items.push_back(message_json(m));
  co_return http::list_response(q, std::move(items), total);
}

// Kannel calls this for each delivery report. Public: the per-attempt token is the check.
awaitable<Response> delivery_report(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  auto required = [&](const char* name) {
    const std::string* v = q.filter(name);
    if (!v || v->empty()) {
      throw Error(Code::kInvalidParameter,
                  std::string("query parameter '") + name + "' is required", name);
    }
    return *v;
  };
  std::string id = required("id");
  std::string token = required("token");
  std::string status_text = required("status");
  int status = 0;
  bool digits = status_text.size() <= 4 && std::all_of(status_text.begin(), status_text.end(),
                                                       [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    throw Error(Code::kInvalidParameter, "status must be Kannel's report type (a number)",
                "status");
  }
  status = std::stoi(status_text);
  std::optional<std::string> ref;
  if (const std::string* r = q.filter("ref")) ref = *r;
  Actor kannel{{}, "kannel", req.request_id, {}};
  bool known = co_await store::write(d.db, [&](store::Tx& tx) {
    return d.outbox.delivery_report(tx, kannel, id, token, status, ref, d.clock.now());
  });
  if (!known) throw Error(Code::kNotFound, "no message with this id and token", "id");
  co_return Response::text(200, "OK");
}

}  // namespace

void add_routes(http::Router& router, RouteDeps d) {
  using http::Access;
  using http::Body;
  std::string one = std::string(kMessagePath) + "/{id}";
  router.add({"GET",
              kMessagePath,
              Access::roles_of(kReaders),
              http::bind<list_messages>(d),
              Body::kNone,
              http::kJsonBodyLimit,
              {{"state", "messageType", "receiver.id", "relatedParty.id"}, true}});
  router.add({"GET", one, Access::roles_of(kReaders), http::bind<get_message>(d)});
  router.add(
      {"POST", kMessagePath, Access::roles_of(kSenders), http::bind<create_message>(d), Body::kJson});
  router.add({"GET",
              kDeliveryReportPath,
              Access::public_route(),
              http::bind<delivery_report>(d),
              Body::kNone,
              http::kJsonBodyLimit,
              {{"id", "token", "status", "ref"}, false}});
}

}  // namespace abonado::notify
