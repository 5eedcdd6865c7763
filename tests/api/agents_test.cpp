// Agents: create, validation, merge-patch updates, disabling, and
// Idempotency-Key replay on create.

#include <thread>

#include "harness.hpp"

namespace abonado::apitest {
namespace {

class Agents : public ApiTest {
 protected:
  // X-Total-Count of GET /api/v1/agents: how many agents exist.
  static long agent_count() {
    auto r = api().get("/api/v1/agents?limit=1", token(kAdmin));
    const std::string* total = r.header("X-Total-Count");
    if (r.status != 200 || !total) {
      ADD_FAILURE() << "cannot count agents: " << r.status << " " << r.body;
      return -1;
    }
    return std::stol(*total);
  }

  static Json agent_body(const std::string& username) {
    return {{"username", username},
            {"displayName", "Agent " + username},
            {"roles", {"operator"}},
            {"password", "long-enough-password"}};
  }

  static HttpResponse post_agent(const Json& body, const std::string& key,
                                 const std::string& as = kAdmin) {
    return api().post("/api/v1/agents", body, token(as), {{"Idempotency-Key", key}});
  }
};

TEST_F(Agents, CreateAnswers201WithLocationAndTheAgent) {
  std::string name = unique_name("new.agent");
  auto r = api().post("/api/v1/agents",
                      {{"username", name},
                       {"displayName", "Ana Quispe"},
                       {"roles", {"operator", "sales"}},
                       {"password", "long-enough-password"}},
                      token(kAdmin));
  ASSERT_EQ(r.status, 201) << r.body;
  Json j = r.json();
  ASSERT_TRUE(j["id"].is_string());
  std::string id = j["id"];
  EXPECT_FALSE(id.empty());
  const std::string* location = r.header("Location");
  ASSERT_NE(location, nullptr);
  EXPECT_EQ(*location, "/api/v1/agents/" + id);
  EXPECT_EQ(j["href"], "/api/v1/agents/" + id);
  EXPECT_EQ(j["@type"], "Agent");
  EXPECT_EQ(j["username"], name);
  EXPECT_EQ(j["displayName"], "Ana Quispe");
  EXPECT_EQ(j["roles"], Json::array({"operator", "sales"}));
  EXPECT_EQ(j["status"], "active");
  EXPECT_TRUE(j["createdAt"].is_string());
  EXPECT_FALSE(j.contains("password"));

  auto got = api().get(*location, token(kSupervisor));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json(), j);

