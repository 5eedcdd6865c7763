// Login, sessions (bearer and cookie) and role checks.

#include <thread>
#include <vector>

#include "harness.hpp"

namespace abonado::apitest {
namespace {

class Auth : public ApiTest {};

TEST_F(Auth, LoginReturnsTokenExpiryRolesAndSessionCookie) {
  auto r = login(kSupervisor, password_of(kSupervisor));
  ASSERT_EQ(r.status, 200) << r.body;
  Json j = r.json();
  ASSERT_TRUE(j["token"].is_string());
  std::string token = j["token"];
  EXPECT_GE(token.size(), 20u);
  ASSERT_TRUE(j["expiresAt"].is_string());
  EXPECT_EQ(j["agent"]["username"], kSupervisor);
  EXPECT_EQ(j["agent"]["roles"], Json::array({"supervisor"}));
  EXPECT_FALSE(j["agent"].contains("password"));
  EXPECT_FALSE(j["agent"].contains("passwordHash"));

  const std::string* cookie = r.header("Set-Cookie");
  ASSERT_NE(cookie, nullptr);
  EXPECT_TRUE(cookie->starts_with("abonado_session=" + token + ";")) << *cookie;
  EXPECT_NE(cookie->find("HttpOnly"), std::string::npos) << *cookie;
  EXPECT_NE(cookie->find("SameSite=Strict"), std::string::npos) << *cookie;
  EXPECT_NE(cookie->find("Path=/"), std::string::npos) << *cookie;
}

TEST_F(Auth, WrongPasswordIsInvalidCredentials) {
  auto r = login(kSupervisor, "not-the-password-at-all");
  EXPECT_TRUE(is_error(r, 401, "INVALID_CREDENTIALS"));
  EXPECT_EQ(r.header("Set-Cookie"), nullptr);
}

TEST_F(Auth, UnknownUserGetsTheSameAnswerAsAWrongPassword) {
  auto r = login("nobody-here", "whatever-password");
  EXPECT_TRUE(is_error(r, 401, "INVALID_CREDENTIALS"));
}

// Guesses sent all at once pass the lock check together; once five of them have
// failed, the others, and the right password among them, all answer that the
// account is locked: none learns whether it was right.
TEST_F(Auth, ParallelGuessesAreLockedOutLikeSequentialOnes) {
  std::string name = unique_name("guessed");
  ASSERT_EQ(create_agent(name, {"operator"}, "right-password-1").status, 201);
  constexpr int kGuesses = 12;
  std::vector<HttpResponse> answers(kGuesses);
  std::vector<std::thread> guessers;
  for (int i = 0; i < kGuesses; ++i) {
    guessers.emplace_back([&, i] {
      HttpClient client(port());
      answers[i] = client.post("/api/v1/auth/login",
                               {{"username", name}, {"password", "wrong-" + std::to_string(i)}});
    });
  }
  for (auto& g : guessers) g.join();
  int wrong = 0, locked = 0;
  for (const auto& a : answers) {
    if (is_error(a, 401, "INVALID_CREDENTIALS")) ++wrong;
    if (is_error(a, 429, "ACCOUNT_LOCKED")) ++locked;
  }
  EXPECT_EQ(wrong, 5);
  EXPECT_EQ(locked, kGuesses - 5);
  EXPECT_TRUE(is_error(login(name, "right-password-1"), 429, "ACCOUNT_LOCKED"));
}

TEST_F(Auth, LoginWithoutPasswordIsMissingField) {
  auto r = api().post("/api/v1/auth/login", {{"username", kSupervisor}});
  EXPECT_TRUE(is_error(r, 400, "MISSING_FIELD", "password"));
}

TEST_F(Auth, MeNeedsASession) {
  EXPECT_TRUE(is_error(api().get("/api/v1/auth/me"), 401, "UNAUTHORIZED"));
}

TEST_F(Auth, MeWithBearerToken) {
  auto r = api().get("/api/v1/auth/me", token(kOperator));
  ASSERT_EQ(r.status, 200) << r.body;
  Json j = r.json();
  EXPECT_EQ(j["username"], kOperator);
  EXPECT_EQ(j["roles"], Json::array({"operator"}));
  EXPECT_EQ(j["status"], "active");
}

TEST_F(Auth, MeWithOnlyTheSessionCookie) {
  auto r = api().send({.path = "/api/v1/auth/me",
                       .headers = {{"Cookie", "theme=dark; abonado_session=" + token(kOperator)}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["username"], kOperator);
}

TEST_F(Auth, GarbageTokensAreUnauthorized) {
  for (const std::string& garbage :
       std::vector<std::string>{"garbage", "x", std::string(200, 'a'), "Zm9vYmFy.Zm9v"}) {
    EXPECT_TRUE(is_error(api().get("/api/v1/auth/me", garbage), 401, "UNAUTHORIZED")) << garbage;
  }
  auto r = api().send({.path = "/api/v1/auth/me", .headers = {{"Cookie", "abonado_session=nope"}}});
  EXPECT_TRUE(is_error(r, 401, "UNAUTHORIZED"));
  r = api().send({.path = "/api/v1/auth/me", .headers = {{"Authorization", "Basic YTpi"}}});
  EXPECT_TRUE(is_error(r, 401, "UNAUTHORIZED"));
}

TEST_F(Auth, LogoutEndsTheSessionAndClearsTheCookie) {
  // A session of its own: the cached operator token must survive.
  auto in = login(kOperator, password_of(kOperator));
  ASSERT_EQ(in.status, 200) << in.body;
  std::string t = in.json()["token"];
  ASSERT_EQ(api().get("/api/v1/auth/me", t).status, 200);

  auto out = api().send({.method = "POST", .path = "/api/v1/auth/logout", .token = t});
  EXPECT_EQ(out.status, 204) << out.body;
  const std::string* cookie = out.header("Set-Cookie");
  ASSERT_NE(cookie, nullptr);
  EXPECT_TRUE(cookie->starts_with("abonado_session=;")) << *cookie;
  EXPECT_NE(cookie->find("Max-Age=0"), std::string::npos) << *cookie;

  EXPECT_TRUE(is_error(api().get("/api/v1/auth/me", t), 401, "UNAUTHORIZED"));
  auto by_cookie =
      api().send({.path = "/api/v1/auth/me", .headers = {{"Cookie", "abonado_session=" + t}}});
  EXPECT_TRUE(is_error(by_cookie, 401, "UNAUTHORIZED"));
  // Other sessions of the same agent go on.
  EXPECT_EQ(api().get("/api/v1/auth/me", token(kOperator)).status, 200);
}

TEST_F(Auth, OperatorMayNotReadAuditOrCreateAgents) {
  const std::string& t = token(kOperator);
  EXPECT_TRUE(is_error(api().get("/api/v1/audit", t), 403, "FORBIDDEN"));
  EXPECT_TRUE(is_error(api().get("/api/v1/agents", t), 403, "FORBIDDEN"));
  auto r = api().post(
      "/api/v1/agents",
      {{"username", "made-by-oper"}, {"roles", {"admin"}}, {"password", "long-enough-pw"}}, t);
  EXPECT_TRUE(is_error(r, 403, "FORBIDDEN"));
  // Nothing was created.
  auto list = api().get("/api/v1/agents?limit=1000", token(kAdmin));
  ASSERT_EQ(list.status, 200);
  for (const auto& a : list.json()) EXPECT_NE(a["username"], "made-by-oper");
}

TEST_F(Auth, SupervisorMayReadAuditButNotCreateAgents) {
  const std::string& t = token(kSupervisor);
  EXPECT_EQ(api().get("/api/v1/audit", t).status, 200);
  EXPECT_EQ(api().get("/api/v1/agents", t).status, 200);
  auto r = api().post(
      "/api/v1/agents",
      {{"username", "made-by-super"}, {"roles", {"operator"}}, {"password", "long-enough-pw"}}, t);
  EXPECT_TRUE(is_error(r, 403, "FORBIDDEN"));
}

TEST_F(Auth, AuthenticationComesBeforeRoles) {
  EXPECT_TRUE(is_error(api().get("/api/v1/audit"), 401, "UNAUTHORIZED"));
  EXPECT_TRUE(is_error(api().post("/api/v1/agents", Json::object()), 401, "UNAUTHORIZED"));
}

}  // namespace
}  // namespace abonado::apitest
