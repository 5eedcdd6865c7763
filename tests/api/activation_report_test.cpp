// FL-1's target measured: how long app activations took from the SIM's scan
// to the fingerprint's match, against the pack's 5 minutes, per leader and per
// period of local days (America/Lima for Flash). Through the real server on
// SQLite and PostgreSQL, with the testing clock.

#include "lines_fixture.hpp"

namespace abonado::apitest {
namespace {

constexpr const char* kReport = "/api/v1/activations/report";

// A suite of its own: it counts every activation of its database.
class ActivationReport : public LinesApiTest {
 protected:
  // Starts an activation for a new person as `leader` (a token), moves the
  // clock `seconds`, and matches the fingerprint; returns the activation.
  static Json activate_taking(const std::string& leader, std::int64_t seconds) {
    Person p = person_with("DNI", fresh_lines_dni());
    std::string iccid = stock_one();
    auto a = api().post(kActivations, {{"partyId", p.party_id}, {"iccid", iccid}}, leader);
    EXPECT_EQ(a.status, 201) << a.body;
    std::string id = a.json().value("id", "");
    advance(seconds);
    auto m = api().post(std::string(kActivations) + "/" + id + "/biometric",
                        {{"fingerprint", "FP-" + p.dni}}, leader);
    EXPECT_EQ(m.status, 200) << m.body;
    EXPECT_EQ(m.json().value("result", ""), "match") << m.body;
    return api().get(std::string(kActivations) + "/" + id, leader).json();
  }

  static Json report(const std::string& query, const std::string& who) {
    auto r = api().get(std::string(kReport) + query, who);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
};

TEST_F(ActivationReport, MeasuresEachActivationAgainstTheTargetPerLeaderAndLocalDays) {
  set_clock("2027-03-10T15:00:00Z");  // Wednesday 10:00 in Lima
  const std::string& first = as(kLeader);
  auto created = api().post(
      "/api/v1/agents",
      {{"username", "leader-rocio"}, {"displayName", "Rocío Flores"}, {"roles", {"leader"}},
       {"password", "correct-horse-1"}},
      token(kAdmin));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string second_id = created.json()["id"];
  auto login_second = login("leader-rocio", "correct-horse-1");
  ASSERT_EQ(login_second.status, 200) << login_second.body;
  std::string second = login_second.json()["token"];

  Json quick = activate_taking(first, 190);
  EXPECT_EQ(quick["durationSeconds"], 190) << quick.dump();
  EXPECT_TRUE(quick["activatedAt"].is_string()) << quick.dump();
  Json slow = activate_taking(first, 420);  // over the 5 minutes
  EXPECT_EQ(slow["durationSeconds"], 420);
  activate_taking(second, 120);
  // Still waiting for the fingerprint: not in the report.
  Person waiting = person_with("DNI", fresh_lines_dni());
  ASSERT_EQ(start_activation(waiting.party_id, stock_one()).status, 201);
  // 23:20 in Lima, already 11 March in UTC: a day of Lima's 10 March.
  set_clock("2027-03-11T04:20:00Z");
  relogin();
  std::string second_again = login("leader-rocio", "correct-horse-1").json()["token"];
  activate_taking(second_again, 60);

  // The supervisor's default: this month up to today, in the operator's days.
  Json all = report("", token(kSupervisor));
  EXPECT_EQ(all["@type"], "ActivationReport");
  EXPECT_EQ(all["from"], "2027-03-01");
  EXPECT_EQ(all["to"], "2027-03-10");
  EXPECT_EQ(all["timeZone"], "America/Lima");
  EXPECT_EQ(all["targetMinutes"], 5);
  EXPECT_EQ(all["activated"], 4);
  EXPECT_EQ(all["withinTarget"], 3);
  EXPECT_EQ(all["medianSeconds"], 120);  // 60 120 190 420, nearest rank
  EXPECT_EQ(all["p90Seconds"], 420);
  EXPECT_EQ(all["longestSeconds"], 420);
  ASSERT_EQ(all["leaders"].size(), 2u) << all.dump();
  // By name (bytes): "Rocío Flores" before "leader".
  const Json& hers = all["leaders"][0];
  const Json& mine = all["leaders"][1];
  EXPECT_EQ(mine["agent"]["name"], "leader");
  EXPECT_EQ(mine["activated"], 2);
  EXPECT_EQ(mine["withinTarget"], 1);
  EXPECT_EQ(mine["medianSeconds"], 190);
  EXPECT_EQ(hers["agent"]["id"], second_id);
  EXPECT_EQ(hers["agent"]["name"], "Rocío Flores");
  EXPECT_EQ(hers["activated"], 2);
  EXPECT_EQ(hers["withinTarget"], 2);
  EXPECT_EQ(hers["medianSeconds"], 60);

  // Local days: the 23:21 match belongs to 10 March, none to 11 March.
  EXPECT_EQ(report("?from=2027-03-10&to=2027-03-10", token(kSupervisor))["activated"], 4);
  Json eleventh = report("?from=2027-03-11&to=2027-03-11", token(kSupervisor));
  EXPECT_EQ(eleventh["activated"], 0);
  EXPECT_EQ(eleventh["medianSeconds"], 0);
  EXPECT_EQ(eleventh["leaders"], Json::array());
  EXPECT_EQ(report("?agentId=" + second_id, token(kAdmin))["activated"], 2);
  // `to` alone: its month up to that day.
  Json february = report("?to=2027-02-15", token(kSupervisor));
  EXPECT_EQ(february["from"], "2027-02-01");
  EXPECT_EQ(february["activated"], 0);

  // A leader sees their own figures, and only those.
  Json own = report("", second_again);
  EXPECT_EQ(own["activated"], 2);
  EXPECT_EQ(own["withinTarget"], 2);
  EXPECT_EQ(own["leaders"].size(), 1u);
  auto other =
      api().get(std::string(kReport) + "?agentId=" + mine["agent"]["id"].get<std::string>(),
                second_again);
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(other.json()["code"], "FORBIDDEN");
}

TEST_F(ActivationReport, BadPeriodsAndRolesAreRefused) {
  struct Case {
    std::string query;
    std::string code;
    std::string field;
  };
  for (const Case& c : std::vector<Case>{
           {"?from=2027-3-01", "INVALID_PARAMETER", "from"},
           {"?to=2027-02-30", "INVALID_PARAMETER", "to"},
           {"?from=2027-03-02&to=2027-03-01", "INVALID_PARAMETER", "from"},
           {"?from=2026-01-01&to=2027-01-02", "INVALID_PARAMETER", "to"},  // 367 days
           {"?month=2027-03", "UNKNOWN_PARAMETER", "month"},
       }) {
    auto r = api().get(std::string(kReport) + c.query, token(kSupervisor));
    EXPECT_EQ(r.status, 400) << c.query << " " << r.body;
    EXPECT_EQ(r.json().value("code", ""), c.code) << c.query;
    EXPECT_EQ(r.json().value("field", ""), c.field) << c.query << " " << r.body;
  }
  // A whole year is one report.
  EXPECT_EQ(api().get(std::string(kReport) + "?from=2026-01-01&to=2026-12-31", token(kSupervisor))
                .status,
            200);
  EXPECT_EQ(api().get(kReport, token(kOperator)).status, 403);
  EXPECT_EQ(api().get(kReport, "").status, 401);
}

}  // namespace
}  // namespace abonado::apitest
