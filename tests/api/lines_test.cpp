// Inventory and activation in the app (FL-1..FL-4, FL-7), the product
// inventory (TMF637) and the quick search's products: through the real server
// on SQLite and PostgreSQL.

#include <sys/wait.h>

#include <atomic>
#include <cstdlib>

#include "lines_fixture.hpp"

namespace abonado::apitest {
namespace {

class Lines : public LinesApiTest {};
// Suites of their own: they need the number pool to themselves.
class LinesInApp : public LinesApiTest {};
class LinesAttempts : public LinesApiTest {};
class LinesBadInput : public LinesApiTest {};
class LinesPortsAndStock : public LinesApiTest {};
class LinesPortCollision : public LinesApiTest {};

TEST_F(Lines, InventoryLoadsGoodValuesAndSaysWhyOthersWereRefused) {
  std::string a = fresh_iccid(), b = fresh_iccid();
  std::string bad_luhn = a.substr(0, 18) + static_cast<char>('0' + (a[18] - '0' + 1) % 10);
  Json iccids = {a, "8951 0100", bad_luhn, "9951010000000000001", b, a, 42};
  auto r = api().post(kSimStock, {{"iccids", iccids}}, as(kBackoffice));
  ASSERT_EQ(r.status, 200) << r.body;
  Json j = r.json();
  EXPECT_EQ(j["accepted"], 2);
  ASSERT_EQ(j["rejected"].size(), 5u) << r.body;
  EXPECT_EQ(j["rejected"][0]["index"], 1);
  EXPECT_EQ(j["rejected"][0]["code"], "INVALID_ICCID");
  EXPECT_EQ(j["rejected"][0]["reason"], "an ICCID has 19 or 20 digits");
  EXPECT_EQ(j["rejected"][1]["reason"], "the ICCID's check digit is wrong");
  EXPECT_EQ(j["rejected"][2]["reason"], "an ICCID starts with 89");
  EXPECT_EQ(j["rejected"][3]["index"], 5);
  EXPECT_EQ(j["rejected"][3]["code"], "DUPLICATE");
  EXPECT_EQ(j["rejected"][4]["index"], 6);
  EXPECT_EQ(sim_state(a), "inStock");

  std::string m = fresh_msisdn();
  std::string national = m.substr(3);  // "9xxxxxxxx"
  Json msisdns = {national, "(01) 411-1111", "12", m, fresh_msisdn()};
  r = api().post(kNumberStock, {{"msisdns", msisdns}}, token(kAdmin));
  ASSERT_EQ(r.status, 200) << r.body;
  j = r.json();
  EXPECT_EQ(j["accepted"], 2);
  ASSERT_EQ(j["rejected"].size(), 3u) << r.body;
  EXPECT_EQ(j["rejected"][0]["code"], "INVALID_PHONE_NUMBER");
  EXPECT_EQ(j["rejected"][0]["reason"], "not a mobile number of PE");
  EXPECT_EQ(j["rejected"][1]["code"], "INVALID_PHONE_NUMBER");
  EXPECT_EQ(j["rejected"][2]["code"], "DUPLICATE");  // the same number written nationally
  EXPECT_EQ(number_state(m), "inStock");
  EXPECT_EQ(stock(std::string(kNumberStock) + "/" + m)["msisdn"], m);

  EXPECT_TRUE(is_error(api().post(kSimStock, {{"iccids", Json::array()}}, token(kAdmin)), 400,
                       "INVALID_FIELD", "iccids"));
  EXPECT_TRUE(is_error(api().post(kSimStock, Json::object(), token(kAdmin)), 400, "MISSING_FIELD",
                       "iccids"));
  EXPECT_TRUE(is_error(api().post(kSimStock, {{"iccids", {a}}}, as(kLeader)), 403, "FORBIDDEN"));
  EXPECT_TRUE(
      is_error(api().post(kNumberStock, {{"msisdns", {m}}}, token(kOperator)), 403, "FORBIDDEN"));
  EXPECT_TRUE(is_error(api().get(std::string(kSimStock) + "/" + fresh_iccid(), token(kAdmin)), 404,
                       "SIM_NOT_FOUND", "iccid"));
  EXPECT_TRUE(is_error(api().get(std::string(kSimStock) + "/123", token(kAdmin)), 400,
                       "INVALID_ICCID", "iccid"));
}

TEST_F(Lines, ImportCommandLoadsACsvFileAndListsRejectedRows) {
  std::string dir = suite().database().dir();
  std::string good = fresh_iccid(), other = fresh_iccid();
  {
    std::ofstream csv(dir + "/sims.csv");
    csv << "ICCID (20 digits),batch\n"
        << good << ",B1\n\n"
        << "8951\n"
        << "\"" << other << "\";B1\n"
        << good << "\n";
  }
  std::string out = dir + "/import.out";
  std::string cmd = std::string(ABONADO_BIN) + " import sims " + dir + "/sims.csv --db '" +
                    suite().database().url() + "' > " + out + " 2>&1";
  int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);  // some rows rejected
  std::string text = read_whole(out);
  EXPECT_NE(text.find("sims: 4 of 4 rows, 2 loaded, 2 rejected"), std::string::npos) << text;
  EXPECT_NE(text.find("sims: 2 loaded, 2 rejected of 4 rows"), std::string::npos) << text;
  EXPECT_NE(text.find("line 4: INVALID_ICCID: an ICCID has 19 or 20 digits (8951)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("line 6: DUPLICATE: the SIM card is already registered"), std::string::npos)
      << text;
  EXPECT_EQ(sim_state(good), "inStock");
  EXPECT_EQ(sim_state(other), "inStock");

  std::string m = fresh_msisdn();
  {
    std::ofstream csv(dir + "/numbers.csv");
    csv << m << "\n";
  }
  cmd = std::string(ABONADO_BIN) + " import numbers " + dir + "/numbers.csv --db '" +
        suite().database().url() + "' > " + out + " 2>&1";
  status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << read_whole(out);
  EXPECT_EQ(number_state(m), "inStock");

  // A spreadsheet's export: a byte order mark, lines ended by a lone CR, and
  // a first value mistyped with a letter O, which is a row to reject, not a header.
  std::string typo = fresh_iccid(), second = fresh_iccid(), third = fresh_iccid();
  typo[10] = 'O';
  {
    std::ofstream csv(dir + "/export.csv", std::ios::binary);
    csv << "\xEF\xBB\xBF" << typo << "\r" << second << "\r" << third << "\r";
  }
  cmd = std::string(ABONADO_BIN) + " import sims " + dir + "/export.csv --db '" +
        suite().database().url() + "' > " + out + " 2>&1";
  status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  text = read_whole(out);
  EXPECT_NE(text.find("sims: 2 loaded, 1 rejected of 3 rows"), std::string::npos) << text;
  EXPECT_NE(text.find("line 1: INVALID_ICCID"), std::string::npos) << text;
  EXPECT_EQ(sim_state(second), "inStock");
  EXPECT_EQ(sim_state(third), "inStock");

  // A directory is not a file of rows: an error, not "0 loaded".
  cmd = std::string(ABONADO_BIN) + " import sims " + dir + " --db '" + suite().database().url() +
        "' > " + out + " 2>&1";
  status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_NE(WEXITSTATUS(status), 0);
  EXPECT_NE(read_whole(out).find("is not a file that can be read"), std::string::npos)
      << read_whole(out);
}

TEST_F(LinesInApp, ActivationInTheAppOpensTheLineAndTextsItsNumber) {
  Person p = create_person(api(), token(kAdmin), "Ana", "Quispe");
  std::string iccid = fresh_iccid();
  load_sims(api(), token(kAdmin), {iccid});
  std::string msisdn = fresh_msisdn();
  load_numbers(api(), token(kAdmin), {msisdn});

  auto r = start_activation(p.party_id, iccid);
  ASSERT_EQ(r.status, 201) << r.body;
  Json a = r.json();
  EXPECT_EQ(a["status"], "pendingBiometric");
  EXPECT_EQ(a["msisdn"], msisdn);
  EXPECT_EQ(a["attemptsLeft"], 5);
  EXPECT_EQ(a["iccid"], iccid);
  ASSERT_NE(r.header("Location"), nullptr);
  EXPECT_EQ(*r.header("Location"), std::string(kActivations) + "/" + a["id"].get<std::string>());
  EXPECT_EQ(sim_state(iccid), "reserved");
  EXPECT_EQ(number_state(msisdn), "reserved");

  r = fingerprint(a["id"], "FP-" + p.dni);
  ASSERT_EQ(r.status, 200) << r.body;
  Json m = r.json();
  EXPECT_EQ(m["result"], "match");
  EXPECT_EQ(m["attemptsLeft"], 5);
  EXPECT_EQ(m["status"], "active");
  EXPECT_EQ(m["msisdn"], msisdn);
  std::string product_id = m["productId"];
  EXPECT_EQ(sim_state(iccid), "active");
  EXPECT_EQ(number_state(msisdn), "active");
  EXPECT_EQ(stock(std::string(kSimStock) + "/" + iccid)["product"]["id"], product_id);

  Json line = product(product_id);
  EXPECT_EQ(line["@type"], "Product");
  EXPECT_EQ(line["status"], "active");
  EXPECT_EQ(line["msisdn"], msisdn);
  EXPECT_EQ(line["msisdnNational"],
            msisdn.substr(3, 3) + " " + msisdn.substr(6, 3) + " " + msisdn.substr(9));
  EXPECT_EQ(line["iccid"], iccid);
  EXPECT_TRUE(line["productOffering"].is_null());  // the standard tariff (FL-13)
  EXPECT_EQ(line["relatedParty"][0]["id"], p.party_id);
  Json list = products_of(p.party_id);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], product_id);

