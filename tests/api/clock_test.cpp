// Rules that depend on time, driven by the --testing clock: login lockout,
// session expiry, and the clock endpoints themselves. Each test that moves
// the clock far forgets the cached tokens (the purge job may drop sessions).

#include <ctime>

#include "harness.hpp"

namespace abonado::apitest {
namespace {

// "2027-01-01T00:00:00Z", "...00.123Z" or "...+05:00" -> epoch milliseconds.
std::optional<std::int64_t> epoch_ms(const std::string& iso) {
  std::tm tm{};
  const char* rest = strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!rest) return std::nullopt;
  std::int64_t ms = static_cast<std::int64_t>(timegm(&tm)) * 1000;
  if (*rest == '.') {
    int digits = 0, frac = 0;
    for (++rest; *rest >= '0' && *rest <= '9'; ++rest, ++digits) {
      if (digits < 3) frac = frac * 10 + (*rest - '0');
    }
    for (; digits < 3; ++digits) frac *= 10;
    ms += frac;
  }
  if (std::string_view(rest) == "Z") return ms;
  int hh = 0, mm = 0;
  char sign = 0;
  if (std::sscanf(rest, "%c%2d:%2d", &sign, &hh, &mm) == 3 && (sign == '+' || sign == '-')) {
    std::int64_t offset = (hh * 3600 + mm * 60) * 1000LL;
    return sign == '+' ? ms - offset : ms + offset;
  }
  return std::nullopt;
}

class TimeTravel : public ApiTest {
 protected:
  // The testing clock, in epoch milliseconds.
  static std::int64_t clock_now() {
    auto r = api().get("/api/v1/testing/clock");
    EXPECT_EQ(r.status, 200) << r.body;
    auto ms = epoch_ms(r.json().value("now", ""));
    EXPECT_TRUE(ms.has_value()) << r.body;
    return ms.value_or(0);
  }

  static HttpResponse advance(Json seconds) {
    return api().post("/api/v1/testing/clock/advance", {{"seconds", seconds}});
  }

  void TearDown() override {
    suite().forget_tokens();
    ApiTest::TearDown();
  }
};

TEST_F(TimeTravel, FiveFailuresLockTheAccountForFifteenMinutes) {
  std::string name = unique_name("locked");
  ASSERT_EQ(create_agent(name, {"operator"}, "right-password-1").status, 201);
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(
        is_error(login(name, "wrong-password-" + std::to_string(i)), 401, "INVALID_CREDENTIALS"))
        << "failure " << i + 1;
  }
  std::int64_t locked_at = clock_now();
  auto locked = login(name, "right-password-1");
  EXPECT_TRUE(is_error(locked, 429, "ACCOUNT_LOCKED"));
  // Others are not locked out with it.
  EXPECT_EQ(login(kSupervisor, password_of(kSupervisor)).status, 200);

