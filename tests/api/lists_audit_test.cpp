// List conventions (offset, limit, fields, filters, count headers) on
// /api/v1/agents, and the audit trail of agent changes.

#include <set>

#include "harness.hpp"

namespace abonado::apitest {
namespace {

class ListsAndAudit : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    ApiTest::SetUpTestSuite();
    if (!suite_ready()) return;
    // Some agents besides the standard four, one of them disabled.
    for (int i = 0; i < 3; ++i) create_agent(unique_name("listed"));
    auto r = create_agent(unique_name("listed-off"));
    if (r.status == 201) {
      api().patch(*r.header("Location"), {{"status", "disabled"}}, token(kAdmin));
    }
  }

  static HttpResponse list(const std::string& query) {
    return api().get("/api/v1/agents" + query, token(kSupervisor));
  }

  static long count_header(const HttpResponse& r, const char* name) {
    const std::string* v = r.header(name);
    if (!v) {
      ADD_FAILURE() << "no " << name << " header";
      return -1;
    }
    return std::stol(*v);
  }

  static std::vector<std::string> usernames(const Json& items) {
    std::vector<std::string> out;
    for (const auto& a : items) out.push_back(a.value("username", ""));
    return out;
  }
};

TEST_F(ListsAndAudit, LimitOneGivesOneItemAndTheTotal) {
  auto all = list("?limit=1000");
  ASSERT_EQ(all.status, 200) << all.body;
  long total = static_cast<long>(all.json().size());
  EXPECT_GE(total, 8);
  EXPECT_EQ(count_header(all, "X-Total-Count"), total);
  EXPECT_EQ(count_header(all, "X-Result-Count"), total);

  auto one = list("?limit=1");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json().size(), 1u);
  EXPECT_EQ(count_header(one, "X-Result-Count"), 1);
  EXPECT_EQ(count_header(one, "X-Total-Count"), total);
}

TEST_F(ListsAndAudit, DefaultLimitIsTwenty) {
  auto all = list("?limit=1000");
  auto page = list("");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json().size(), std::min<std::size_t>(all.json().size(), 20));
}

TEST_F(ListsAndAudit, PagesJoinUpToTheWholeList) {
  auto all = list("?limit=1000");
  ASSERT_EQ(all.status, 200);
  std::vector<std::string> joined;
  for (int offset = 0; offset < 100; offset += 3) {
    auto page = list("?limit=3&offset=" + std::to_string(offset));
    ASSERT_EQ(page.status, 200) << page.body;
    if (page.json().empty()) break;
    for (auto& u : usernames(page.json())) joined.push_back(u);
  }
  EXPECT_EQ(joined, usernames(all.json()));
}

TEST_F(ListsAndAudit, OffsetBeyondTheEndIsAnEmptyList) {
  long total = count_header(list("?limit=1"), "X-Total-Count");
  for (long offset : {total, total + 1, 2147483647L}) {
    auto r = list("?offset=" + std::to_string(offset));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json(), Json::array());
    EXPECT_EQ(count_header(r, "X-Result-Count"), 0);
    EXPECT_EQ(count_header(r, "X-Total-Count"), total);
  }
}

TEST_F(ListsAndAudit, FieldsKeepsOnlyThoseAndTheIdentity) {
  auto r = list("?fields=username");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_FALSE(r.json().empty());
  for (const auto& item : r.json()) {
    std::set<std::string> keys;
    for (const auto& [k, _] : item.items()) keys.insert(k);
    EXPECT_EQ(keys, (std::set<std::string>{"id", "href", "@type", "username"})) << item;
  }
  r = list("?fields=username,status");
  ASSERT_EQ(r.status, 200) << r.body;
  for (const auto& item : r.json()) {
    EXPECT_EQ(item.size(), 5u) << item;
    EXPECT_TRUE(item.contains("status")) << item;
  }
}