  Json got =
      api().get(std::string(kActivations) + "/" + a["id"].get<std::string>(), as(kLeader)).json();
  EXPECT_EQ(got["status"], "active");
  EXPECT_EQ(got["productId"], product_id);
  EXPECT_EQ(got["sessionOpen"], true);

  // The SMS goes to the new line, telling its number.
  Json messages = messages_of(p.party_id);
  ASSERT_EQ(messages.size(), 1u) << messages.dump();
  EXPECT_EQ(messages[0]["messageType"], "SMS");
  EXPECT_EQ(messages[0]["receiver"][0]["phoneNumber"], msisdn);
  EXPECT_NE(
      messages[0]["content"].get<std::string>().find(line["msisdnNational"].get<std::string>()),
      std::string::npos)
      << messages[0].dump();
  bool recorded = false;
  for (const auto& i : interactions_of(p.party_id)) {
    recorded = recorded || (i.value("reason", "") == "Activación de línea" &&
                            i.value("outcome", "") == "activated");
  }
  EXPECT_TRUE(recorded);

  // The quick search finds the customer by the line's number, with the line.
  auto s = api().get("/api/v1/search?q=" + msisdn.substr(3), token(kOperator));
  ASSERT_EQ(s.status, 200) << s.body;
  ASSERT_EQ(s.json().size(), 1u) << s.body;
  EXPECT_EQ(s.json()[0]["party"]["id"], p.party_id);
  EXPECT_EQ(s.json()[0]["matchedBy"], "phone");
  ASSERT_EQ(s.json()[0]["product"].size(), 1u) << s.body;
  EXPECT_EQ(s.json()[0]["product"][0]["id"], product_id);
  EXPECT_EQ(s.json()[0]["product"][0]["msisdn"], msisdn);
}

TEST_F(LinesAttempts, FiveFailedFingerprintsRejectTheActivationAndFreeWhatItHeld) {
  Person p = create_person(api(), token(kAdmin));
  std::string iccid = fresh_iccid();
  load_sims(api(), token(kAdmin), {iccid});
  std::string msisdn = fresh_msisdn();
  load_numbers(api(), token(kAdmin), {msisdn});
  auto r = start_activation(p.party_id, iccid);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  for (int left = 4; left >= 1; --left) {
    r = fingerprint(id, "FP-00000000");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json()["result"], "noMatch");
    EXPECT_EQ(r.json()["attemptsLeft"], left);
    EXPECT_EQ(r.json()["status"], "pendingBiometric");
  }
  r = fingerprint(id, "FP-00000000");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["result"], "noMatch");
  EXPECT_EQ(r.json()["attemptsLeft"], 0);
  EXPECT_EQ(r.json()["status"], "rejected");
  EXPECT_EQ(r.json()["next"]["category"], "appRejected");
  // Never a sixth attempt, not even a right one.
  EXPECT_TRUE(is_error(fingerprint(id, "FP-" + p.dni), 409, "BIOMETRIC_ATTEMPTS_EXHAUSTED", "id"));
  EXPECT_EQ(sim_state(iccid), "inStock");
  EXPECT_EQ(number_state(msisdn), "inStock");
  EXPECT_TRUE(products_of(p.party_id).empty());

  // The number is done for this document (FL-2 counts per document and
  // number): the pool has no other one for it...
  std::string iccid2 = fresh_iccid();
  load_sims(api(), token(kAdmin), {iccid2});
  EXPECT_TRUE(is_error(start_activation(p.party_id, iccid2), 409, "NO_NUMBER_AVAILABLE"));
  EXPECT_EQ(sim_state(iccid2), "inStock");  // nothing held back
  // ...another document may have it, and this one gets a fresh count on another number.
  Person other = create_person(api(), token(kAdmin));
  r = start_activation(other.party_id, iccid2);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["msisdn"], msisdn);
  EXPECT_EQ(r.json()["attemptsLeft"], 5);
  std::string iccid3 = stock_one();
  r = start_activation(p.party_id, iccid3);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_NE(r.json()["msisdn"], msisdn);
  EXPECT_EQ(r.json()["attemptsLeft"], 5);
}