  // The answer says until when (the clock stands still), and trying meanwhile does not move it.
  EXPECT_EQ(epoch_ms(locked.json().value("retryAt", "")), locked_at + 900'000) << locked.body;
  ASSERT_EQ(advance(899).status, 200);
  auto still = login(name, "right-password-1");
  EXPECT_TRUE(is_error(still, 429, "ACCOUNT_LOCKED"));
  EXPECT_EQ(still.json()["retryAt"], locked.json()["retryAt"]);
  ASSERT_EQ(advance(2).status, 200);  // 901 s after the lock
  auto r = login(name, "right-password-1");
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(TimeTravel, FailuresOutsideTheWindowDoNotCount) {
  std::string name = unique_name("slow-typer");
  ASSERT_EQ(create_agent(name, {"operator"}, "right-password-1").status, 201);
  for (int i = 0; i < 4; ++i) ASSERT_EQ(login(name, "wrong-password-x").status, 401);
  ASSERT_EQ(advance(901).status, 200);
  ASSERT_EQ(login(name, "wrong-password-x").status, 401);  // the 5th, but alone in its window
  auto r = login(name, "right-password-1");
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(TimeTravel, ASuccessfulLoginClearsTheFailures) {
  std::string name = unique_name("forgetful");
  ASSERT_EQ(create_agent(name, {"operator"}, "right-password-1").status, 201);
  for (int i = 0; i < 4; ++i) ASSERT_EQ(login(name, "wrong-password-x").status, 401);
  ASSERT_EQ(login(name, "right-password-1").status, 200);
  ASSERT_EQ(login(name, "wrong-password-x").status, 401);
  auto r = login(name, "right-password-1");
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(TimeTravel, SessionsExpireAfterTwelveHours) {
  std::int64_t now = clock_now();
  auto in = login(kOperator, password_of(kOperator));
  ASSERT_EQ(in.status, 200) << in.body;
  std::string t = in.json()["token"];
  EXPECT_EQ(epoch_ms(in.json()["expiresAt"].get<std::string>()), now + 12 * 3600 * 1000LL)
      << in.body;
  const std::string* cookie = in.header("Set-Cookie");
  ASSERT_NE(cookie, nullptr);
  EXPECT_NE(cookie->find("Max-Age=43200"), std::string::npos) << *cookie;
  ASSERT_EQ(api().get("/api/v1/auth/me", t).status, 200);

  ASSERT_EQ(advance(12 * 3600 - 1).status, 200);
  EXPECT_EQ(api().get("/api/v1/auth/me", t).status, 200);
  ASSERT_EQ(advance(2).status, 200);  // 12 h + 1 s
  EXPECT_TRUE(is_error(api().get("/api/v1/auth/me", t), 401, "UNAUTHORIZED"));
  auto by_cookie =
      api().send({.path = "/api/v1/auth/me", .headers = {{"Cookie", "abonado_session=" + t}}});
  EXPECT_TRUE(is_error(by_cookie, 401, "UNAUTHORIZED"));
  // A new login works.
  EXPECT_EQ(login(kOperator, password_of(kOperator)).status, 200);
}

TEST_F(TimeTravel, ClockStandsStillUntilMoved) {
  auto r = api().get("/api/v1/testing/clock");
  ASSERT_EQ(r.status, 200) << r.body;
  Json j = r.json();
  ASSERT_TRUE(j["now"].is_string());
  auto first = epoch_ms(j["now"].get<std::string>());
  ASSERT_TRUE(first.has_value()) << j;
  EXPECT_GT(*first, epoch_ms("2024-01-01T00:00:00Z").value());
  EXPECT_EQ(clock_now(), *first);
}

TEST_F(TimeTravel, PutSetsTheClock) {
  std::int64_t before = clock_now();
  auto r = api().put("/api/v1/testing/clock", {{"now", "2027-01-01T00:00:00Z"}});
  ASSERT_EQ(r.status, 200) << r.body;
  std::int64_t target = epoch_ms("2027-01-01T00:00:00Z").value();
  EXPECT_EQ(epoch_ms(r.json().value("now", "")), target) << r.body;
  EXPECT_EQ(clock_now(), target);
  auto g = api().get("/api/v1/testing/clock");
  EXPECT_TRUE(g.json().value("now", "").starts_with("2027-01-01T00:00:00")) << g.body;

  // An offset names the same instant.
  r = api().put("/api/v1/testing/clock", {{"now", "2027-01-01T05:30:00+05:30"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(clock_now(), target);

  // Back to where the suite was.
  std::time_t secs = static_cast<std::time_t>(before / 1000);
  char iso[32];
  std::strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%S", std::gmtime(&secs));
  char restored[48];
  std::snprintf(restored, sizeof restored, "%s.%03dZ", iso, static_cast<int>(before % 1000));
  ASSERT_EQ(api().put("/api/v1/testing/clock", {{"now", restored}}).status, 200);
  EXPECT_EQ(clock_now(), before);
}

TEST_F(TimeTravel, PutRefusesBadDates) {
  std::int64_t before = clock_now();
  for (const Json& bad :
       std::vector<Json>{"yesterday", "2027-13-01T00:00:00Z", "2027-02-30T00:00:00Z", "2027-01-01",
                         "2027-01-01T25:00:00Z", "2027-01-01 00:00:00", "2027-01-01T00:00:00Zjunk",
                         1798761600, true}) {
    auto r = api().put("/api/v1/testing/clock", {{"now", bad}});
    EXPECT_TRUE(is_error(r, 400, "INVALID_FIELD", "now")) << bad;
  }
  EXPECT_TRUE(
      is_error(api().put("/api/v1/testing/clock", {{"now", ""}}), 400, "MISSING_FIELD", "now"));
  EXPECT_TRUE(
      is_error(api().put("/api/v1/testing/clock", Json::object()), 400, "MISSING_FIELD", "now"));
  EXPECT_TRUE(is_error(
      api().put("/api/v1/testing/clock", {{"now", "2027-01-01T00:00:00Z"}, {"zone", "UTC"}}), 400,
      "INVALID_FIELD", "zone"));
  EXPECT_EQ(clock_now(), before);
}

TEST_F(TimeTravel, AdvanceMovesForwardOnly) {
  std::int64_t before = clock_now();
  EXPECT_TRUE(is_error(advance(-1), 400, "INVALID_FIELD", "seconds"));
  EXPECT_TRUE(is_error(advance(-86400), 400, "INVALID_FIELD", "seconds"));
  EXPECT_TRUE(is_error(api().post("/api/v1/testing/clock/advance", Json::object()), 400,
                       "MISSING_FIELD", "seconds"));
  EXPECT_EQ(clock_now(), before);

  auto r = advance(60);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(epoch_ms(r.json().value("now", "")), before + 60000);
  EXPECT_EQ(clock_now(), before + 60000);
  ASSERT_EQ(advance(0).status, 200);
  EXPECT_EQ(clock_now(), before + 60000);
}

}  // namespace
}  // namespace abonado::apitest