TEST_F(ListsAndAudit, StatusAndRoleFilters) {
  auto r = list("?status=disabled");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_GE(r.json().size(), 1u);
  for (const auto& a : r.json()) EXPECT_EQ(a["status"], "disabled") << a;
  EXPECT_EQ(count_header(r, "X-Total-Count"), static_cast<long>(r.json().size()));

  r = list("?role=supervisor&limit=1000");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(usernames(r.json()), std::vector<std::string>{kSupervisor});
  r = list("?role=admin&limit=1000");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(usernames(r.json()), (std::vector<std::string>{kAdmin, kAdmin2}));
  // A filter value matches whole roles only.
  r = list("?role=admi");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json(), Json::array());
}

TEST_F(ListsAndAudit, BadPagingIsInvalidParameter) {
  for (const char* q : {"?limit=0", "?limit=1001", "?limit=abc", "?limit=", "?limit=1.5",
                        "?limit=-1", "?limit=99999999999999999999"}) {
    EXPECT_TRUE(is_error(list(q), 400, "INVALID_PARAMETER", "limit")) << q;
  }
  for (const char* q : {"?offset=-1", "?offset=x", "?offset=2147483648"}) {
    EXPECT_TRUE(is_error(list(q), 400, "INVALID_PARAMETER", "offset")) << q;
  }
  EXPECT_TRUE(is_error(list("?fields=user%24name"), 400, "INVALID_PARAMETER", "fields"));
  EXPECT_EQ(list("?limit=1000").status, 200);
}

TEST_F(ListsAndAudit, UnknownParameterIsRefused) {
  EXPECT_TRUE(is_error(list("?colour=red"), 400, "UNKNOWN_PARAMETER", "colour"));
  EXPECT_TRUE(is_error(list("?username=admin"), 400, "UNKNOWN_PARAMETER", "username"));
  // Paging belongs to lists only.
  auto r = api().get("/api/v1/auth/me?limit=1", token(kSupervisor));
  EXPECT_TRUE(is_error(r, 400, "UNKNOWN_PARAMETER", "limit"));
}

TEST_F(ListsAndAudit, RepeatedParameterIsRefused) {
  EXPECT_TRUE(is_error(list("?limit=1&limit=2"), 400, "INVALID_PARAMETER", "limit"));
  EXPECT_TRUE(is_error(list("?status=active&status=disabled"), 400, "INVALID_PARAMETER"));
}

// --- Audit ---------------------------------------------------------------------