  // The new agent can log in with the password it was given.
  auto in = login(name, "long-enough-password");
  EXPECT_EQ(in.status, 200) << in.body;
}

TEST_F(Agents, DuplicateUsernameIsAConflict) {
  std::string name = unique_name("dup");
  ASSERT_EQ(create_agent(name).status, 201);
  EXPECT_TRUE(is_error(create_agent(name), 409, "DUPLICATE"));
  EXPECT_TRUE(is_error(create_agent(kAdmin), 409, "DUPLICATE"));
}

TEST_F(Agents, BadUsernamesAreInvalidField) {
  for (const std::string& bad : std::vector<std::string>{
           "Bad User", "ab", "UPPER", "a/b", "semi;colon", std::string(65, 'a'), "ñandú"}) {
    EXPECT_TRUE(is_error(create_agent(bad), 400, "INVALID_FIELD", "username")) << bad;
  }
  auto r = api().post("/api/v1/agents",
                      {{"username", 42}, {"roles", {"operator"}}, {"password", "long-enough-pw"}},
                      token(kAdmin));
  EXPECT_TRUE(is_error(r, 400, "INVALID_FIELD", "username"));
}

TEST_F(Agents, MissingFieldsAreNamed) {
  auto r = api().post("/api/v1/agents", {{"username", unique_name("nopw")}, {"roles", {"sales"}}},
                      token(kAdmin));
  EXPECT_TRUE(is_error(r, 400, "MISSING_FIELD", "password"));
  r = api().post("/api/v1/agents", {{"roles", {"sales"}}, {"password", "long-enough-pw"}},
                 token(kAdmin));
  EXPECT_TRUE(is_error(r, 400, "MISSING_FIELD", "username"));
}

TEST_F(Agents, ShortPasswordIsRefused) {
  auto r = create_agent(unique_name("shortpw"), {"operator"}, "123456789");
  EXPECT_TRUE(is_error(r, 400, "INVALID_FIELD", "password"));
}

TEST_F(Agents, RolesMustBeKnownAndPresent) {
  EXPECT_TRUE(is_error(create_agent(unique_name("r"), {"janitor"}), 400, "INVALID_FIELD", "roles"));
  EXPECT_TRUE(is_error(create_agent(unique_name("r"), {}), 400, "INVALID_FIELD", "roles"));
  auto r =
      api().post("/api/v1/agents", {{"username", unique_name("r")}, {"password", "long-enough-pw"}},
                 token(kAdmin));
  EXPECT_EQ(r.status, 400) << r.body;
  r = api().post(
      "/api/v1/agents",
      {{"username", unique_name("r")}, {"roles", "admin"}, {"password", "long-enough-pw"}},
      token(kAdmin));
  EXPECT_TRUE(is_error(r, 400, "INVALID_FIELD", "roles"));
}

TEST_F(Agents, UnknownBodyFieldIsRefused) {
  Json body = agent_body(unique_name("extra"));
  body["isSuperuser"] = true;
  auto r = api().post("/api/v1/agents", body, token(kAdmin));
  EXPECT_TRUE(is_error(r, 400, "INVALID_FIELD", "isSuperuser"));
}

// Two admins patching one agent at once: each patch applies to the other's result, so a
// disable is never undone by a rename that read the agent before it.
TEST_F(Agents, ConcurrentPatchesBothApply) {
  for (int round = 0; round < 4; ++round) {
    auto created = create_agent(unique_name("both"));
    ASSERT_EQ(created.status, 201) << created.body;
    std::string href = *created.header("Location");
    std::string admin = token(kAdmin);
    HttpResponse off, renamed;
    std::thread a([&] { off = HttpClient(port()).patch(href, {{"status", "disabled"}}, admin); });
    std::thread b([&] {
      renamed = HttpClient(port()).patch(href, {{"displayName", "Renamed"}}, admin);
    });
    a.join();
    b.join();
    ASSERT_EQ(off.status, 200) << off.body;
    ASSERT_EQ(renamed.status, 200) << renamed.body;
    Json stored = api().get(href, admin).json();
    EXPECT_EQ(stored["status"], "disabled");
    EXPECT_EQ(stored["displayName"], "Renamed");
  }
}

TEST_F(Agents, MergePatchChangesDisplayNameRolesAndStatus) {
  auto created = create_agent(unique_name("patch"));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string href = *created.header("Location");

  auto r = api().patch(href, {{"displayName", "New Name"}}, token(kAdmin));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["displayName"], "New Name");
  EXPECT_EQ(r.json()["roles"], Json::array({"operator"}));  // untouched

  r = api().patch(href, {{"roles", {"backoffice", "retention"}}}, token(kAdmin));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["roles"], Json::array({"backoffice", "retention"}));
  EXPECT_EQ(r.json()["displayName"], "New Name");

  r = api().patch(href, {{"status", "disabled"}}, token(kAdmin));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "disabled");

  Json stored = api().get(href, token(kAdmin)).json();
  EXPECT_EQ(stored["displayName"], "New Name");
  EXPECT_EQ(stored["roles"], Json::array({"backoffice", "retention"}));
  EXPECT_EQ(stored["status"], "disabled");
}

