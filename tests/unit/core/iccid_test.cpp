#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/iccid.hpp"

namespace abonado {
namespace {

void expect_invalid(std::string_view text, std::string_view reason) {
  try {
    parse_iccid(text);
    ADD_FAILURE() << "accepted " << text;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Code::kInvalidIccid) << text;
    EXPECT_EQ(e.field(), "iccid");
    EXPECT_EQ(std::string(e.what()), reason) << text;
  }
}

TEST(Iccid, LuhnCheckDigit) {
  EXPECT_EQ(luhn_check_digit("7992739871"), '3');  // the textbook example
  EXPECT_EQ(luhn_check_digit("895101000000000001"), '2');
  EXPECT_EQ(luhn_check_digit("8951010000000000001"), '9');
  EXPECT_EQ(luhn_check_digit(""), '0');
}

TEST(Iccid, NineteenAndTwentyDigits) {
  EXPECT_EQ(parse_iccid("8951010000000000012").digits, "8951010000000000012");
  EXPECT_EQ(parse_iccid("89510100000000000019").digits, "89510100000000000019");
}

TEST(Iccid, BlanksAsPrintedOnTheCardAreIgnored) {
  EXPECT_EQ(parse_iccid(" 8951 0100 0000 0000 0019 ").digits, "89510100000000000019");
}

TEST(Iccid, BreaksOfEachRuleAreNamed) {
  expect_invalid("", "an ICCID has 19 or 20 digits");
  expect_invalid("895101000000000001", "an ICCID has 19 or 20 digits");         // 18
  expect_invalid("895101000000000000190", "an ICCID has 19 or 20 digits");      // 21
  expect_invalid("8951010000000000001900000", "an ICCID has 19 or 20 digits");  // far too long
  expect_invalid("8951-0100-0000-0000-0019", "an ICCID has digits only");
  expect_invalid("8951010000000000001F", "an ICCID has digits only");
  expect_invalid("9951010000000000001", "an ICCID starts with 89");
  expect_invalid("8951010000000000013", "the ICCID's check digit is wrong");
  expect_invalid("89510100000000000018", "the ICCID's check digit is wrong");
}

TEST(Iccid, FieldIsTheCallersName) {
  try {
    parse_iccid("123", "iccids[3]");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "iccids[3]");
  }
}

}  // namespace
}  // namespace abonado
