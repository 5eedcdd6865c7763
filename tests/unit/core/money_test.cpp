// Money from JSON number text to minor units and back, with no floating point
// on the way in.

#include "core/money.hpp"

#include <gtest/gtest.h>

namespace abonado {
namespace {

std::int64_t minor_of(std::string_view text, int digits = 2) {
  auto r = parse_amount(text, digits);
  EXPECT_TRUE(r.minor) << text;
  return r.minor.value_or(-1);
}

AmountProblem problem_of(std::string_view text, int digits = 2) {
  auto r = parse_amount(text, digits);
  EXPECT_FALSE(r.minor) << text << " read as " << r.minor.value_or(0);
  return r.problem.value_or(AmountProblem::kNotANumber);
}

TEST(ParseAmount, ReadsDecimalsIntoMinorUnits) {
  EXPECT_EQ(minor_of("10.5"), 1050);
  EXPECT_EQ(minor_of("10.50"), 1050);
  EXPECT_EQ(minor_of("10"), 1000);
  EXPECT_EQ(minor_of("0.01"), 1);
  EXPECT_EQ(minor_of("0.1"), 10);
  EXPECT_EQ(minor_of("0.29"), 29);   // 0.29 * 100 is 28.999999999999996 in double
  EXPECT_EQ(minor_of("1.15"), 115);  // 1.15 * 100 is 114.99999999999999 in double
  EXPECT_EQ(minor_of("19.99"), 1999);
  EXPECT_EQ(minor_of("123456.78"), 12345678);
}

TEST(ParseAmount, TrailingZerosAndExponentsAreFine) {
  EXPECT_EQ(minor_of("10.500000"), 1050);
  EXPECT_EQ(minor_of("1050e-2"), 1050);
  EXPECT_EQ(minor_of("1.05E1"), 1050);
  EXPECT_EQ(minor_of("1e1"), 1000);
  EXPECT_EQ(minor_of("1E+2"), 10000);
  EXPECT_EQ(minor_of("0.000100e2"), 1);
}

TEST(ParseAmount, FollowsTheCurrencysMinorDigits) {
  EXPECT_EQ(minor_of("7", 0), 7);
  EXPECT_EQ(problem_of("7.5", 0), AmountProblem::kTooPrecise);
  EXPECT_EQ(minor_of("1.234", 3), 1234);
  EXPECT_EQ(minor_of("0.0001", 4), 1);
}

TEST(ParseAmount, RefusesOverPreciseAmounts) {
  EXPECT_EQ(problem_of("0.001"), AmountProblem::kTooPrecise);
  EXPECT_EQ(problem_of("10.505"), AmountProblem::kTooPrecise);
  EXPECT_EQ(problem_of("10.500000000000000001"), AmountProblem::kTooPrecise);
  EXPECT_EQ(problem_of("1e-3"), AmountProblem::kTooPrecise);
  EXPECT_EQ(problem_of("1055e-3"), AmountProblem::kTooPrecise);
}

TEST(ParseAmount, RefusesZeroAndNegatives) {
  EXPECT_EQ(problem_of("0"), AmountProblem::kNotPositive);
  EXPECT_EQ(problem_of("0.00"), AmountProblem::kNotPositive);
  EXPECT_EQ(problem_of("-0"), AmountProblem::kNotPositive);
  EXPECT_EQ(problem_of("-10.5"), AmountProblem::kNotPositive);
  EXPECT_EQ(problem_of("0e5"), AmountProblem::kNotPositive);
}

TEST(ParseAmount, RefusesWhatIsNotAJsonNumber) {
  for (const char* text : {"", "-", "10,5", "1.", ".5", "+1", "01", "0x10", "1e", "1e+", "NaN",
                           "Infinity", " 1", "1 ", "1.2.3", "１"}) {
    EXPECT_EQ(problem_of(text), AmountProblem::kNotANumber) << text;
  }
}

TEST(ParseAmount, RefusesHugeAmountsWithoutOverflow) {
  EXPECT_EQ(minor_of("10000000000000"), 1'000'000'000'000'000);  // kMaxAmountMinor
  EXPECT_EQ(problem_of("10000000000000.01"), AmountProblem::kTooLarge);
  EXPECT_EQ(problem_of("99999999999999999999999999"), AmountProblem::kTooLarge);
  EXPECT_EQ(problem_of("1e400"), AmountProblem::kTooLarge);
  EXPECT_EQ(problem_of("1e99999999999999999999"), AmountProblem::kTooLarge);
  // Tiny but exact-looking exponents are over-precise, not zero.
  EXPECT_EQ(problem_of("1e-400"), AmountProblem::kTooPrecise);
}

TEST(FormatDecimal, WritesExactlyTheMinorDigits) {
  EXPECT_EQ(format_decimal(1050, 2), "10.50");
  EXPECT_EQ(format_decimal(1, 2), "0.01");
  EXPECT_EQ(format_decimal(0, 2), "0.00");
  EXPECT_EQ(format_decimal(-5, 2), "-0.05");
  EXPECT_EQ(format_decimal(7, 0), "7");
  EXPECT_EQ(format_decimal(INT64_MIN, 2), "-92233720368547758.08");
}

TEST(FormatMoney, UsesTheCurrencySymbol) {
  EXPECT_EQ(format_money(1050, "PEN", 2), "S/ 10.50");
  EXPECT_EQ(format_money(3000, "BOB", 2), "Bs 30.00");
  EXPECT_EQ(format_money(500, "USD", 2), "$ 5.00");
  EXPECT_EQ(format_money(500, "EUR", 2), "5.00 EUR");
}

TEST(ToMajor, PrintsBackAsTheDecimal) {
  EXPECT_EQ(to_major(1050, 2), 10.5);
  EXPECT_EQ(to_major(1, 2), 0.01);
  EXPECT_EQ(to_major(29, 2), 0.29);
  EXPECT_EQ(to_major(7, 0), 7.0);
}

}  // namespace
}  // namespace abonado
