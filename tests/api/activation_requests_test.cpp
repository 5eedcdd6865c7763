// The form channel (FL-4, FL-5): requests with document copies, due in the
// policy's business days, worked by the back office from a queue ordered by
// due date; completion opens the line and emails the customer. Through the
// real server on SQLite and PostgreSQL, with the testing clock.

#include <thread>

#include "lines_fixture.hpp"

namespace abonado::apitest {
namespace {

constexpr const char* kBoundary = "----abonadoLinesBoundary";

class ActivationRequests : public LinesApiTest {
 protected:
  // A PDF copy of a document, uploaded by the leader.
  static std::string upload(const std::string& who = kLeader) {
    static std::atomic<int> next{0};
    std::string pdf =
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n% copy " +
        std::to_string(next++) + "\n%%EOF\n";
    HttpRequest req;
    req.method = "POST";
    req.path = "/api/v1/attachments";
    req.token = as(who);
    req.body = std::string("--") + kBoundary +
               "\r\nContent-Disposition: form-data; name=\"file\"; "
               "filename=\"documento.pdf\"\r\nContent-Type: application/pdf\r\n\r\n" +
               pdf + "\r\n--" + kBoundary + "--\r\n";
    req.content_type = std::string("multipart/form-data; boundary=") + kBoundary;
    auto r = api().send(req);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", "");
  }

  static HttpResponse request(const std::string& category, const std::string& party_id,
                              const std::string& iccid, const Json& documents,
                              const std::string& who = kLeader) {
    return api().post(
        kActivationRequests,
        {{"category", category}, {"partyId", party_id}, {"iccid", iccid}, {"documents", documents}},
        as(who));
  }
  static HttpResponse decide(const std::string& id, const std::string& what,
                             const Json& body = Json::object(),
                             const std::string& who = kBackoffice) {
    return api().post(std::string(kActivationRequests) + "/" + id + "/" + what, body, as(who));
  }
  static Json queue() {
    auto r =
        api().get(std::string(kActivationRequests) + "?status=pending&limit=1000", as(kBackoffice));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static Json in_queue(const std::string& id) {
    for (const auto& r : queue()) {
      if (r["id"] == id) return r;
    }
    return nullptr;
  }
};

TEST_F(ActivationRequests, AForeignerIsDueInThreeBusinessDaysAndCompletionEmailsTheCustomer) {
  set_clock("2027-03-01T15:00:00Z");  // Monday 10:00 in Lima
  relogin();
  Person p = foreigner();
  std::string iccid = stock_one();
  auto r = request("foreigner", p.party_id, iccid, {upload()});
  ASSERT_EQ(r.status, 201) << r.body;
  Json q = r.json();
  std::string id = q["id"];
  EXPECT_EQ(q["status"], "pending");
  EXPECT_EQ(q["category"], "foreigner");
  EXPECT_EQ(q["dueAt"], "2027-03-04T15:00:00.000Z");  // Thursday, same hour (FL-4)
  EXPECT_EQ(q["overdue"], false);
  ASSERT_NE(r.header("Location"), nullptr);
  EXPECT_EQ(sim_state(iccid), "reserved");
  // The leader who sent it reads it; another leader does not see it at all.
  EXPECT_EQ(api().get(*r.header("Location"), as(kLeader)).status, 200);
  EXPECT_TRUE(is_error(api().get(*r.header("Location"), as(kOtherLeader)), 404, "NOT_FOUND", "id"));
  // The customer's history reads in the operator's words and local time.
  bool filed = false;
  for (const auto& i : interactions_of(p.party_id)) {
    filed = filed || i.value("description", "") ==
                         "Solicitud por formulario (extranjero con CE o pasaporte), vence "
                         "04/03/2027 10:00";
  }
  EXPECT_TRUE(filed) << interactions_of(p.party_id).dump();

  // Friday's request is due the Wednesday after; the queue is by due date.
  advance(4 * 24 * 3600);
  relogin();
  Person later = foreigner();
  r = request("foreigner", later.party_id, stock_one(), {upload()});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["dueAt"], "2027-03-10T15:00:00.000Z");
  Json pending = queue();
  ASSERT_GE(pending.size(), 2u);
  for (std::size_t i = 1; i < pending.size(); ++i) {
    EXPECT_LE(pending[i - 1]["dueAt"].get<std::string>(), pending[i]["dueAt"].get<std::string>());
  }
  EXPECT_EQ(in_queue(id)["overdue"], true);  // due Thursday, it is Friday now
  // The back office sees whose request it is and how the customer will hear of it.
  EXPECT_EQ(in_queue(id)["party"],
            (Json{{"id", p.party_id}, {"name", "Lucía Ramírez"}, {"@referredType", "Party"}}));
  EXPECT_EQ(in_queue(id)["completionNotice"], "email");
  EXPECT_EQ(in_queue(r.json()["id"])["overdue"], false);