TEST_F(Lines, ADocumentHoldsAtMostFiveLines) {
  Person p = create_person(api(), token(kAdmin));
  for (int i = 0; i < 5; ++i) activated(p);
  EXPECT_EQ(products_of(p.party_id).size(), 5u);
  std::string iccid = stock_one();
  EXPECT_TRUE(is_error(start_activation(p.party_id, iccid), 409, "LINE_LIMIT_REACHED", "partyId"));
  EXPECT_EQ(sim_state(iccid), "inStock");
}

TEST_F(Lines, ConcurrentMatchesForTheFifthLineMakeExactlyOne) {
  Person p = create_person(api(), token(kAdmin));
  for (int i = 0; i < 4; ++i) activated(p);
  // All may start (4 < 5); only one may finish: FL-3 is checked again in the
  // transaction that opens the line, under the document's lock.
  constexpr int kRacers = 4;
  std::vector<std::string> ids;
  for (int i = 0; i < kRacers; ++i) {
    auto r = start_activation(p.party_id, stock_one());
    ASSERT_EQ(r.status, 201) << r.body;
    ids.push_back(r.json()["id"]);
  }
  std::string leader = as(kLeader);
  std::vector<HttpResponse> results(kRacers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client(port());
      results[i] = client.post(std::string(kActivations) + "/" + ids[i] + "/biometric",
                               {{"fingerprint", "FP-" + p.dni}}, leader);
    });
  }
  for (auto& t : threads) t.join();
  int won = 0, refused = 0;
  std::string bodies;
  for (const auto& r : results) {
    if (r.status == 200 && r.json()["result"] == "match") ++won;
    if (is_error(r, 409, "LINE_LIMIT_REACHED")) ++refused;
    bodies += r.body + "\n";
  }
  EXPECT_EQ(won, 1) << bodies;
  EXPECT_EQ(refused, kRacers - 1) << bodies;
  // The refused ones end at once, their SIMs and numbers back in stock.
  int cancelled = 0;
  for (const auto& id : ids) {
    auto a = api().get(std::string(kActivations) + "/" + id, leader);
    cancelled += a.json()["status"] == "cancelled";
  }
  EXPECT_EQ(cancelled, kRacers - 1);
  int active = 0;
  for (const auto& l : products_of(p.party_id)) active += l["status"] == "active";
  EXPECT_EQ(active, 5);
}

TEST_F(Lines, TwoConcurrentActivationsOfOneSimReserveItOnce) {
  std::string iccid = fresh_iccid();
  load_sims(api(), token(kAdmin), {iccid});
  load_numbers(api(), token(kAdmin), {fresh_msisdn(), fresh_msisdn()});
  Person a = create_person(api(), token(kAdmin)), b = create_person(api(), token(kAdmin));
  std::string leader = as(kLeader);
  std::vector<HttpResponse> results(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client(port());
      results[i] = client.post(
          kActivations, {{"partyId", (i ? b : a).party_id}, {"iccid", iccid}, {"channel", "app"}},
          leader);
    });
  }
  for (auto& t : threads) t.join();
  int created = 0, refused = 0;
  for (const auto& r : results) {
    if (r.status == 201) ++created;
    if (is_error(r, 409, "SIM_NOT_AVAILABLE", "iccid")) ++refused;
  }
  EXPECT_EQ(created, 1) << results[0].body << "\n" << results[1].body;
  EXPECT_EQ(refused, 1) << results[0].body << "\n" << results[1].body;
}

TEST_F(Lines, DocumentsThatMayNotUseTheAppArePointedToTheForm) {
  std::string iccid = stock_one();
  auto r = start_activation(foreigner().party_id, iccid);
  EXPECT_TRUE(is_error(r, 400, "APP_NOT_ALLOWED", "partyId"));
  EXPECT_NE(r.body.find("category foreigner"), std::string::npos) << r.body;
  static std::atomic<int> passports{0};
  r = start_activation(
      person_with("PASSPORT", "CP" + std::to_string(4810000 + passports++)).party_id, iccid);
  EXPECT_TRUE(is_error(r, 400, "APP_NOT_ALLOWED", "partyId"));
  EXPECT_NE(r.body.find("category foreigner"), std::string::npos) << r.body;
  r = start_activation(disabled_person().party_id, iccid);
  EXPECT_TRUE(is_error(r, 400, "APP_NOT_ALLOWED", "partyId"));
  EXPECT_NE(r.body.find("category disability"), std::string::npos) << r.body;
  r = start_activation(company(), iccid);
  EXPECT_TRUE(is_error(r, 400, "APP_NOT_ALLOWED", "partyId"));
  EXPECT_NE(r.body.find("category company"), std::string::npos) << r.body;
  EXPECT_EQ(sim_state(iccid), "inStock");
}

TEST_F(LinesBadInput, BadInputIsAPreciseErrorAndChangesNothing) {
  Person p = create_person(api(), token(kAdmin));
  std::string iccid = stock_one();
  EXPECT_TRUE(
      is_error(start_activation(p.party_id, "8951010000000000013"), 400, "INVALID_ICCID", "iccid"));
  EXPECT_TRUE(is_error(start_activation(p.party_id, fresh_iccid()), 404, "SIM_NOT_FOUND", "iccid"));
  EXPECT_TRUE(is_error(start_activation("no-such-party", iccid), 404, "NOT_FOUND", "partyId"));
  EXPECT_TRUE(is_error(
      api().post(kActivations, {{"partyId", p.party_id}, {"iccid", iccid}, {"channel", "web"}},
                 as(kLeader)),
      400, "INVALID_FIELD", "channel"));
  EXPECT_TRUE(is_error(api().post(kActivations, {{"partyId", p.party_id}}, as(kLeader)), 400,
                       "MISSING_FIELD", "iccid"));
  EXPECT_TRUE(is_error(start_activation(p.party_id, iccid, kOperator), 403, "FORBIDDEN"));
  EXPECT_EQ(sim_state(iccid), "inStock");

  auto r = start_activation(p.party_id, iccid);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"];
  // The SIM is taken now; a second party cannot have it.
  EXPECT_TRUE(is_error(start_activation(create_person(api(), token(kAdmin)).party_id, iccid), 409,
                       "SIM_NOT_AVAILABLE", "iccid"));
  // The pool is empty now.
  std::string iccid2 = fresh_iccid();
  load_sims(api(), token(kAdmin), {iccid2});
  EXPECT_TRUE(is_error(start_activation(p.party_id, iccid2), 409, "NO_NUMBER_AVAILABLE"));
  EXPECT_EQ(sim_state(iccid2), "inStock");

  EXPECT_TRUE(is_error(
      api().post(std::string(kActivations) + "/" + id + "/biometric", Json::object(), as(kLeader)),
      400, "MISSING_FIELD", "fingerprint"));
  EXPECT_TRUE(is_error(fingerprint("nope", "FP-1"), 404, "NOT_FOUND", "id"));
  ASSERT_EQ(fingerprint(id, "FP-" + p.dni).status, 200);
  EXPECT_TRUE(is_error(fingerprint(id, "FP-" + p.dni), 409, "ACTIVATION_NOT_PENDING", "id"));
  EXPECT_TRUE(is_error(api().get(std::string(kActivations) + "/nope", as(kLeader)), 404,
                       "NOT_FOUND", "id"));
  EXPECT_TRUE(is_error(api().get(std::string(kProducts) + "/nope", token(kOperator)), 404,
                       "NOT_FOUND", "id"));
  EXPECT_TRUE(is_error(api().get(std::string(kProducts) + "?status=gone", token(kOperator)), 400,
                       "INVALID_PARAMETER", "status"));
  EXPECT_TRUE(is_error(api().get(std::string(kNumberStock) + "/" + fresh_msisdn(), token(kAdmin)),
                       404, "NOT_FOUND", "msisdn"));
  EXPECT_TRUE(is_error(api().get(std::string(kSimStock) + "/" + fresh_iccid(), token(kAdmin)), 404,
                       "SIM_NOT_FOUND", "iccid"));
}