TEST_F(Agents, PatchValidates) {
  auto created = create_agent(unique_name("patchbad"));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string href = *created.header("Location");
  const std::string& t = token(kAdmin);
  EXPECT_TRUE(
      is_error(api().patch(href, {{"status", "sleeping"}}, t), 400, "INVALID_FIELD", "status"));
  EXPECT_TRUE(
      is_error(api().patch(href, {{"roles", Json::array()}}, t), 400, "INVALID_FIELD", "roles"));
  EXPECT_TRUE(
      is_error(api().patch(href, {{"displayName", ""}}, t), 400, "INVALID_FIELD", "displayName"));
  EXPECT_TRUE(
      is_error(api().patch(href, {{"username", "renamed"}}, t), 400, "INVALID_FIELD", "username"));
  EXPECT_TRUE(
      is_error(api().patch(href, {{"password", "short"}}, t), 400, "INVALID_FIELD", "password"));
  auto plain = api().send({.method = "PATCH",
                           .path = href,
                           .token = t,
                           .body = R"({"displayName":"x"})",
                           .content_type = "text/plain"});
  EXPECT_TRUE(is_error(plain, 415, "UNSUPPORTED_MEDIA_TYPE"));
  // Nothing changed.
  Json stored = api().get(href, t).json();
  EXPECT_EQ(stored["status"], "active");
  EXPECT_EQ(stored["displayName"], created.json()["displayName"]);
}

TEST_F(Agents, PatchOfAnUnknownAgentIsNotFound) {
  auto r = api().patch("/api/v1/agents/00000000-0000-7000-8000-000000000000",
                       {{"displayName", "Ghost"}}, token(kAdmin));
  EXPECT_TRUE(is_error(r, 404, "NOT_FOUND"));
  EXPECT_TRUE(is_error(api().get("/api/v1/agents/no-such-id", token(kAdmin)), 404, "NOT_FOUND"));
}

TEST_F(Agents, DisabledAgentCannotLogInAndItsSessionsStop) {
  std::string name = unique_name("leaver");
  auto created = create_agent(name, {"operator"}, "leaver-password-1");
  ASSERT_EQ(created.status, 201) << created.body;
  auto in = login(name, "leaver-password-1");
  ASSERT_EQ(in.status, 200) << in.body;
  std::string t = in.json()["token"];
  ASSERT_EQ(api().get("/api/v1/auth/me", t).status, 200);

  auto r = api().patch(*created.header("Location"), {{"status", "disabled"}}, token(kAdmin));
  ASSERT_EQ(r.status, 200) << r.body;

  EXPECT_TRUE(is_error(api().get("/api/v1/auth/me", t), 401, "UNAUTHORIZED"));
  EXPECT_TRUE(is_error(login(name, "leaver-password-1"), 401, "INVALID_CREDENTIALS"));
}

TEST_F(Agents, ChangedRolesApplyToOpenSessionsAtOnce) {
  std::string name = unique_name("promoted");
  auto created = create_agent(name, {"operator"}, "promoted-password-1");
  ASSERT_EQ(created.status, 201) << created.body;
  auto in = login(name, "promoted-password-1");
  ASSERT_EQ(in.status, 200) << in.body;
  std::string t = in.json()["token"];
  EXPECT_TRUE(is_error(api().get("/api/v1/audit", t), 403, "FORBIDDEN"));

  auto up = api().patch(*created.header("Location"), {{"roles", {"supervisor"}}}, token(kAdmin));
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(api().get("/api/v1/audit", t).status, 200);
  auto down = api().patch(*created.header("Location"), {{"roles", {"operator"}}}, token(kAdmin));
  ASSERT_EQ(down.status, 200) << down.body;
  EXPECT_TRUE(is_error(api().get("/api/v1/audit", t), 403, "FORBIDDEN"));
}

TEST_F(Agents, PasswordChangeTakesEffect) {
  std::string name = unique_name("rotate");
  auto created = create_agent(name, {"sales"}, "first-password-1");
  ASSERT_EQ(created.status, 201) << created.body;
  auto r =
      api().patch(*created.header("Location"), {{"password", "second-password-2"}}, token(kAdmin));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json().contains("password"));
  EXPECT_TRUE(is_error(login(name, "first-password-1"), 401, "INVALID_CREDENTIALS"));
  EXPECT_EQ(login(name, "second-password-2").status, 200);
}

// --- Idempotency-Key on POST /api/v1/agents ---------------------------------

