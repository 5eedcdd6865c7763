#pragma once
// The fixture of the lines/ API tests (lines, port-in and form-channel
// suites): agents with the leader and back-office roles, the testing clock,
// people of each kind FL-4 tells apart, and the message files of the
// server's transports.

#include <libpq-fe.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "lines_helpers.hpp"

namespace abonado::apitest {

inline constexpr const char* kLeader = "leader";
inline constexpr const char* kBackoffice = "backoffice";
inline constexpr const char* kOtherLeader = "leader-two";  // a second brand leader
inline constexpr const char* kPostsales = "postsales";     // works other case types

inline std::string read_whole(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class LinesApiTest : public ApiTest {
 protected:
  // A session of a lines agent (created on first use in this suite's
  // database), or of a standard agent.
  static const std::string& as(const std::string& who) {
    if (who != kLeader && who != kBackoffice && who != kOtherLeader && who != kPostsales) {
      return token(who);
    }
    auto key = std::to_string(port()) + "/" + who;
    auto it = tokens().find(key);
    if (it != tokens().end()) return it->second;
    if (!created().count(key)) {
      auto r = create_agent(who, {who == kOtherLeader ? std::string(kLeader) : who});
      EXPECT_EQ(r.status, 201) << r.body;
      created()[key] = true;
    }
    auto r = login(who, "correct-horse-1");
    EXPECT_EQ(r.status, 200) << r.body;
    return tokens()[key] = r.json().value("token", "");
  }
  // After the clock moved past the sessions' lifetime.
  static void relogin() {
    tokens().clear();
    suite().forget_tokens();
  }

  static void set_clock(const std::string& iso) {
    auto r = api().put("/api/v1/testing/clock", {{"now", iso}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // Moves the clock; every job that became due runs before this returns.
  static void advance(std::int64_t seconds) {
    auto r = api().post("/api/v1/testing/clock/advance", {{"seconds", seconds}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  static Person person_with(const std::string& type, const std::string& id,
                            bool disability = false) {
    Json body = {
        {"givenName", "Lucía"},
        {"familyName", "Ramírez"},
        {"disability", disability},
        {"individualIdentification", {{{"identificationType", type}, {"identificationId", id}}}},
        {"contactMedium",
         {{{"mediumType", "email"},
           {"characteristic", {{"emailAddress", "lucia" + id + "@example.pe"}}}}}}};
    if (type == "PASSPORT") body["individualIdentification"][0]["issuingCountry"] = "CO";
    auto r = api().post("/tmf-api/party/v4/individual", body, token(kAdmin));
    EXPECT_EQ(r.status, 201) << r.body;
    return {r.json().value("id", ""), id};
  }
  static Person foreigner() {
    static std::atomic<int> next{0};
    return person_with("CE", std::to_string(100000000 + next++));  // 9 digits
  }
  static Person disabled_person() { return person_with("DNI", fresh_lines_dni(), true); }
  static std::string company() {
    static std::atomic<int> next{0};
    // A Peruvian RUC: 20 + 8 digits + check digit (weights 5432765432, mod 11).
    std::string base = "20" + std::to_string(40000000 + next++);
    static const int kWeights[] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    int sum = 0;
    for (int i = 0; i < 10; ++i) sum += (base[i] - '0') * kWeights[i];
    int check = 11 - sum % 11;
    if (check == 10) check = 0;
    if (check == 11) check = 1;
    Json body = {
        {"name", "Transportes Andinos SAC"},
        {"organizationIdentification",
         {{{"identificationType", "RUC"}, {"identificationId", base + std::to_string(check)}}}}};
    auto r = api().post("/tmf-api/party/v4/organization", body, token(kAdmin));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", "");
  }

  // One SIM and one number in stock; returns the ICCID.
  static std::string stock_one() {
    std::string iccid = fresh_iccid();
    load_sims(api(), token(kAdmin), {iccid});
    load_numbers(api(), token(kAdmin), {fresh_msisdn()});
    return iccid;
  }

  static HttpResponse start_activation(const std::string& party_id, const std::string& iccid,
                                       const std::string& who = kLeader) {
    return api().post(kActivations, {{"partyId", party_id}, {"iccid", iccid}, {"channel", "app"}},
                      as(who));
  }
  static HttpResponse fingerprint(const std::string& activation_id, const std::string& sample,
                                  const std::string& who = kLeader) {
    return api().post(std::string(kActivations) + "/" + activation_id + "/biometric",
                      {{"fingerprint", sample}}, as(who));
  }
  // A line activated by the leader; its session is open.
  static ActivatedLine activated(const Person& p) {
    ActivatedLine l;
    l.party_id = p.party_id;
    l.iccid = stock_one();
    auto a = start_activation(p.party_id, l.iccid);
    EXPECT_EQ(a.status, 201) << a.body;
    l.activation_id = a.json().value("id", "");
    l.msisdn = a.json().value("msisdn", "");
    auto m = fingerprint(l.activation_id, "FP-" + p.dni);
    EXPECT_EQ(m.status, 200) << m.body;
    l.product_id = m.json().value("productId", "");
    return l;
  }

  static Json stock(const std::string& path) {
    auto r = api().get(path, token(kAdmin));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static std::string sim_state(const std::string& iccid) {
    return stock(std::string(kSimStock) + "/" + iccid).value("status", "");
  }
  static std::string number_state(const std::string& e164) {
    return stock(std::string(kNumberStock) + "/" + e164).value("status", "");
  }
  static Json product(const std::string& id) {
    auto r = api().get(std::string(kProducts) + "/" + id, token(kOperator));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static Json products_of(const std::string& party_id) {
    auto r = api().get(std::string(kProducts) + "?relatedParty.id=" + party_id, token(kOperator));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static Json interactions_of(const std::string& party_id) {
    auto r = api().get("/tmf-api/partyInteraction/v4/partyInteraction?relatedParty.id=" + party_id,
                       token(kOperator));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static Json messages_of(const std::string& party_id) {
    auto r = api().get(
        "/tmf-api/communicationManagement/v4/communicationMessage?relatedParty.id=" + party_id,
        token(kAdmin));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  // Runs `sql` on the suite's database behind the server's back: only to set
  // up data the API no longer lets anyone make (what an older version left).
  static void exec_sql(const std::string& sql) {
    const std::string& url = suite().database().url();
    if (suite().database().kind() == "postgresql") {
      PGconn* conn = PQconnectdb(url.c_str());
      PGresult* res = PQexec(conn, sql.c_str());
      bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
      std::string error = PQerrorMessage(conn);
      PQclear(res);
      PQfinish(conn);
      ASSERT_TRUE(ok) << sql << ": " << error;
      return;
    }
    std::string path = url.substr(std::string("sqlite://").size());
    std::string cmd = "sqlite3 -cmd '.timeout 10000' '" + path + "' \"" + sql + "\"";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }

  // The lines the file transports wrote, parsed.
  static std::vector<Json> sent(const char* file) {
    std::vector<Json> out;
    std::istringstream in(read_whole(suite().database().dir() + "/" + file));
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) out.push_back(Json::parse(line));
    }
    return out;
  }
  static std::vector<Json> sent_to(const char* file, const std::string& to) {
    std::vector<Json> out;
    for (auto& m : sent(file)) {
      if (m.value("to", "") == to) out.push_back(m);
    }
    return out;
  }

 private:
  static std::map<std::string, std::string>& tokens() {
    static std::map<std::string, std::string> t;
    return t;
  }
  static std::map<std::string, bool>& created() {
    static std::map<std::string, bool> c;
    return c;
  }
};

}  // namespace abonado::apitest