TEST_F(Lines, TheLeaderClosesTheSessionOrCancelsAPendingActivation) {
  Person p = create_person(api(), token(kAdmin));
  ActivatedLine l = activated(p);
  std::string close = std::string(kActivations) + "/" + l.activation_id + "/close";
  auto r = api().post(close, Json::object(), as(kLeader));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "active");
  EXPECT_EQ(r.json()["sessionOpen"], false);
  EXPECT_TRUE(r.json()["closedAt"].is_string());
  EXPECT_EQ(api().post(close, Json::object(), as(kLeader)).status, 200);  // closed stays closed
  // "close" takes no body: a bare POST is enough, and a body must still be JSON.
  auto bare = api().send({.method = "POST", .path = close, .token = as(kLeader)});
  EXPECT_EQ(bare.status, 200) << bare.body;
  auto text = api().send({.method = "POST",
                          .path = close,
                          .token = as(kLeader),
                          .body = "close it",
                          .content_type = "text/plain"});
  EXPECT_TRUE(is_error(text, 415, "UNSUPPORTED_MEDIA_TYPE")) << text.body;

  std::string iccid = stock_one();
  r = start_activation(p.party_id, iccid);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"], msisdn = r.json()["msisdn"];
  r = api().post(std::string(kActivations) + "/" + id + "/close", Json::object(), as(kLeader));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "cancelled");
  EXPECT_TRUE(r.json()["closedAt"].is_string()) << r.body;
  EXPECT_EQ(r.json()["sessionOpen"], false);
  EXPECT_EQ(sim_state(iccid), "inStock");
  EXPECT_EQ(number_state(msisdn), "inStock");
  EXPECT_TRUE(is_error(fingerprint(id, "FP-" + p.dni), 409, "ACTIVATION_NOT_PENDING"));
}

TEST_F(Lines, ALeaderReachesOnlyTheActivationsTheyStarted) {
  Person p = create_person(api(), token(kAdmin));
  std::string iccid = stock_one();
  auto r = start_activation(p.party_id, iccid);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = r.json()["id"], path = std::string(kActivations) + "/" + id;
  // Another leader can neither read the customer's activation, nor spend its
  // fingerprint attempts, nor cancel it: for them it does not exist.
  EXPECT_TRUE(is_error(api().get(path, as(kOtherLeader)), 404, "NOT_FOUND", "id"));
  EXPECT_TRUE(is_error(fingerprint(id, "FP-00000000", kOtherLeader), 404, "NOT_FOUND", "id"));
  EXPECT_TRUE(
      is_error(api().post(path + "/close", Json::object(), as(kOtherLeader)), 404, "NOT_FOUND"));
  auto mine = api().get(path, as(kLeader));
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json()["status"], "pendingBiometric");
  EXPECT_EQ(mine.json()["attemptsLeft"], 5);
  EXPECT_EQ(sim_state(iccid), "reserved");
  // The reserved SIM names the line it is held for, without a link to a line not open yet.
  Json held = stock(std::string(kSimStock) + "/" + iccid)["product"];
  EXPECT_TRUE(held["id"].is_string() && !held.contains("href")) << held.dump();
  EXPECT_EQ(api().get(path, token(kAdmin)).status, 200);

  // Nor port a number through the session the first leader opened.
  auto m = fingerprint(id, "FP-" + p.dni);
  ASSERT_EQ(m.status, 200) << m.body;
  std::string product = m.json()["productId"];
  EXPECT_EQ(stock(std::string(kSimStock) + "/" + iccid)["product"]["href"],
            std::string(kProducts) + "/" + product);
  Json port = {{"productId", product},
               {"msisdn", "+51986" + fresh_msisdn().substr(6)},
               {"donorOperator", "Movistar"},
               {"pin", "0000"},
               {"activationId", id}};
  EXPECT_TRUE(
      is_error(api().post(kPortIns, port, as(kOtherLeader)), 404, "NOT_FOUND", "activationId"));
  auto started = api().post(kPortIns, port, as(kLeader));
  ASSERT_EQ(started.status, 201) << started.body;
  // The port, too, is the first leader's: another leader does not see it.
  std::string port_path = *started.header("Location");
  EXPECT_TRUE(is_error(api().get(port_path, as(kOtherLeader)), 404, "NOT_FOUND", "id"));
  EXPECT_EQ(api().get(port_path, as(kLeader)).status, 200);
  EXPECT_EQ(api().get(port_path, as(kBackoffice)).status, 200);
}