TEST_F(Agents, IdempotentReplayAnswersTheSameAndCreatesOnce) {
  long before = agent_count();
  Json body = agent_body(unique_name("idem"));
  std::string key = "key-" + unique_name("replay");

  auto first = post_agent(body, key);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.header("Idempotent-Replayed"), nullptr);

  auto second = post_agent(body, key);
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.body, first.body);
  ASSERT_NE(second.header("Location"), nullptr);
  EXPECT_EQ(*second.header("Location"), *first.header("Location"));
  ASSERT_NE(second.header("Idempotent-Replayed"), nullptr);
  EXPECT_EQ(*second.header("Idempotent-Replayed"), "true");
  ASSERT_NE(second.header("Content-Type"), nullptr);
  EXPECT_EQ(*second.header("Content-Type"), *first.header("Content-Type"));

  EXPECT_EQ(agent_count(), before + 1);
}

TEST_F(Agents, SameKeyWithAnotherBodyIsRefused) {
  std::string key = "key-" + unique_name("reuse");
  auto first = post_agent(agent_body(unique_name("idem")), key);
  ASSERT_EQ(first.status, 201) << first.body;
  long before = agent_count();

  std::string other = unique_name("idem-other");
  auto r = post_agent(agent_body(other), key);
  EXPECT_TRUE(is_error(r, 422, "IDEMPOTENCY_KEY_REUSED"));
  EXPECT_EQ(agent_count(), before);
  EXPECT_TRUE(is_error(login(other, "long-enough-password"), 401, "INVALID_CREDENTIALS"));
}

TEST_F(Agents, AKeyIsFreeAgainAfterADay) {
  std::string key = "key-" + unique_name("expiring");
  auto first = post_agent(agent_body(unique_name("idem")), key);
  ASSERT_EQ(first.status, 201) << first.body;
  auto early = post_agent(agent_body(unique_name("idem")), key);
  EXPECT_TRUE(is_error(early, 422, "IDEMPOTENCY_KEY_REUSED"));

  auto moved = api().post("/api/v1/testing/clock/advance", {{"seconds", 24 * 3600 + 1}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  suite().forget_tokens();  // the move ended every session
  long before = agent_count();
  Json body = agent_body(unique_name("idem"));
  auto later = post_agent(body, key);
  ASSERT_EQ(later.status, 201) << later.body;
  EXPECT_EQ(later.header("Idempotent-Replayed"), nullptr);
  EXPECT_NE(later.body, first.body);
  EXPECT_EQ(agent_count(), before + 1);
  // The new answer is the one replayed from now on.
  auto again = post_agent(body, key);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, later.body);
  EXPECT_NE(again.header("Idempotent-Replayed"), nullptr);
  EXPECT_EQ(agent_count(), before + 1);
}

TEST_F(Agents, MalformedKeysAreRefused) {
  long before = agent_count();
  auto r = post_agent(agent_body(unique_name("idem")), std::string(129, 'k'));
  EXPECT_TRUE(is_error(r, 400, "INVALID_PARAMETER", "Idempotency-Key"));
  r = post_agent(agent_body(unique_name("idem")), "two words");
  EXPECT_TRUE(is_error(r, 400, "INVALID_PARAMETER", "Idempotency-Key"));
  EXPECT_EQ(agent_count(), before);
  // 128 characters is still a key.
  r = post_agent(agent_body(unique_name("idem")), std::string(127, 'k') + "x");
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(Agents, KeysAreIndependentPerAgent) {
  std::string key = "key-" + unique_name("shared");
  auto mine = post_agent(agent_body(unique_name("idem")), key, kAdmin);
  ASSERT_EQ(mine.status, 201) << mine.body;
  long before = agent_count();

  auto theirs = post_agent(agent_body(unique_name("idem")), key, kAdmin2);
  EXPECT_EQ(theirs.status, 201) << theirs.body;
  EXPECT_EQ(theirs.header("Idempotent-Replayed"), nullptr);
  EXPECT_NE(theirs.body, mine.body);
  EXPECT_EQ(agent_count(), before + 1);
}

}  // namespace
}  // namespace abonado::apitest
