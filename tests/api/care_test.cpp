// Customer care: party interactions (TMF683), notes (MN-9, MN-10) and the
// customer timeline. The server's testing clock stands still unless a test
// moves it, so every time below is computed from the server's own clock.

#include <atomic>
#include <cstdio>
#include <ctime>

#include "harness.hpp"

namespace abonado::apitest {
namespace {

constexpr const char* kIndividuals = "/tmf-api/party/v4/individual";
constexpr const char* kCustomers = "/tmf-api/customerManagement/v4/customer";
constexpr const char* kAccounts = "/tmf-api/accountManagement/v4/billingAccount";
constexpr const char* kInteractions = "/tmf-api/partyInteraction/v4/partyInteraction";
constexpr const char* kNotes = "/api/v1/notes";

std::string iso(std::int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[80];  // room for any int the format could print
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

constexpr std::int64_t kHour = 3600 * 1000;

class Care : public ApiTest {
 protected:
  struct Customer {
    std::string party_id;
    std::string customer_id;
  };

  // DNIs and mobiles from ranges no other suite uses.
  static std::string fresh_dni() {
    static std::atomic<int> next{0};
    return std::to_string(72000000 + next++);
  }
  static std::string fresh_mobile() {
    static std::atomic<int> next{0};
    return "9" + std::to_string(82000000 + next++);
  }

  static Customer new_customer(const std::string& given = "Carla",
                               const std::string& family = "Vargas") {
    Json person = {
        {"givenName", given},
        {"familyName", family},
        {"individualIdentification",
         {{{"identificationType", "DNI"}, {"identificationId", fresh_dni()}}}},
        {"contactMedium",
         {{{"mediumType", "mobile"}, {"characteristic", {{"phoneNumber", fresh_mobile()}}}}}}};
    auto p = api().post(kIndividuals, person, token(kOperator));
    EXPECT_EQ(p.status, 201) << p.body;
    auto c = api().post(kCustomers, {{"engagedParty", {{"id", p.json().value("id", "")}}}},
                        token(kOperator));
    EXPECT_EQ(c.status, 201) << c.body;
    return {p.json().value("id", ""), c.json().value("id", "")};
  }

  static void advance(std::int64_t seconds) {
    auto r = api().post("/api/v1/testing/clock/advance", {{"seconds", seconds}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  static Json contact(const std::string& party_id, const std::string& channel = "phone",
                      const std::string& direction = "inbound",
                      const std::string& reason = "Billing question") {
    return {{"relatedParty", {{{"id", party_id}, {"role", "customer"}}}},
            {"channel", channel},
            {"direction", direction},
            {"reason", reason}};
  }

  static HttpResponse record(const Json& body, const std::string& who = kOperator,
                             Headers headers = {}) {
    return api().post(kInteractions, body, token(who), std::move(headers));
  }

  static HttpResponse get(const std::string& path) { return api().get(path, token(kOperator)); }

  static std::string total(const HttpResponse& r) {
    const std::string* v = r.header("X-Total-Count");
    return v ? *v : "(none)";
  }

  static std::vector<std::string> values(const Json& items, const char* key) {
    std::vector<std::string> out;
    for (const auto& i : items) out.push_back(i.value(key, ""));
    return out;
  }
};

// ---------------------------------------------------------------------------
// Interactions

class CareInteractions : public Care {};

TEST_F(CareInteractions, RecordsAContactForTheAgentAtTheClocksTime) {
  Customer c = new_customer();
  Json body = contact(c.party_id, "phone", "inbound", "Wants to port out");
  body["outcome"] = "WILL_STAY";
  body["description"] = "Offered 12TMDIS20; customer keeps the number.";
  body["serviceLine"] = "101";
  body["product"] = {{"id", "prod-7"}};
  auto r = record(body);
  ASSERT_EQ(r.status, 201) << r.body;
  Json i = r.json();
  ASSERT_NE(r.header("Location"), nullptr);
  EXPECT_EQ(*r.header("Location"), std::string(kInteractions) + "/" + i.value("id", ""));
  EXPECT_EQ(i["href"], *r.header("Location"));
  EXPECT_EQ(i["@type"], "PartyInteraction");
  EXPECT_EQ(i["interactionDate"]["startDateTime"], iso(server_now_ms()));
  EXPECT_EQ(i["channel"][0]["name"], "phone");
  EXPECT_EQ(i["direction"], "inbound");
  EXPECT_EQ(i["status"], "completed");
  EXPECT_EQ(i["reason"], "Wants to port out");
  EXPECT_EQ(i["outcome"], "WILL_STAY");
  EXPECT_EQ(i["serviceLine"], "101");
  EXPECT_EQ(i["product"]["id"], "prod-7");
  EXPECT_EQ(i["interactionItem"][0]["item"]["id"], "prod-7");
  EXPECT_EQ(i["relatedParty"][0]["id"], c.party_id);
  EXPECT_EQ(i["relatedParty"][0]["role"], "customer");
  EXPECT_EQ(i["relatedParty"][1]["name"], kOperator);
  EXPECT_EQ(i["relatedParty"][1]["role"], "agent");

  auto again = get(*r.header("Location"));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json(), i);

  auto audit = api().get("/api/v1/audit?entityId=" + i.value("id", ""), token(kSupervisor));
  ASSERT_EQ(audit.status, 200) << audit.body;
  ASSERT_EQ(audit.json().size(), 1u);
  EXPECT_EQ(audit.json()[0]["action"], "partyInteraction.create");
  EXPECT_EQ(audit.json()[0]["actor"]["username"], kOperator);
}

TEST_F(CareInteractions, AcceptsTheTmfShapesOfChannelDateAndItem) {
  Customer c = new_customer();
  std::string start = iso(server_now_ms() - 2 * kHour),
              end = iso(server_now_ms() - 2 * kHour + 90 * 1000);
  Json body = contact(c.party_id);
  body["channel"] = {{{"name", "whatsapp"}}};
  body["interactionDate"] = {{"startDateTime", start}, {"endDateTime", end}};
  body["interactionItem"] = {{{"item", {{"id", "prod-9"}, {"@referredType", "Product"}}}}};
  body["status"] = "inProgress";
  auto r = record(body, kSupervisor);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["channel"][0]["name"], "whatsapp");
  EXPECT_EQ(r.json()["interactionDate"]["startDateTime"], start);
  EXPECT_EQ(r.json()["interactionDate"]["endDateTime"], end);
  EXPECT_EQ(r.json()["product"]["id"], "prod-9");
  EXPECT_EQ(r.json()["status"], "inProgress");
  EXPECT_EQ(r.json()["relatedParty"][1]["name"], kSupervisor);
}

TEST_F(CareInteractions, ListsNewestFirstWithFiltersAndCounts) {
  Customer a = new_customer("Ana", "Lista");
  Customer b = new_customer("Beto", "Otro");
  std::int64_t t = server_now_ms();
  Json oldest = contact(a.party_id, "phone", "inbound", "oldest");
  oldest["interactionDate"] = iso(t - 3 * kHour);
  Json newest = contact(a.party_id, "sms", "outbound", "newest");
  newest["interactionDate"] = iso(t - 1 * kHour);
  Json middle = contact(a.party_id, "phone", "outbound", "middle");
  middle["interactionDate"] = iso(t - 2 * kHour);
  for (const Json& body : {oldest, newest, middle, contact(b.party_id)}) {
    ASSERT_EQ(record(body).status, 201);
  }
  std::string base = std::string(kInteractions) + "?relatedParty.id=" + a.party_id;

  auto all = get(base);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(values(all.json(), "reason"), (std::vector<std::string>{"newest", "middle", "oldest"}));
  EXPECT_EQ(total(all), "3");

  auto phone = get(base + "&channel=phone");
  EXPECT_EQ(values(phone.json(), "reason"), (std::vector<std::string>{"middle", "oldest"}));
  EXPECT_EQ(total(phone), "2");
  auto outbound = get(base + "&direction=outbound");
  EXPECT_EQ(values(outbound.json(), "reason"), (std::vector<std::string>{"newest", "middle"}));
  auto both = get(base + "&channel=phone&direction=outbound");
  EXPECT_EQ(values(both.json(), "reason"), (std::vector<std::string>{"middle"}));

  auto second = get(base + "&offset=1&limit=1");
  EXPECT_EQ(values(second.json(), "reason"), (std::vector<std::string>{"middle"}));
  EXPECT_EQ(total(second), "3");
  EXPECT_EQ(*second.header("X-Result-Count"), "1");

  auto slim = get(base + "&fields=reason&limit=1");
  ASSERT_EQ(slim.json().size(), 1u);
  EXPECT_TRUE(slim.json()[0].contains("reason"));
  EXPECT_FALSE(slim.json()[0].contains("channel"));

  auto other = get(std::string(kInteractions) + "?relatedParty.id=" + b.party_id);
  EXPECT_EQ(total(other), "1");

  EXPECT_TRUE(is_error(get(base + "&channel=pigeon"), 400, "INVALID_PARAMETER", "channel"));
  EXPECT_TRUE(is_error(get(base + "&direction=up"), 400, "INVALID_PARAMETER", "direction"));
  EXPECT_TRUE(is_error(get(base + "&colour=red"), 400, "UNKNOWN_PARAMETER"));
}

TEST_F(CareInteractions, BadInputIsRefusedNamingTheFieldAndStoresNothing) {
  Customer c = new_customer();
  auto with = [&](const char* key, Json value) {
    Json body = contact(c.party_id);
    body[key] = std::move(value);
    return record(body);
  };
  EXPECT_TRUE(is_error(with("channel", "pigeon"), 400, "INVALID_FIELD", "channel"));
  EXPECT_TRUE(
      is_error(with("channel", Json::array({{{"name", "fax"}}})), 400, "INVALID_FIELD", "channel"));
  EXPECT_TRUE(is_error(with("direction", "sideways"), 400, "INVALID_FIELD", "direction"));
  EXPECT_TRUE(is_error(with("reason", ""), 400, "MISSING_FIELD", "reason"));
  EXPECT_TRUE(is_error(with("reason", std::string(201, 'x')), 400, "INVALID_FIELD", "reason"));
  EXPECT_TRUE(is_error(with("outcome", std::string(101, 'x')), 400, "INVALID_FIELD", "outcome"));
  EXPECT_TRUE(
      is_error(with("description", std::string(4001, 'x')), 400, "INVALID_FIELD", "description"));
  EXPECT_TRUE(is_error(with("status", "archived"), 400, "INVALID_FIELD", "status"));
  EXPECT_TRUE(is_error(with("interactionDate", iso(server_now_ms() + 24 * kHour)), 400,
                       "INVALID_DATE", "interactionDate"));
  EXPECT_TRUE(
      is_error(with("interactionDate", "yesterday"), 400, "INVALID_DATE", "interactionDate"));
  EXPECT_TRUE(is_error(with("interactionDate", {{"startDateTime", iso(server_now_ms() - kHour)},
                                                {"endDateTime", iso(server_now_ms() - 2 * kHour)}}),
                       400, "INVALID_DATE", "interactionDate.endDateTime"));
  EXPECT_TRUE(is_error(with("relatedParty", Json::array({Json{{"id", "no-such-party"}}})), 404,
                       "NOT_FOUND", "relatedParty[0].id"));
  EXPECT_TRUE(
      is_error(with("relatedParty", Json::array({Json{{"id", c.party_id}, {"role", "supplier"}}})),
               400, "INVALID_FIELD", "relatedParty[0].role"));
  EXPECT_TRUE(is_error(with("relatedParty", Json::array()), 400, "MISSING_FIELD", "relatedParty"));
  EXPECT_TRUE(is_error(with("colour", "red"), 400, "INVALID_FIELD", "colour"));
  Json missing = contact(c.party_id);
  missing.erase("direction");
  EXPECT_TRUE(is_error(record(missing), 400, "MISSING_FIELD", "direction"));

  auto list = get(std::string(kInteractions) + "?relatedParty.id=" + c.party_id);
  EXPECT_EQ(total(list), "0");
  EXPECT_TRUE(is_error(get(std::string(kInteractions) + "/no-such-id"), 404, "NOT_FOUND"));
}

TEST_F(CareInteractions, IdempotencyKeyReplaysTheFirstResponse) {
  Customer c = new_customer();
  Headers key = {{"Idempotency-Key", unique_name("contact")}};
  auto a = record(contact(c.party_id), kOperator, key);
  auto b = record(contact(c.party_id), kOperator, key);
  ASSERT_EQ(a.status, 201) << a.body;
  EXPECT_EQ(b.status, 201);
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(total(get(std::string(kInteractions) + "?relatedParty.id=" + c.party_id)), "1");
  EXPECT_TRUE(
      is_error(record(contact(c.party_id, "sms"), kOperator, key), 422, "IDEMPOTENCY_KEY_REUSED"));
}

TEST_F(CareInteractions, AgentsOnly) {
  Customer c = new_customer();
  EXPECT_EQ(api().post(kInteractions, contact(c.party_id)).status, 401);
  EXPECT_EQ(api().get(kInteractions).status, 401);
  EXPECT_EQ(api().post(kNotes, {{"partyId", c.party_id}, {"text", "x"}}).status, 401);
  EXPECT_EQ(api().get(std::string(kNotes) + "?partyId=" + c.party_id).status, 401);
  EXPECT_EQ(api().get("/api/v1/customers/" + c.customer_id + "/timeline").status, 401);
}

// ---------------------------------------------------------------------------
// Notes

class CareNotes : public Care {
 protected:
  static HttpResponse add(const Json& body) { return api().post(kNotes, body, token(kOperator)); }

  static std::string notes_of(const std::string& party_id, bool include_expired) {
    return std::string(kNotes) + "?partyId=" + party_id +
           (include_expired ? "&includeExpired=true" : "");
  }
};

TEST_F(CareNotes, ExpiredAndFutureNotesShowOnlyWhenAskedValidOnesFirst) {
  Customer c = new_customer();
  std::int64_t t = server_now_ms();
  auto retention = add({{"partyId", c.party_id},
                        {"type", "retention"},
                        {"validTo", iso(t + kHour)},
                        {"campaign", "MNP-RETENTION"},
                        {"text", "Saved with 12TMDIS20 until further notice."}});
  ASSERT_EQ(retention.status, 201) << retention.body;
  auto later = add({{"partyId", c.party_id},
                    {"validFrom", iso(t + 48 * kHour)},
                    {"text", "Call back about the discount."}});
  ASSERT_EQ(later.status, 201) << later.body;
  auto plain = add({{"partyId", c.party_id}, {"text", "Prefers WhatsApp."}});
  ASSERT_EQ(plain.status, 201) << plain.body;
  std::string r_id = retention.json()["id"], l_id = later.json()["id"], p_id = plain.json()["id"];

  Json n = retention.json();
  EXPECT_EQ(*retention.header("Location"), std::string(kNotes) + "/" + r_id);
  EXPECT_EQ(n["type"], "retention");
  EXPECT_EQ(n["author"], kOperator);
  EXPECT_EQ(n["campaign"], "MNP-RETENTION");
  EXPECT_EQ(n["validFrom"], iso(t));
  EXPECT_EQ(n["validTo"], iso(t + kHour));
  EXPECT_EQ(n["state"], "valid");
  EXPECT_EQ(plain.json()["type"], "ordinary");
  EXPECT_EQ(later.json()["state"], "notYetValid");

  auto valid = get(notes_of(c.party_id, false));
  ASSERT_EQ(valid.status, 200) << valid.body;
  EXPECT_EQ(values(valid.json(), "id"), (std::vector<std::string>{p_id, r_id}));
  EXPECT_EQ(total(valid), "2");
  auto every = get(notes_of(c.party_id, true));
  EXPECT_EQ(values(every.json(), "id"), (std::vector<std::string>{p_id, r_id, l_id}));
  EXPECT_EQ(total(every), "3");

  advance(2 * 3600);
  valid = get(notes_of(c.party_id, false));
  EXPECT_EQ(values(valid.json(), "id"), (std::vector<std::string>{p_id}));
  every = get(notes_of(c.party_id, true));
  EXPECT_EQ(values(every.json(), "id"), (std::vector<std::string>{p_id, l_id, r_id}));
  ASSERT_EQ(every.json().size(), 3u);
  EXPECT_EQ(every.json()[2]["state"], "expired");
  EXPECT_EQ(get(std::string(kNotes) + "/" + r_id).json()["state"], "expired");
}

TEST_F(CareNotes, NotesOfAProductAndBadInput) {
  Customer c = new_customer();
  ASSERT_EQ(add({{"partyId", c.party_id},
                 {"productId", "line-51987"},
                 {"type", "discount"},
                 {"text", "50% on the second line for 12 months."}})
                .status,
            201);
  ASSERT_EQ(add({{"partyId", c.party_id}, {"text", "On the customer."}}).status, 201);
  auto of_line = get(std::string(kNotes) + "?productId=line-51987");
  ASSERT_EQ(of_line.status, 200) << of_line.body;
  ASSERT_EQ(of_line.json().size(), 1u);
  EXPECT_EQ(of_line.json()[0]["productId"], "line-51987");
  EXPECT_EQ(total(get(notes_of(c.party_id, false))), "2");

  std::int64_t t = server_now_ms();
  EXPECT_TRUE(is_error(add({{"partyId", c.party_id},
                            {"validFrom", iso(t)},
                            {"validTo", iso(t - kHour)},
                            {"text", "x"}}),
                       400, "INVALID_DATE", "validTo"));
  EXPECT_TRUE(is_error(add({{"partyId", c.party_id}, {"validTo", iso(t)}, {"text", "x"}}), 400,
                       "INVALID_DATE", "validTo"));
  EXPECT_TRUE(is_error(add({{"partyId", c.party_id}, {"validTo", "soon"}, {"text", "x"}}), 400,
                       "INVALID_DATE", "validTo"));
  // An offset of a bare sign once took the server down.
  for (const char* odd :
       {"2030-01-01T00:00:00-", "2030-01-01T00:00:00.5-", "2030-01-01T00:00:00+05"}) {
    EXPECT_TRUE(is_error(add({{"partyId", c.party_id}, {"validTo", odd}, {"text", "x"}}), 400,
                         "INVALID_DATE", "validTo"))
        << odd;
  }
  EXPECT_TRUE(
      is_error(add({{"partyId", "no-such-party"}, {"text", "x"}}), 404, "NOT_FOUND", "partyId"));
  EXPECT_TRUE(is_error(add({{"partyId", c.party_id}}), 400, "MISSING_FIELD", "text"));
  EXPECT_TRUE(is_error(add({{"partyId", c.party_id}, {"text", std::string(4001, 'x')}}), 400,
                       "INVALID_FIELD", "text"));
  EXPECT_TRUE(is_error(add({{"partyId", c.party_id}, {"type", "secret"}, {"text", "x"}}), 400,
                       "INVALID_FIELD", "type"));
  EXPECT_TRUE(is_error(add({{"text", "x"}}), 400, "MISSING_FIELD", "partyId"));
  EXPECT_TRUE(is_error(get(kNotes), 400, "MISSING_FIELD", "partyId"));
  EXPECT_TRUE(is_error(get(notes_of("no-such-party", false)), 404, "NOT_FOUND", "partyId"));
  EXPECT_TRUE(is_error(get(notes_of(c.party_id, false) + "&includeExpired=maybe"), 400,
                       "INVALID_PARAMETER", "includeExpired"));
  EXPECT_EQ(total(get(notes_of(c.party_id, true))), "2");
}

TEST_F(CareNotes, EndingANoteEarlyIsTheOnlyChangeAndIsAudited) {
  Customer c = new_customer();
  std::int64_t t = server_now_ms();
  auto r = add({{"partyId", c.party_id}, {"validTo", iso(t + 24 * kHour)}, {"text", "Thinking."}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string path = *r.header("Location");

  EXPECT_TRUE(is_error(api().patch(path, {{"validTo", iso(t + 48 * kHour)}}, token(kOperator)), 400,
                       "INVALID_DATE", "validTo"));
  EXPECT_TRUE(is_error(api().patch(path, {{"validTo", iso(t - kHour)}}, token(kOperator)), 400,
                       "INVALID_DATE", "validTo"));
  EXPECT_TRUE(is_error(api().patch(path, {{"text", "Rewritten."}}, token(kOperator)), 400,
                       "INVALID_FIELD", "text"));
  EXPECT_TRUE(is_error(api().patch(path, {{"validTo", nullptr}}, token(kOperator)), 400,
                       "MISSING_FIELD", "validTo"));
  EXPECT_TRUE(is_error(
      api().patch(std::string(kNotes) + "/no-such-note", {{"validTo", iso(t)}}, token(kOperator)),
      404, "NOT_FOUND"));
  EXPECT_TRUE(is_error(api().send({.method = "DELETE", .path = path, .token = token(kOperator)}),
                       405, "METHOD_NOT_ALLOWED"));

  advance(60);
  auto ended = api().patch(path, {{"validTo", iso(t + 60 * 1000)}}, token(kSupervisor));
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json()["validTo"], iso(t + 60 * 1000));
  EXPECT_EQ(ended.json()["state"], "expired");
  EXPECT_EQ(ended.json()["text"], "Thinking.");
  EXPECT_EQ(total(get(notes_of(c.party_id, false))), "0");
  EXPECT_EQ(total(get(notes_of(c.party_id, true))), "1");

  auto audit = api().get("/api/v1/audit?entityId=" + r.json().value("id", ""), token(kSupervisor));
  ASSERT_EQ(audit.status, 200) << audit.body;
  Json items = audit.json();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["action"], "note.end");
  EXPECT_EQ(items[0]["actor"]["username"], kSupervisor);
  EXPECT_EQ(items[0]["before"]["validTo"], iso(t + 24 * kHour));
  EXPECT_EQ(items[0]["after"]["validTo"], iso(t + 60 * 1000));
  EXPECT_EQ(items[1]["action"], "note.create");
}

// ---------------------------------------------------------------------------
// Timeline

class CareTimeline : public Care {
 protected:
  struct Story {
    Customer customer;
    std::string account_id, interaction_id, backdated_id, note_id;
    std::int64_t start = 0;
  };

  // A customer's life in steps a minute apart; the backdated contact is
  // recorded last but happened 30 s after the customer was created.
  static Story story() {
    Story s;
    s.customer = new_customer("Tania", "Línea");
    s.start = server_now_ms();
    advance(60);
    auto i = record(contact(s.customer.party_id, "phone", "inbound", "No signal at home"));
    EXPECT_EQ(i.status, 201) << i.body;
    s.interaction_id = i.json().value("id", "");
    advance(60);
    auto n = api().post(kNotes,
                        {{"partyId", s.customer.party_id},
                         {"type", "warning"},
                         {"text", "Asks for a supervisor every time."}},
                        token(kOperator));
    EXPECT_EQ(n.status, 201) << n.body;
    s.note_id = n.json().value("id", "");
    advance(60);
    auto u = api().patch(std::string(kCustomers) + "/" + s.customer.customer_id,
                         {{"status", "active"}}, token(kOperator));
    EXPECT_EQ(u.status, 200) << u.body;
    advance(60);
    auto a = api().post(kAccounts,
                        {{"customer", {{"id", s.customer.customer_id}}},
                         {"billingCycleDay", 5},
                         {"invoiceType", "boleta"}},
                        token(kSupervisor));
    EXPECT_EQ(a.status, 201) << a.body;
    s.account_id = a.json().value("id", "");
    Json back = contact(s.customer.party_id, "sms", "outbound", "Welcome message");
    back["interactionDate"] = iso(s.start + 30 * 1000);
    auto b = record(back);
    EXPECT_EQ(b.status, 201) << b.body;
    s.backdated_id = b.json().value("id", "");
    // Another customer's contact must not show.
    EXPECT_EQ(record(contact(new_customer().party_id)).status, 201);
    return s;
  }

  static std::string path(const Story& s, const std::string& query = "") {
    return "/api/v1/customers/" + s.customer.customer_id + "/timeline" + query;
  }
};

TEST_F(CareTimeline, MergesInteractionsNotesAndChangesNewestFirst) {
  Story s = story();
  auto r = get(path(s));
  ASSERT_EQ(r.status, 200) << r.body;
  Json items = r.json();
  EXPECT_EQ(total(r), "7");
  ASSERT_EQ(items.size(), 7u);
  EXPECT_EQ(values(items, "kind"),
            (std::vector<std::string>{"change", "change", "note", "interaction", "interaction",
                                      "change", "change"}));
  EXPECT_EQ(values(items, "title"),
            (std::vector<std::string>{"billingAccount.create", "customer.update", "warning note",
                                      "No signal at home", "Welcome message", "customer.create",
                                      "party.create"}));
  for (std::size_t i = 1; i < items.size(); ++i) {
    EXPECT_GE(items[i - 1].value("at", ""), items[i].value("at", "")) << i;
  }
  EXPECT_EQ(items[0]["at"], iso(s.start + 4 * 60 * 1000));
  EXPECT_EQ(items[0]["actor"]["username"], kSupervisor);
  EXPECT_EQ(items[0]["ref"]["id"], s.account_id);
  EXPECT_EQ(items[0]["ref"]["href"], std::string(kAccounts) + "/" + s.account_id);
  EXPECT_EQ(items[2]["ref"]["id"], s.note_id);
  EXPECT_EQ(items[2]["summary"], "Asks for a supervisor every time.");
  EXPECT_EQ(items[3]["ref"]["href"], std::string(kInteractions) + "/" + s.interaction_id);
  EXPECT_EQ(items[3]["summary"], "phone, inbound");
  EXPECT_EQ(items[4]["ref"]["id"], s.backdated_id);
  EXPECT_EQ(items[4]["at"], iso(s.start + 30 * 1000));
  EXPECT_EQ(items[5]["ref"]["id"], s.customer.customer_id);
  EXPECT_EQ(items[5]["ref"]["href"], std::string(kCustomers) + "/" + s.customer.customer_id);
  EXPECT_EQ(items[5]["actor"]["username"], kOperator);
  EXPECT_EQ(items[6]["ref"]["href"], std::string(kIndividuals) + "/" + s.customer.party_id);
}

TEST_F(CareTimeline, PagesAndFiltersByKind) {
  Story s = story();
  Json all = get(path(s)).json();
  ASSERT_EQ(all.size(), 7u);

  auto page = get(path(s, "?offset=2&limit=3"));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(total(page), "7");
  EXPECT_EQ(page.json(), (Json{all[2], all[3], all[4]}));
  auto tail = get(path(s, "?offset=6&limit=5"));
  EXPECT_EQ(tail.json(), Json::array({all[6]}));
  EXPECT_EQ(get(path(s, "?offset=7")).json(), Json::array());

  auto interactions = get(path(s, "?kind=interaction"));
  EXPECT_EQ(total(interactions), "2");
  EXPECT_EQ(interactions.json(), (Json{all[3], all[4]}));
  auto changes = get(path(s, "?kind=change&limit=2"));
  EXPECT_EQ(total(changes), "4");
  EXPECT_EQ(changes.json(), (Json{all[0], all[1]}));
  EXPECT_EQ(total(get(path(s, "?kind=note"))), "1");
  EXPECT_EQ(total(get(path(s, "?kind=message"))), "0");

  EXPECT_TRUE(is_error(get(path(s, "?kind=gossip")), 400, "INVALID_PARAMETER", "kind"));
  EXPECT_TRUE(is_error(get(path(s, "?limit=101")), 400, "INVALID_PARAMETER", "limit"));
  EXPECT_TRUE(is_error(get(path(s, "?offset=9990&limit=20")), 400, "INVALID_PARAMETER", "offset"));
  EXPECT_TRUE(is_error(get("/api/v1/customers/no-such-customer/timeline"), 404, "NOT_FOUND"));
}

}  // namespace
}  // namespace abonado::apitest
