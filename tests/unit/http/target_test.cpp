#include "http/target.hpp"

#include <gtest/gtest.h>

namespace abonado::http {
namespace {

TEST(ParseTarget, SplitsAndDecodesPathAndQuery) {
  Target t;
  ASSERT_TRUE(parse_target("/api/v1/search?q=quispe+%C3%91ahui&limit=5&flag", t));
  EXPECT_EQ(t.path, "/api/v1/search");
  ASSERT_EQ(t.query.size(), 3u);
  EXPECT_EQ(t.query[0], (std::pair<std::string, std::string>{"q", "quispe Ñahui"}));
  EXPECT_EQ(t.query[1], (std::pair<std::string, std::string>{"limit", "5"}));
  EXPECT_EQ(t.query[2], (std::pair<std::string, std::string>{"flag", ""}));
}

TEST(ParseTarget, PlusIsLiteralInPath) {
  Target t;
  ASSERT_TRUE(parse_target("/a+b%20c", t));
  EXPECT_EQ(t.path, "/a+b c");
}

TEST(ParseTarget, RefusesHostileTargets) {
  Target t;
  for (const char* bad : {"", "api", "http://x/a", "/a%", "/a%4", "/a%zz", "/a/../etc/passwd",
                          "/..", "/a%00b", "/a?x=%0a", "/a?%=1", "/a/%2e%2e/b", "/a%FF",
                          "/a?district=%C3%28", "/a?x=%ED%A0%80", "/a?x=%C0%AF"}) {
    EXPECT_FALSE(parse_target(bad, t)) << bad;
  }
}

TEST(MaskPii, MasksLongDigitRunsOnly) {
  EXPECT_EQ(mask_pii("/lines/51987654321"), "/lines/519*****321");
  EXPECT_EQ(mask_pii("/api/v1/x/12345"), "/api/v1/x/12345");
  EXPECT_EQ(mask_pii("/dni/45678912/lines"), "/dni/456**912/lines");
  EXPECT_EQ(mask_pii("/tmf-api/party/v4"), "/tmf-api/party/v4");
}

TEST(MaskPii, MasksNumbersWrittenWithSeparators) {
  EXPECT_EQ(mask_pii("/numbers/987-654-324"), "/numbers/987-***-324");
  EXPECT_EQ(mask_pii("/numbers/987 654 325"), "/numbers/987 *** 325");
  EXPECT_EQ(mask_pii("/numbers/(987)654.323"), "/numbers/(987)***.323");
  EXPECT_EQ(mask_pii("/numbers/+51 987 654 321/x"), "/numbers/+51 9** *** 321/x");
  // Short groups stay; an identifier's digit groups are masked by their plain runs only.
  EXPECT_EQ(mask_pii("/x/12-34"), "/x/12-34");
  EXPECT_EQ(mask_pii("/x/tel 987 654 321 x"), "/x/tel 987 *** 321 x");
  EXPECT_EQ(mask_pii("/x/a(987)654-321"), "/x/a(987)***-321");
  EXPECT_EQ(mask_pii("/p/01936f2e-1234-7123-8123-123456789abc"),
            "/p/01936f2e-1234-7123-8123-123***789abc");
}

}  // namespace
}  // namespace abonado::http