// The leader's phone lost the wizard (logged out, another device): starting the
// same customer with the same SIM resumes the activation that waits, with the
// attempts it has left, instead of finding the SIM held until the session ends.
TEST_F(Lines, StartingTheSameActivationAgainResumesIt) {
  Person p = create_person(api(), token(kAdmin));
  std::string iccid = stock_one();
  auto first = start_activation(p.party_id, iccid);
  ASSERT_EQ(first.status, 201) << first.body;
  std::string id = first.json()["id"];
  EXPECT_EQ(fingerprint(id, "FP-00000000").json()["result"], "noMatch");

  auto again = start_activation(p.party_id, iccid);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["id"], id);
  EXPECT_EQ(again.json()["msisdn"], first.json()["msisdn"]);
  EXPECT_EQ(again.json()["attemptsLeft"], 4);
  // Not for another leader, nor for another customer: the SIM is taken.
  EXPECT_TRUE(
      is_error(start_activation(p.party_id, iccid, kOtherLeader), 409, "SIM_NOT_AVAILABLE"));
  Person q = create_person(api(), token(kAdmin));
  EXPECT_TRUE(is_error(start_activation(q.party_id, iccid), 409, "SIM_NOT_AVAILABLE"));
  // Once matched, the phone that lost the answer is shown the line again
  // (its number, and the port while the session lasts), not sent for another
  // SIM; others still find the SIM taken.
  ASSERT_EQ(fingerprint(id, "FP-" + p.dni).status, 200);
  auto matched = start_activation(p.party_id, iccid);
  ASSERT_EQ(matched.status, 200) << matched.body;
  EXPECT_EQ(matched.json()["id"], id);
  EXPECT_EQ(matched.json()["status"], "active");
  EXPECT_EQ(matched.json()["msisdn"], first.json()["msisdn"]);
  EXPECT_TRUE(matched.json()["productId"].is_string()) << matched.body;
  EXPECT_EQ(matched.json()["sessionOpen"], true);
  EXPECT_EQ(products_of(p.party_id).size(), 1u);
  EXPECT_TRUE(
      is_error(start_activation(p.party_id, iccid, kOtherLeader), 409, "SIM_NOT_AVAILABLE"));
  EXPECT_TRUE(is_error(start_activation(q.party_id, iccid), 409, "SIM_NOT_AVAILABLE"));
  // Only within the session's 30 minutes: after them the chip is simply in use.
  advance(31 * 60);
  relogin();
  EXPECT_TRUE(is_error(start_activation(p.party_id, iccid), 409, "SIM_NOT_AVAILABLE"));
}

TEST_F(Lines, ARefusedMatchRacingACloseStillAnswersLineLimitReached) {
  Person p = create_person(api(), token(kAdmin));
  for (int i = 0; i < 4; ++i) activated(p);
  // Pending activations may start while the document has 4 lines; once a
  // fifth opens, each of their matches is refused, racing the leader's close.
  constexpr int kRounds = 4;
  std::vector<std::string> ids;
  for (int i = 0; i < kRounds; ++i) {
    auto r = start_activation(p.party_id, stock_one());
    ASSERT_EQ(r.status, 201) << r.body;
    ids.push_back(r.json()["id"]);
  }
  activated(p);
  std::string leader = as(kLeader);
  for (const auto& id : ids) {
    HttpResponse check, close;
    std::thread checker([&] {
      HttpClient client(port());
      check = client.post(std::string(kActivations) + "/" + id + "/biometric",
                          {{"fingerprint", "FP-" + p.dni}}, leader);
    });
    std::thread closer([&] {
      HttpClient client(port());
      close = client.post(std::string(kActivations) + "/" + id + "/close", Json::object(), leader);
    });
    checker.join();
    closer.join();
    // The close may come first (then the check finds nothing pending), never
    // anything but these two answers.
    EXPECT_TRUE(is_error(check, 409, "LINE_LIMIT_REACHED") ||
                is_error(check, 409, "ACTIVATION_NOT_PENDING"))
        << check.body;
    EXPECT_EQ(close.status, 200) << close.body;
    Json a = api().get(std::string(kActivations) + "/" + id, leader).json();
    EXPECT_EQ(a["status"], "cancelled") << a.dump();
    EXPECT_EQ(sim_state(a["iccid"]), "inStock");
    EXPECT_EQ(number_state(a["msisdn"]), "inStock");
  }
  EXPECT_EQ(products_of(p.party_id).size(), 5u);
}

// The back office suspends an active line and resumes it (TMF637 PATCH of
// the status); the product, the product list and the quick search show it at
// once, and each move is audited and recorded as a contact.
TEST_F(Lines, TheBackOfficeSuspendsAndResumesALine) {
  Person p = create_person(api(), token(kAdmin));
  ActivatedLine l = activated(p);
  std::string path = std::string(kProducts) + "/" + l.product_id;
  auto r = api().patch(path, {{"status", "suspended"}}, as(kBackoffice));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["id"], l.product_id);
  EXPECT_EQ(r.json()["status"], "suspended");
  EXPECT_EQ(product(l.product_id)["status"], "suspended");
  EXPECT_EQ(products_of(p.party_id)[0]["status"], "suspended");
  auto suspended = api().get(
      std::string(kProducts) + "?status=suspended&relatedParty.id=" + p.party_id, token(kOperator));
  ASSERT_EQ(suspended.status, 200) << suspended.body;
  ASSERT_EQ(suspended.json().size(), 1u) << suspended.body;
  auto s = api().get("/api/v1/search?q=" + l.msisdn.substr(3), token(kOperator));
  ASSERT_EQ(s.status, 200) << s.body;
  ASSERT_EQ(s.json().size(), 1u) << s.body;
  ASSERT_EQ(s.json()[0]["product"].size(), 1u) << s.body;
  EXPECT_EQ(s.json()[0]["product"][0]["status"], "suspended");

  // Only an active line is suspended, only a suspended one resumed.
  r = api().patch(path, {{"status", "suspended"}}, as(kBackoffice));
  EXPECT_TRUE(is_error(r, 409, "LINE_NOT_ACTIVE", "status")) << r.body;
  EXPECT_NE(r.body.find("the line is suspended, not active"), std::string::npos) << r.body;
  r = api().patch(path, {{"status", "active"}}, token(kAdmin));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "active");
  r = api().patch(path, {{"status", "active"}}, token(kAdmin));
  EXPECT_TRUE(is_error(r, 409, "CONFLICT", "status")) << r.body;
  EXPECT_NE(r.body.find("the line is active, not suspended"), std::string::npos) << r.body;
  EXPECT_EQ(product(l.product_id)["status"], "active");
  s = api().get("/api/v1/search?q=" + l.msisdn.substr(3), token(kOperator));
  EXPECT_EQ(s.json()[0]["product"][0]["status"], "active") << s.body;

  auto audit = api().get("/api/v1/audit?entityId=" + l.product_id, token(kAdmin));
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::map<std::string, Json> by_action;
  for (const auto& a : audit.json()) by_action[a.value("action", "")] = a;
  ASSERT_EQ(by_action.count("product.suspend"), 1u) << audit.body;
  EXPECT_EQ(by_action["product.suspend"]["actor"]["username"], kBackoffice);
  EXPECT_EQ(by_action["product.suspend"]["before"]["status"], "active");
  EXPECT_EQ(by_action["product.suspend"]["after"]["status"], "suspended");
  ASSERT_EQ(by_action.count("product.resume"), 1u) << audit.body;
  EXPECT_EQ(by_action["product.resume"]["before"]["status"], "suspended");
  EXPECT_EQ(by_action["product.resume"]["after"]["status"], "active");
  EXPECT_EQ(audit.json().size(), 3u) << audit.body;  // create, suspend, resume: refusals leave none

  int suspensions = 0, resumptions = 0;
  for (const auto& i : interactions_of(p.party_id)) {
    suspensions +=
        i.value("reason", "") == "Suspensión de línea" && i.value("outcome", "") == "suspended";
    resumptions +=
        i.value("reason", "") == "Reactivación de línea" && i.value("outcome", "") == "active";
  }
  EXPECT_EQ(suspensions, 1);
  EXPECT_EQ(resumptions, 1);
}

