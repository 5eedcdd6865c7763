#include <gtest/gtest.h>

#include <set>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/roles.hpp"

namespace abonado {
namespace {

TEST(Iso, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_iso(from_epoch_ms(0)), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso(from_epoch_ms(1'795'000'000'123)), "2026-11-18T11:06:40.123Z");
  EXPECT_EQ(format_iso(from_epoch_ms(951'782'399'999)), "2000-02-28T23:59:59.999Z");
  EXPECT_EQ(format_iso(from_epoch_ms(951'782'400'000)), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(format_iso(from_epoch_ms(-1)), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_iso(from_epoch_ms(253'402'300'799'999)), "9999-12-31T23:59:59.999Z");
  for (auto t : {from_epoch_ms(1'798'761'599'999), from_epoch_ms(1'798'761'600'000)}) {
    EXPECT_EQ(parse_iso(format_iso(t)), t);
  }
}

TEST(Iso, ParsesOffsetsAndFractions) {
  EXPECT_EQ(parse_iso("2026-11-18T11:06:40Z"), from_epoch_ms(1'795'000'000'000));
  EXPECT_EQ(parse_iso("2026-11-18T11:06:40.123Z"), from_epoch_ms(1'795'000'000'123));
  EXPECT_EQ(parse_iso("2026-11-18T06:06:40-05:00"), from_epoch_ms(1'795'000'000'000));
  EXPECT_EQ(parse_iso("2026-11-19T01:06:40+14:00"), from_epoch_ms(1'795'000'000'000));
  EXPECT_EQ(parse_iso("2026-11-17T23:06:40-12:00"), from_epoch_ms(1'795'000'000'000));
  EXPECT_EQ(parse_iso("2026-11-18T11:06:40.5Z"), from_epoch_ms(1'795'000'000'500));
  EXPECT_EQ(parse_iso("2026-11-18T06:06:40.12-05:00"), from_epoch_ms(1'795'000'000'120));
  for (const char* bad : {"",
                          "2026-11-18",
                          "2026-13-01T00:00:00Z",
                          "2026-11-18T11:06:40",
                          "2026-11-18T11:06:40Zjunk",
                          "yesterday",
                          "2026-11-18T11:06:40+99:00",
                          "2026-11-18T11:06:40+14:30",
                          "2026-11-18T11:06:40-12:01",
                          "2026-11-18T11:06:40+05:60",
                          "+2026-11-18T11:06:40Z",
                          "2026-1-18T11:06:40.000Z",
                          "2026-11-18T1:06:40.000Z",
                          "2026-11-18 11:06:40Z",
                          "2026-11-18T11:06:4Z  ",
                          "2026-11-18T11:06:40-",
                          "2026-11-18T11:06:40.5-",
                          "2026-11-18T11:06:40-:",
                          "2026-11-18T11:06:40--05:00",
                          "2026-11-18T11:06:40.Z",
                          "2026-11-18T11:06:40.+00:00",
                          "2026-11-18T11:06:40+05",
                          "2026-11-18T11:06:40+5:00",
                          "2026-11-18T11:06:40-0",
                          "2026-11-18T11:06:40.1234Z",
                          "2026-11-18T11:06:40+0500"}) {
    EXPECT_FALSE(parse_iso(bad)) << bad;
  }
}

TEST(ManualClock, StandsStillUntilMoved) {
  ManualClock c(from_epoch_ms(1000));
  EXPECT_EQ(c.now(), from_epoch_ms(1000));
  c.advance(std::chrono::seconds(2));
  EXPECT_EQ(c.now(), from_epoch_ms(3000));
  c.set(from_epoch_ms(5));
  EXPECT_EQ(c.now(), from_epoch_ms(5));
}

TEST(Ids, AreUuidV7OrderedByTime) {
  auto a = new_id(from_epoch_ms(1'795'000'000'000));
  auto b = new_id(from_epoch_ms(1'795'000'000'001));
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '7');                                                      // version
  EXPECT_TRUE(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b');  // variant
  EXPECT_LT(a, b);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(new_id(from_epoch_ms(1)));
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Ids, IncreaseWithinOneMillisecond) {
  // Audit records made at one instant must list in the order they were made.
  auto at = from_epoch_ms(1'900'000'000'000);
  std::string prev = new_id(at);
  for (int i = 0; i < 10000; ++i) {
    std::string next = new_id(at);
    ASSERT_LT(prev, next) << i;
    prev = next;
  }
}

TEST(Secrets, TokensAreRandomAndHashesStable) {
  EXPECT_NE(random_token(), random_token());
  EXPECT_EQ(random_token(32).size(), 43u);
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(equal_secret("same", "same"));
  EXPECT_FALSE(equal_secret("same", "samf"));
  EXPECT_FALSE(equal_secret("same", "sam"));
}

TEST(Roles, RoundTripAndRefuseUnknown) {
  auto set = RoleSet::from_csv("admin,leader");
  EXPECT_TRUE(set.has(Role::kAdmin));
  EXPECT_TRUE(set.has(Role::kLeader));
  EXPECT_FALSE(set.has(Role::kSales));
  EXPECT_EQ(set.to_csv(), "admin,leader");
  EXPECT_THROW(RoleSet::from_csv("admin,root"), Error);
}

}  // namespace
}  // namespace abonado
