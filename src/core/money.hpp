#pragma once
// Money as integer minor units of a currency, read from and written to the
// decimal text clients send and expect. No floating point anywhere: a JSON
// amount is read from its own text ("10.5"), never from the double a JSON
// library made of it, so 0.1 + 0.2 questions cannot arise. Pure functions,
// thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace abonado {

// Why a decimal text is not an amount.
enum class AmountProblem {
  kNotANumber,   // not a JSON number: "10,5", "1.", ".5", "0x10", "NaN"
  kTooPrecise,   // more fractional digits than the currency has ("0.001" in PEN)
  kNotPositive,  // zero or negative
  kTooLarge,     // above kMaxAmountMinor
};

// Amounts above this many minor units are refused as input (10^15: far more
// than any top-up, and far from overflowing int64 when summed).
inline constexpr std::int64_t kMaxAmountMinor = 1'000'000'000'000'000;

struct AmountResult {
  std::optional<std::int64_t> minor;  // set when the text is a valid positive amount
  std::optional<AmountProblem> problem;
};

// Reads a JSON number's text (RFC 8259 grammar: "10.5", "10.50", "1050e-2",
// "1E1") as a positive amount in minor units of a currency with
// `minor_digits` fractional digits: "10.5" -> 1050 for PEN (2 digits).
// Trailing zeros beyond the minor unit are fine ("10.500"); a non-zero digit
// there is kTooPrecise.
AmountResult parse_amount(std::string_view text, int minor_digits);

// The amount as a plain decimal with exactly `minor_digits` fractional
// digits: 1050 -> "10.50", -5 -> "-0.05", 7 with 0 digits -> "7".
std::string format_decimal(std::int64_t minor, int minor_digits);

// For messages to customers: the currency's symbol and the decimal,
// "S/ 10.50" (PEN), "Bs 30.00" (BOB), "$ 5.00" (USD), "₽ 100.00" (RUB); other
// currencies as "10.50 XXX".
std::string format_money(std::int64_t minor, std::string_view currency, int minor_digits);

// The value as a double for TMF Money/Quantity JSON numbers: the nearest
// double to the decimal (one correctly rounded division of two exact
// doubles, for amounts below 2^53), which JSON writers print back as the
// shortest decimal that reads as it: 1050 -> 10.5, 1 -> 0.01.
double to_major(std::int64_t minor, int minor_digits);

}  // namespace abonado