TEST_F(Lines, ASuspendPatchTakesOnlyTheStatusFromTheBackOffice) {
  Person p = create_person(api(), token(kAdmin));
  ActivatedLine l = activated(p);
  std::string path = std::string(kProducts) + "/" + l.product_id;
  EXPECT_TRUE(is_error(api().patch(path, {{"status", "terminated"}}, token(kAdmin)), 400,
                       "INVALID_FIELD", "status"));
  EXPECT_TRUE(is_error(
      api().patch(path, {{"status", "suspended"}, {"msisdn", "+51999999999"}}, token(kAdmin)), 400,
      "INVALID_FIELD", "msisdn"));
  EXPECT_TRUE(
      is_error(api().patch(path, Json::object(), token(kAdmin)), 400, "MISSING_FIELD", "status"));
  EXPECT_TRUE(is_error(
      api().patch(std::string(kProducts) + "/nope", {{"status", "suspended"}}, token(kAdmin)), 404,
      "NOT_FOUND", "id"));
  for (const std::string& who : {std::string(kOperator), std::string(kLeader)}) {
    EXPECT_TRUE(is_error(api().patch(path, {{"status", "suspended"}}, as(who)), 403, "FORBIDDEN"))
        << who;
  }
  EXPECT_TRUE(is_error(api().patch(path, {{"status", "suspended"}}), 401, "UNAUTHORIZED"));
  EXPECT_EQ(product(l.product_id)["status"], "active");

  // A line that is neither active nor suspended moves neither way.
  exec_sql("UPDATE products SET status = 'terminated' WHERE id = '" + l.product_id + "'");
  auto r = api().patch(path, {{"status", "suspended"}}, as(kBackoffice));
  EXPECT_TRUE(is_error(r, 409, "LINE_NOT_ACTIVE", "status")) << r.body;
  EXPECT_NE(r.body.find("the line is terminated"), std::string::npos) << r.body;
  EXPECT_TRUE(is_error(api().patch(path, {{"status", "active"}}, as(kBackoffice)), 409, "CONFLICT",
                       "status"));
  EXPECT_EQ(product(l.product_id)["status"], "terminated");
}

// FL-3 counts live lines: a suspended one still takes its place.
TEST_F(Lines, ASuspendedLineStillCountsTowardTheLineLimit) {
  Person p = create_person(api(), token(kAdmin));
  std::vector<ActivatedLine> lines;
  for (int i = 0; i < 5; ++i) lines.push_back(activated(p));
  auto r = api().patch(std::string(kProducts) + "/" + lines[0].product_id,
                       {{"status", "suspended"}}, as(kBackoffice));
  ASSERT_EQ(r.status, 200) << r.body;
  std::string iccid = stock_one();
  EXPECT_TRUE(is_error(start_activation(p.party_id, iccid), 409, "LINE_LIMIT_REACHED", "partyId"));
  EXPECT_EQ(sim_state(iccid), "inStock");
}

// A port in progress and a load of its number into stock serialise on the
// number (FL-9): whichever comes second is refused, and the ported number is
// the line's in the pool once the port completes.
TEST_F(LinesPortsAndStock, APortAndALoadOfOneNumberNeverBothWin) {
  constexpr int kRounds = 8;
  std::string leader = as(kLeader), admin = token(kAdmin);
  std::vector<std::pair<std::string, std::string>> ported;  // port id, number
  for (int i = 0; i < kRounds; ++i) {
    ActivatedLine l = activated(create_person(api(), admin));
    std::string n = fresh_msisdn();
    HttpResponse start, load;
    std::thread porter([&] {
      HttpClient client(port());
      start = client.post(kPortIns,
                          {{"productId", l.product_id},
                           {"msisdn", n},
                           {"donorOperator", "Claro"},
                           {"pin", "0000"},
                           {"activationId", l.activation_id}},
                          leader);
    });
    std::thread loader([&] {
      HttpClient client(port());
      load = client.post(kNumberStock, {{"msisdns", {n}}}, admin);
    });
    porter.join();
    loader.join();
    ASSERT_EQ(load.status, 200) << load.body;
    bool loaded = load.json()["accepted"] == 1;
    if (loaded) {
      EXPECT_TRUE(is_error(start, 409, "NUMBER_ALREADY_OURS", "msisdn")) << start.body;
      EXPECT_EQ(number_state(n), "inStock");
    } else {
      ASSERT_EQ(start.status, 201) << start.body << "\n" << load.body;
      EXPECT_EQ(load.json()["rejected"][0]["code"], "DUPLICATE") << load.body;
      EXPECT_NE(load.body.find("ported in"), std::string::npos) << load.body;
      EXPECT_EQ(number_state(n), "portingIn");
      ported.push_back({start.json()["id"], n});
    }
  }
  // A load after the port started is refused too.
  if (!ported.empty()) {
    auto r = api().post(kNumberStock, {{"msisdns", {ported[0].second}}}, admin);
    EXPECT_EQ(r.json()["accepted"], 0) << r.body;
  }
  advance(25 * 3600);
  relogin();
  for (const auto& [id, n] : ported) {
    Json p = api().get(std::string(kPortIns) + "/" + id, as(kLeader)).json();
    EXPECT_EQ(p["status"], "completed") << p.dump();
    EXPECT_EQ(product(p["productId"])["msisdn"], n);
    EXPECT_EQ(number_state(n), "active");
    EXPECT_EQ(stock(std::string(kNumberStock) + "/" + n)["product"]["id"], p["productId"]);
  }
}