TEST_F(ListsAndAudit, AgentChangesAreAuditedNewestFirst) {
  std::string name = unique_name("audited");
  auto created = api().post("/api/v1/agents",
                            {{"username", name},
                             {"displayName", "Before Name"},
                             {"roles", {"operator"}},
                             {"password", "long-enough-password"}},
                            token(kAdmin));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.json()["id"];
  ASSERT_NE(created.header("X-Request-Id"), nullptr);
  std::string create_rid = *created.header("X-Request-Id");

  // One second later, so that the order is by time (one instant: see below).
  ASSERT_EQ(api().post("/api/v1/testing/clock/advance", {{"seconds", 1}}).status, 200);

  auto patched = api().send({.method = "PATCH",
                             .path = "/api/v1/agents/" + id,
                             .token = token(kAdmin),
                             .json = Json{{"displayName", "After Name"}, {"roles", {"sales"}}},
                             .content_type = "application/merge-patch+json",
                             .headers = {{"X-Request-Id", "audit-patch-1"}}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(*patched.header("X-Request-Id"), "audit-patch-1");

  auto r = api().get("/api/v1/audit?entityId=" + id, token(kSupervisor));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(count_header(r, "X-Total-Count"), 2);
  EXPECT_EQ(count_header(r, "X-Result-Count"), 2);
  Json items = r.json();
  ASSERT_EQ(items.size(), 2u) << items;

  const Json& update = items[0];
  EXPECT_EQ(update["action"], "agent.update");
  EXPECT_EQ(update["@type"], "AuditRecord");
  EXPECT_EQ(update["entityType"], "agent");
  EXPECT_EQ(update["entityId"], id);
  EXPECT_EQ(update["actor"]["username"], kAdmin);
  EXPECT_TRUE(update["actor"]["id"].is_string());
  EXPECT_EQ(update["requestId"], "audit-patch-1");
  EXPECT_EQ(update["before"]["displayName"], "Before Name");
  EXPECT_EQ(update["before"]["roles"], Json::array({"operator"}));
  EXPECT_EQ(update["after"]["displayName"], "After Name");
  EXPECT_EQ(update["after"]["roles"], Json::array({"sales"}));
  EXPECT_FALSE(update["after"].contains("password"));

  const Json& create = items[1];
  EXPECT_EQ(create["action"], "agent.create");
  EXPECT_EQ(create["entityId"], id);
  EXPECT_EQ(create["actor"]["username"], kAdmin);
  EXPECT_EQ(create["requestId"], create_rid);
  EXPECT_TRUE(create["before"].is_null()) << create;
  EXPECT_EQ(create["after"]["username"], name);
  EXPECT_EQ(create["after"]["displayName"], "Before Name");
  EXPECT_LT(create["at"].get<std::string>(), update["at"].get<std::string>());
}

// The testing clock stands still, so changes share one instant; the trail
// must still read newest first (ids are random within a millisecond).
TEST_F(ListsAndAudit, AuditIsNewestFirstWithinOneInstant) {
  auto created = create_agent(unique_name("same-instant"));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.json()["id"];
  for (int i = 1; i <= 5; ++i) {
    auto r = api().patch("/api/v1/agents/" + id, {{"displayName", "v" + std::to_string(i)}},
                         token(kAdmin));
    ASSERT_EQ(r.status, 200) << r.body;
  }
  auto r = api().get("/api/v1/audit?entityId=" + id, token(kSupervisor));
  ASSERT_EQ(r.status, 200) << r.body;
  std::vector<std::string> trail;
  for (const auto& item : r.json()) {
    trail.push_back(item["action"].get<std::string>() + ":" +
                    item["after"].value("displayName", ""));
  }
  std::string name = created.json()["displayName"];
  EXPECT_EQ(trail, (std::vector<std::string>{"agent.update:v5", "agent.update:v4",
                                             "agent.update:v3", "agent.update:v2",
                                             "agent.update:v1", "agent.create:" + name}));
}

TEST_F(ListsAndAudit, AuditFiltersAndPaging) {
  auto created = create_agent(unique_name("audit-filter"));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.json()["id"];
  ASSERT_EQ(api().patch("/api/v1/agents/" + id, {{"status", "disabled"}}, token(kAdmin)).status,
            200);
  const std::string& t = token(kSupervisor);

  auto r = api().get("/api/v1/audit?entityId=" + id + "&action=agent.create", t);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json().size(), 1u);
  EXPECT_EQ(r.json()[0]["action"], "agent.create");

  r = api().get("/api/v1/audit?entityId=" + id + "&limit=1&fields=action", t);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(count_header(r, "X-Total-Count"), 2);
  ASSERT_EQ(r.json().size(), 1u);
  EXPECT_FALSE(r.json()[0].contains("before"));

  r = api().get("/api/v1/audit?entityType=agent&action=agent.login&limit=1000", t);
  ASSERT_EQ(r.status, 200) << r.body;
  for (const auto& item : r.json()) EXPECT_EQ(item["action"], "agent.login");
  EXPECT_GE(r.json().size(), 2u);  // the admin's and the supervisor's logins

  r = api().get("/api/v1/audit?entityId=no-such-entity", t);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json(), Json::array());
  EXPECT_EQ(count_header(r, "X-Total-Count"), 0);

  EXPECT_TRUE(is_error(api().get("/api/v1/audit?actor=admin", t), 400, "UNKNOWN_PARAMETER"));
}

}  // namespace
}  // namespace abonado::apitest