  r = decide(id, "complete");
  ASSERT_EQ(r.status, 200) << r.body;
  Json done = r.json();
  EXPECT_EQ(done["status"], "completed");
  std::string product_id = done["productId"];
  Json line = product(product_id);
  EXPECT_EQ(line["status"], "active");
  EXPECT_EQ(line["iccid"], iccid);
  EXPECT_EQ(line["msisdn"], done["msisdn"]);
  EXPECT_EQ(sim_state(iccid), "active");
  EXPECT_TRUE(in_queue(id).is_null());

  advance(2);  // the sender job writes the email
  auto mail = sent_to("mail.jsonl", "lucia" + p.dni + "@example.pe");
  ASSERT_EQ(mail.size(), 1u) << read_whole(suite().database().dir() + "/mail.jsonl");
  EXPECT_NE(mail[0]["text"].get<std::string>().find(line["msisdnNational"].get<std::string>()),
            std::string::npos)
      << mail[0].dump();
  bool recorded = false;
  for (const auto& i : interactions_of(p.party_id)) {
    recorded = recorded || (i.value("reason", "") == "Solicitud de activación de línea" &&
                            i.value("outcome", "") == "completed");
  }
  EXPECT_TRUE(recorded);
  EXPECT_TRUE(is_error(decide(id, "complete"), 409, "REQUEST_ALREADY_DECIDED", "id"));
  EXPECT_TRUE(is_error(decide(id, "reject", {{"reason", "late"}}), 409, "REQUEST_ALREADY_DECIDED"));
}

// One document cannot back two requests, even when both are sent at the same moment.
TEST_F(ActivationRequests, TwoRequestsCitingOneDocumentAtOnceGetItOnce) {
  for (int round = 0; round < 4; ++round) {
    std::string doc = upload();
    Person p = foreigner();
    Person q = foreigner();
    std::string iccid_p = stock_one(), iccid_q = stock_one();
    std::string leader = as(kLeader);
    Json body_p = {{"category", "foreigner"},
                   {"partyId", p.party_id},
                   {"iccid", iccid_p},
                   {"documents", {doc}}};
    Json body_q = {{"category", "foreigner"},
                   {"partyId", q.party_id},
                   {"iccid", iccid_q},
                   {"documents", {doc}}};
    HttpResponse first, second;
    std::thread a([&] { first = HttpClient(port()).post(kActivationRequests, body_p, leader); });
    std::thread b([&] { second = HttpClient(port()).post(kActivationRequests, body_q, leader); });
    a.join();
    b.join();
    int made = (first.status == 201) + (second.status == 201);
    EXPECT_EQ(made, 1) << first.body << " / " << second.body;
    const HttpResponse& refused = first.status == 201 ? second : first;
    EXPECT_TRUE(is_error(refused, 400, "INVALID_FIELD")) << refused.body;
    // The refused request left its SIM in stock.
    EXPECT_EQ(sim_state(first.status == 201 ? iccid_q : iccid_p), "inStock");
  }
}

// FL-4's business days skip Peru's public holidays from the policy pack.
TEST_F(ActivationRequests, PublicHolidaysAreNoBusinessDays) {
  set_clock("2027-07-27T15:00:00Z");  // Tuesday 10:00 in Lima, before Fiestas Patrias
  relogin();
  auto r = request("foreigner", foreigner().party_id, stock_one(), {upload()});
  ASSERT_EQ(r.status, 201) << r.body;
  // Jul 28 and 29 are holidays: Friday 30 is the first business day, Tuesday Aug 3 the third.
  EXPECT_EQ(r.json()["dueAt"], "2027-08-03T15:00:00.000Z");
}

TEST_F(ActivationRequests, ARejectionGivesTheSimBack) {
  Person p = disabled_person();
  std::string iccid = stock_one();
  auto r = request("disability", p.party_id, iccid, {upload(), upload()});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  EXPECT_TRUE(is_error(decide(id, "reject"), 400, "MISSING_FIELD", "reason"));
  EXPECT_TRUE(
      is_error(decide(id, "reject", {{"reason", " \t\n "}}), 400, "INVALID_FIELD", "reason"));
  EXPECT_TRUE(is_error(decide(id, "reject", {{"reason", std::string(501, 'x')}}), 400,
                       "INVALID_FIELD", "reason"));
  // It is mailed to the customer: printed text only, said as the reason's fault.
  for (const char* bad : {"Unreadable\u000b copy", "Copia \u001b[31millegible", "\u00A0\n\u200B",
                          "Copia \u202Eilegible"}) {
    EXPECT_TRUE(is_error(decide(id, "reject", {{"reason", bad}}), 400, "INVALID_FIELD", "reason"))
        << bad;
  }
  r = decide(id, "reject", {{"reason", "The CONADIS card is unreadable"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "rejected");
  EXPECT_EQ(r.json()["reason"], "The CONADIS card is unreadable");
  EXPECT_TRUE(r.json()["productId"].is_null());
  EXPECT_EQ(sim_state(iccid), "inStock");
  EXPECT_TRUE(products_of(p.party_id).empty());
  EXPECT_TRUE(is_error(decide(id, "complete"), 409, "REQUEST_ALREADY_DECIDED", "id"));
  // The customer who waited is told why, by email.
  advance(2);  // the sender job writes the email
  auto mail = sent_to("mail.jsonl", "lucia" + p.dni + "@example.pe");
  ASSERT_EQ(mail.size(), 1u) << read_whole(suite().database().dir() + "/mail.jsonl");
  EXPECT_NE(mail[0]["text"].get<std::string>().find("The CONADIS card is unreadable"),
            std::string::npos)
      << mail[0].dump();
  bool recorded = false;
  for (const auto& i : interactions_of(p.party_id)) {
    recorded =
        recorded || (i.value("outcome", "") == "rejected" && i["channel"][0]["name"] == "email");
  }
  EXPECT_TRUE(recorded) << interactions_of(p.party_id).dump();
}

// Without an email address a rejection reaches the customer's own mobile by
// SMS; without either, the queue tells the agent that nobody will hear of it.
TEST_F(ActivationRequests, ARejectionReachesTheCustomerByWhatTheyLeft) {
  auto foreigner_with = [](const Json& contacts) {
    static std::atomic<int> next{0};
    Json body = {{"givenName", "Ana"},
                 {"familyName", "Rojas"},
                 {"individualIdentification",
                  {{{"identificationType", "CE"},
                    {"identificationId", std::to_string(300000000 + next++)}}}},
                 {"contactMedium", contacts}};
    auto r = api().post("/tmf-api/party/v4/individual", body, token(kAdmin));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", "");
  };
  std::string mobile = fresh_msisdn();
  std::string with_mobile =
      foreigner_with({{{"mediumType", "mobile"}, {"characteristic", {{"phoneNumber", mobile}}}}});
  std::string with_nothing = foreigner_with(Json::array());
  auto r = request("foreigner", with_mobile, stock_one(), {upload()});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string by_sms = r.json()["id"];
  r = request("foreigner", with_nothing, stock_one(), {upload()});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string unreachable = r.json()["id"];
  EXPECT_EQ(in_queue(by_sms)["rejectionNotice"], "sms");
  EXPECT_EQ(in_queue(unreachable)["rejectionNotice"], "none");

  ASSERT_EQ(decide(by_sms, "reject", {{"reason", "The CE has expired"}}).status, 200);
  // The limit is 500 characters, however many bytes each takes.
  std::string long_reason;
  for (int i = 0; i < 500; ++i) long_reason += "ñ";
  EXPECT_TRUE(is_error(decide(unreachable, "reject", {{"reason", long_reason + "ñ"}}), 400,
                       "INVALID_FIELD", "reason"));
  auto r500 = decide(unreachable, "reject", {{"reason", "\n " + long_reason + "  \n"}});
  ASSERT_EQ(r500.status, 200) << r500.body;
  EXPECT_EQ(r500.json()["reason"], long_reason);  // what is around it is not kept
  advance(2);  // the sender job sends the SMS
  auto sms = sent_to("sms.jsonl", mobile);
  ASSERT_EQ(sms.size(), 1u) << read_whole(suite().database().dir() + "/sms.jsonl");
  EXPECT_NE(sms[0].dump().find("no pudimos aprobarla"), std::string::npos) << sms[0].dump();
  EXPECT_TRUE(messages_of(with_nothing).empty()) << messages_of(with_nothing).dump();
  auto channel_of_rejection = [](const std::string& party_id) {
    for (const auto& i : interactions_of(party_id)) {
      if (i.value("outcome", "") == "rejected") return i["channel"][0]["name"].get<std::string>();
    }
    return std::string("(none)");
  };
  EXPECT_EQ(channel_of_rejection(with_mobile), "sms");
  EXPECT_EQ(channel_of_rejection(with_nothing), "web");
}

TEST_F(ActivationRequests, EachCategoryHasItsPartiesAndDocuments) {
  std::string iccid = stock_one();
  Person dni = create_person(api(), token(kAdmin));
  std::string org = company();
  EXPECT_TRUE(is_error(request("tourist", dni.party_id, iccid, {upload()}), 400, "INVALID_FIELD",
                       "category"));
  EXPECT_TRUE(is_error(request("company", dni.party_id, iccid, {upload(), upload()}), 400,
                       "INVALID_FIELD", "category"));
  EXPECT_TRUE(is_error(request("foreigner", dni.party_id, iccid, {upload()}), 400, "INVALID_FIELD",
                       "category"));
  EXPECT_TRUE(is_error(request("disability", dni.party_id, iccid, {upload(), upload()}), 400,
                       "INVALID_FIELD", "category"));
  EXPECT_TRUE(is_error(request("appRejected", dni.party_id, iccid, {upload()}), 400,
                       "INVALID_FIELD", "category"));
  EXPECT_TRUE(
      is_error(request("foreigner", org, iccid, {upload()}), 400, "INVALID_FIELD", "category"));
  // A company sends its RUC record and its representative's ID.
  EXPECT_TRUE(
      is_error(request("company", org, iccid, {upload()}), 400, "MISSING_FIELD", "documents"));
  EXPECT_TRUE(
      is_error(request("company", org, iccid, Json::array()), 400, "MISSING_FIELD", "documents"));
  std::string doc = upload();
  EXPECT_TRUE(
      is_error(request("company", org, iccid, {doc, doc}), 400, "INVALID_FIELD", "documents[1]"));
  EXPECT_TRUE(is_error(request("company", org, iccid, {doc, "no-such-file"}), 404, "NOT_FOUND",
                       "documents[1]"));
  // Another leader's upload is no copy this leader may file (nor read once filed).
  EXPECT_TRUE(is_error(request("company", org, iccid, {doc, upload(kOtherLeader)}), 404,
                       "NOT_FOUND", "documents[1]"));
  EXPECT_TRUE(
      is_error(request("company", org, "8951", {doc, upload()}), 400, "INVALID_ICCID", "iccid"));
  EXPECT_TRUE(is_error(request("company", org, fresh_iccid(), {doc, upload()}), 404,
                       "SIM_NOT_FOUND", "iccid"));
  EXPECT_TRUE(
      is_error(request("company", org, iccid, {doc, upload()}, kOperator), 403, "FORBIDDEN"));
  EXPECT_EQ(sim_state(iccid), "inStock");  // nothing was kept of the refused requests

  std::string second = upload();
  auto r = request("company", org, iccid, {doc, second});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["documents"], Json({doc, second}));
  // A document documents one case.
  EXPECT_TRUE(is_error(request("company", org, stock_one(), {doc, upload()}), 400, "INVALID_FIELD",
                       "documents[0]"));
  EXPECT_TRUE(is_error(request("company", org, iccid, {upload(), upload()}), 409,
                       "SIM_NOT_AVAILABLE", "iccid"));

  std::string id = r.json()["id"];
  EXPECT_TRUE(is_error(decide(id, "complete", Json::object(), kLeader), 403, "FORBIDDEN"));
  EXPECT_TRUE(is_error(api().get(std::string(kActivationRequests) + "?status=pending", as(kLeader)),
                       403, "FORBIDDEN"));
  EXPECT_TRUE(
      is_error(api().get(std::string(kActivationRequests) + "?status=open", as(kBackoffice)), 400,
               "INVALID_PARAMETER", "status"));
  EXPECT_TRUE(is_error(decide("nope", "complete"), 404, "NOT_FOUND", "id"));
  EXPECT_EQ(api().get(std::string(kActivationRequests) + "/" + id, as(kLeader)).status, 200);
  // The filed copies are identity documents: the back office and the leader
  // who sent them read them; desks that work other cases do not.
  auto copy = [&](const std::string& who) {
    return api().get("/api/v1/attachments/" + doc, as(who));
  };
  EXPECT_EQ(copy(kBackoffice).status, 200);
  EXPECT_EQ(copy(kLeader).status, 200);
  EXPECT_TRUE(is_error(copy(kSupervisor), 404, "NOT_FOUND", "id"));
  EXPECT_TRUE(is_error(copy(kPostsales), 404, "NOT_FOUND", "id"));
  EXPECT_TRUE(is_error(copy(kOtherLeader), 404, "NOT_FOUND", "id"));
}

TEST_F(ActivationRequests, ACustomerTheAppRejectedGoesThroughTheForm) {
  Person p = create_person(api(), token(kAdmin));
  std::string iccid = stock_one();
  auto a = start_activation(p.party_id, iccid);
  ASSERT_EQ(a.status, 201) << a.body;
  for (int i = 0; i < 5; ++i) ASSERT_EQ(fingerprint(a.json()["id"], "FP-1").status, 200);
  // FL-5: the same SIM, through the dedicated form.
  auto r = request("appRejected", p.party_id, iccid, {upload()});
  ASSERT_EQ(r.status, 201) << r.body;
  load_numbers(api(), token(kAdmin), {fresh_msisdn()});  // the failed number is not for this DNI
  r = decide(r.json()["id"], "complete");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.json()["msisdn"], a.json()["msisdn"]);
  EXPECT_EQ(product(r.json()["productId"])["status"], "active");
}

TEST_F(ActivationRequests, TheLineLimitHoldsForTheFormToo) {
  Person p = foreigner();
  for (int i = 0; i < 5; ++i) {
    auto r = request("foreigner", p.party_id, stock_one(), {upload()});
    ASSERT_EQ(r.status, 201) << r.body;
    ASSERT_EQ(decide(r.json()["id"], "complete").status, 200);
  }
  std::string iccid = stock_one();
  EXPECT_TRUE(is_error(request("foreigner", p.party_id, iccid, {upload()}), 409,
                       "LINE_LIMIT_REACHED", "partyId"));
  EXPECT_EQ(sim_state(iccid), "inStock");
}

// FL-3 counts a person's lines under one document whichever channel opens
// them: a Peruvian who also holds a CE counts under the DNI in the app and in
// the form alike.
TEST_F(ActivationRequests, AppAndFormLinesOfOneDocumentShareTheLineLimit) {
  static std::atomic<int> next{0};
  std::string dni = fresh_lines_dni(), ce = std::to_string(200000000 + next++);
  Json body = {{"givenName", "Marco"},
               {"familyName", "Rossi"},
               {"individualIdentification",
                {{{"identificationType", "DNI"}, {"identificationId", dni}},
                 {{"identificationType", "CE"}, {"identificationId", ce}}}}};
  auto r = api().post("/tmf-api/party/v4/individual", body, token(kAdmin));
  ASSERT_EQ(r.status, 201) << r.body;
  Person p{r.json()["id"], dni};
  for (int i = 0; i < 4; ++i) activated(p);

  r = request("foreigner", p.party_id, stock_one(), {upload()});
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(decide(r.json()["id"], "complete").status, 200);
  EXPECT_EQ(products_of(p.party_id).size(), 5u);

  // Five under the DNI: neither channel opens a sixth.
  std::string iccid = stock_one();
  EXPECT_TRUE(is_error(request("foreigner", p.party_id, iccid, {upload()}), 409,
                       "LINE_LIMIT_REACHED", "partyId"));
  EXPECT_TRUE(is_error(start_activation(p.party_id, iccid), 409, "LINE_LIMIT_REACHED", "partyId"));
  EXPECT_EQ(sim_state(iccid), "inStock");
}

}  // namespace
}  // namespace abonado::apitest