// Stock loaded while a port was open (before ports held their number) may
// have given the number to another line: the port then fails for good, with
// a reason, and the customer keeps the temporary number.
TEST_F(LinesPortCollision, APortWhoseNumberWentToAnotherLineFailsVisibly) {
  Person p = create_person(api(), token(kAdmin));
  ActivatedLine l = activated(p);
  std::string n = fresh_msisdn();
  auto r = api().post(kPortIns,
                      {{"productId", l.product_id},
                       {"msisdn", n},
                       {"donorOperator", "Claro"},
                       {"pin", "0000"},
                       {"activationId", l.activation_id}},
                      as(kLeader));
  ASSERT_EQ(r.status, 201) << r.body;
  std::string port_id = r.json()["id"];
  EXPECT_TRUE(r.json()["reason"].is_null());
  // What the race left: the number free in the pool, then a new line took it.
  exec_sql("UPDATE numbers SET status = 'inStock', product_id = NULL WHERE msisdn = '" + n + "'");
  Person q = create_person(api(), token(kAdmin));
  std::string iccid = fresh_iccid();
  load_sims(api(), token(kAdmin), {iccid});
  auto a = start_activation(q.party_id, iccid);
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(a.json()["msisdn"], n);
  ASSERT_EQ(fingerprint(a.json()["id"], "FP-" + q.dni).status, 200);

  advance(25 * 3600);
  relogin();
  Json failed = api().get(std::string(kPortIns) + "/" + port_id, as(kLeader)).json();
  EXPECT_EQ(failed["status"], "failed") << failed.dump();
  EXPECT_EQ(failed["reason"], "the number is on another line") << failed.dump();
  EXPECT_EQ(product(l.product_id)["msisdn"], l.msisdn);
  auto others = products_of(q.party_id);
  ASSERT_EQ(others.size(), 1u);
  EXPECT_EQ(others[0]["msisdn"], n);
  EXPECT_EQ(number_state(l.msisdn), "active");
  bool recorded = false;
  for (const auto& i : interactions_of(p.party_id)) {
    recorded = recorded || (i.value("reason", "") == "Portabilidad entrante" &&
                            i.value("outcome", "") == "failed");
  }
  EXPECT_TRUE(recorded);
  // Failed is final: the job does not take it up again.
  advance(3600);
  EXPECT_EQ(api().get(std::string(kPortIns) + "/" + port_id, as(kLeader)).json()["status"],
            "failed");

  // A port whose number was only loaded into stock takes it back from the pool.
  n = fresh_msisdn();
  ActivatedLine other = activated(create_person(api(), token(kAdmin)));
  r = api().post(kPortIns,
                 {{"productId", other.product_id},
                  {"msisdn", n},
                  {"donorOperator", "Claro"},
                  {"pin", "0000"},
                  {"activationId", other.activation_id}},
                 as(kLeader));
  ASSERT_EQ(r.status, 201) << r.body;
  port_id = r.json()["id"];
  exec_sql("UPDATE numbers SET status = 'inStock', product_id = NULL WHERE msisdn = '" + n + "'");
  advance(25 * 3600);
  relogin();
  EXPECT_EQ(api().get(std::string(kPortIns) + "/" + port_id, as(kLeader)).json()["status"],
            "completed");
  EXPECT_EQ(product(other.product_id)["msisdn"], n);
  EXPECT_EQ(number_state(n), "active");
}

// Servers of their own: one io thread, and one without --testing.
std::string login_admin(HttpClient& client) {
  auto r =
      client.post("/api/v1/auth/login", {{"username", kAdmin}, {"password", password_of(kAdmin)}});
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json().value("token", "");
}

// A pending activation on `client`'s server; returns its id.
std::string pending_activation(HttpClient& client, const std::string& admin, const Person& p) {
  std::string iccid = fresh_iccid();
  load_sims(client, admin, {iccid});
  load_numbers(client, admin, {fresh_msisdn()});
  auto r = client.post(kActivations,
                       {{"partyId", p.party_id}, {"iccid", iccid}, {"channel", "app"}}, admin);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json().value("id", "");
}

// A line activated on `client`'s server and a number of another operator to
// port onto it.
struct PortableLine {
  std::string product_id;
  std::string other_number;
  std::string activation_id;  // its session, still open
};
PortableLine portable_line(HttpClient& client, const std::string& admin) {
  Person p = create_person(client, admin);
  std::string id = pending_activation(client, admin, p);
  auto matched = client.post(std::string(kActivations) + "/" + id + "/biometric",
                             {{"fingerprint", "FP-" + p.dni}}, admin);
  EXPECT_EQ(matched.status, 200) << matched.body;
  return {matched.json().value("productId", ""),
          "+51987" + matched.json().value("msisdn", "").substr(6), id};
}

// Whether, while the outside `service` (as /metrics names it) has a check
// under way and its request is not answered, the server answers /metrics
// and then /health. A check asked on the io thread would hold /metrics
// itself until it ended.
bool answers_during_check(HttpClient& client, const std::string& admin, const std::string& service,
                          const std::atomic<bool>& answered) {
  std::string gauge = "abonado_outside_checks_in_flight{service=\"" + service + "\"} 1";
  bool asked = false;
  for (int i = 0; i < 10000 && !asked && !answered; ++i) {
    asked = client.get("/metrics", admin).body.find(gauge) != std::string::npos;
  }
  return asked && client.get("/health").status == 200 && !answered;
}

TEST(LinesRegistry, ASlowFingerprintCheckDoesNotHoldTheServer) {
  // One io thread: if the registry call held it, nothing else would be
  // answered until the (simulated, 5 s) check ends.
  TestDatabase db;
  add_agent_with_cli(db, {kAdmin, {"admin"}, password_of(kAdmin)});
  TestServer server(db, "slow-registry", {{"--threads", "1"}});
  HttpClient client(server.port());
  std::string admin = login_admin(client);
  Person p = create_person(client, admin);
  std::string id = pending_activation(client, admin, p);
  HttpResponse check;
  std::atomic<bool> check_answered{false};
  std::thread checker([&] {
    HttpClient other(server.port());
    check = other.post(std::string(kActivations) + "/" + id + "/biometric",
                       {{"fingerprint", "DELAY5000:FP-" + p.dni}}, admin);
    check_answered = true;
  });
  bool served = answers_during_check(client, admin, "biometricRegistry", check_answered);
  checker.join();
  EXPECT_TRUE(served) << "the server did not answer while the registry had the check";
  ASSERT_EQ(check.status, 200) << check.body;
  EXPECT_EQ(check.json()["result"], "match");
  EXPECT_EQ(server.stop(), 0);
}

TEST(LinesRegistry, ASlowClearinghouseDoesNotHoldTheServer) {
  // As above, for the donor's PIN (FL-6): one io thread, a (simulated, 5 s)
  // clearinghouse answer.
  TestDatabase db;
  add_agent_with_cli(db, {kAdmin, {"admin"}, password_of(kAdmin)});
  TestServer server(db, "slow-clearinghouse", {{"--threads", "1"}});
  HttpClient client(server.port());
  std::string admin = login_admin(client);
  auto [product, ported, session] = portable_line(client, admin);
  HttpResponse port;
  std::atomic<bool> port_answered{false};
  std::thread porter([&] {
    HttpClient other(server.port());
    port = other.post(kPortIns,
                      {{"productId", product},
                       {"msisdn", ported},
                       {"donorOperator", "Movistar"},
                       {"pin", "DELAY5000:0000"}},
                      admin);
    port_answered = true;
  });
  bool served = answers_during_check(client, admin, "clearinghouse", port_answered);
  porter.join();
  EXPECT_TRUE(served) << "the server did not answer while the clearinghouse had the check";
  ASSERT_EQ(port.status, 201) << port.body;
  EXPECT_EQ(port.json()["status"], "inProgress");
  EXPECT_EQ(server.stop(), 0);
}

// FL-6: a check the clearinghouse never answered is no wrong PIN: it does not
// count against the number (here six of them, over the policy's five).
TEST(LinesRegistry, PinChecksTheClearinghouseDidNotAnswerDoNotCount) {
  TestDatabase db;
  add_agent_with_cli(db, {kAdmin, {"admin"}, password_of(kAdmin)});
  TestServer server(db, "silent-clearinghouse");
  HttpClient client(server.port());
  std::string admin = login_admin(client);
  auto [product, ported, session] = portable_line(client, admin);
  auto port = [&](const std::string& pin) {
    return client.post(
        kPortIns,
        {{"productId", product}, {"msisdn", ported}, {"donorOperator", "Movistar"}, {"pin", pin}},
        admin);
  };
  for (int i = 0; i < 6; ++i) {
    EXPECT_TRUE(is_error(port("NOANSWER"), 503, "SERVICE_UNAVAILABLE", "pin"));
  }
  auto r = port("0000");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(server.stop(), 0);
}

// A right PIN whose port is then refused (here the session closed while the
// donor was asked) is no wrong one: the number keeps its five attempts.
TEST(LinesRegistry, ARightPinWhosePortIsRefusedDoesNotCount) {
  TestDatabase db;
  add_agent_with_cli(db, {kAdmin, {"admin"}, password_of(kAdmin)});
  TestServer server(db, "refused-port");
  HttpClient client(server.port());
  std::string admin = login_admin(client);
  auto [product, ported, id] = portable_line(client, admin);
  auto port = [&](HttpClient& c, const std::string& pin, bool in_session) {
    Json body = {
        {"productId", product}, {"msisdn", ported}, {"donorOperator", "Movistar"}, {"pin", pin}};
    if (in_session) body["activationId"] = id;
    return c.post(kPortIns, body, admin);
  };
  HttpResponse refused;
  std::atomic<bool> answered{false};
  std::thread porter([&] {
    HttpClient other(server.port());
    refused = port(other, "DELAY3000:0000", true);
    answered = true;
  });
  // The session closes while the clearinghouse has the (right) PIN.
  bool asked = answers_during_check(client, admin, "clearinghouse", answered);
  auto closed = client.post(std::string(kActivations) + "/" + id + "/close", Json::object(), admin);
  porter.join();
  ASSERT_TRUE(asked) << "the port was answered before the clearinghouse was asked";
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_TRUE(is_error(refused, 409, "ACTIVATION_SESSION_CLOSED", "activationId")) << refused.body;
  auto wrong = port(client, "1234", false);
  EXPECT_TRUE(is_error(wrong, 400, "INVALID_PORTING_PIN", "pin"));
  EXPECT_NE(wrong.body.find("4 more may be tried"), std::string::npos) << wrong.body;
  EXPECT_EQ(server.stop(), 0);
}
// The temporary number a completed port frees (FL-9) rests the pack's 90 days
// before the pool hands it out again: calls and SMS for its last holder must
// not reach a new customer. On a server of its own, where it is the only
// number in stock.
TEST(LinesRegistry, ANumberALineGaveUpRestsBeforeItIsHandedOutAgain) {
  TestDatabase db;
  add_agent_with_cli(db, {kAdmin, {"admin"}, password_of(kAdmin)});
  TestServer server(db, "number-quarantine");
  HttpClient client(server.port());
  std::string admin = login_admin(client);
  auto advance = [&](std::int64_t seconds) {
    auto r = client.post("/api/v1/testing/clock/advance", {{"seconds", seconds}});
    ASSERT_EQ(r.status, 200) << r.body;
  };
  auto [product, ported, session] = portable_line(client, admin);
  std::string temporary =
      client.get(std::string(kProducts) + "/" + product, admin).json()["msisdn"];
  auto port = client.post(
      kPortIns,
      {{"productId", product}, {"msisdn", ported}, {"donorOperator", "Movistar"}, {"pin", "0000"}},
      admin);
  ASSERT_EQ(port.status, 201) << port.body;
  advance(25 * 3600);
  admin = login_admin(client);
  ASSERT_EQ(client.get(std::string(kProducts) + "/" + product, admin).json()["msisdn"], ported);
  auto stock = client.get(std::string(kNumberStock) + "/" + temporary, admin);
  ASSERT_EQ(stock.status, 200) << stock.body;
  EXPECT_EQ(stock.json()["status"], "inStock");

  // Another customer, a SIM, and no number to give but the resting one.
  Person q = create_person(client, admin);
  std::string iccid = fresh_iccid();
  load_sims(client, admin, {iccid});
  auto start = [&] {
    return client.post(kActivations,
                       {{"partyId", q.party_id}, {"iccid", iccid}, {"channel", "app"}}, admin);
  };
  EXPECT_TRUE(is_error(start(), 409, "NO_NUMBER_AVAILABLE")) << "handed out while resting";
  advance(89 * 24 * 3600);
  admin = login_admin(client);
  EXPECT_TRUE(is_error(start(), 409, "NO_NUMBER_AVAILABLE")) << "handed out on day 89";
  advance(24 * 3600);
  admin = login_admin(client);
  auto given = start();
  ASSERT_EQ(given.status, 201) << given.body;
  EXPECT_EQ(given.json()["msisdn"], temporary);
  EXPECT_EQ(server.stop(), 0);
}

TEST(LinesRegistry, WithoutARegistryAFingerprintCheckIsServiceUnavailable) {
  TestDatabase db;
  add_agent_with_cli(db, {kAdmin, {"admin"}, password_of(kAdmin)});
  TestServer server(db, "no-registry", {}, /*testing=*/false);
  HttpClient client(server.port());
  std::string admin = login_admin(client);
  EXPECT_EQ(client.get("/api/v1/testing/clock").status, 404);
  Person p = create_person(client, admin);
  std::string id = pending_activation(client, admin, p);
  auto r = client.post(std::string(kActivations) + "/" + id + "/biometric",
                       {{"fingerprint", "FP-" + p.dni}}, admin);
  EXPECT_TRUE(is_error(r, 503, "SERVICE_UNAVAILABLE", "fingerprint"));
  // Nothing was counted: the activation still waits, with every attempt left.
  Json a = client.get(std::string(kActivations) + "/" + id, admin).json();
  EXPECT_EQ(a["status"], "pendingBiometric");
  EXPECT_EQ(a["attemptsLeft"], 5);
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace abonado::apitest
