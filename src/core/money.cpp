#include "core/money.hpp"

#include <array>
#include <cmath>

namespace abonado {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 10^n for 0 <= n <= 18.
std::int64_t pow10(int n) {
  std::int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

AmountResult problem(AmountProblem p) { return {std::nullopt, p}; }

}  // namespace

AmountResult parse_amount(std::string_view text, int minor_digits) {
  // RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  std::size_t i = 0;
  bool negative = i < text.size() && text[i] == '-';
  if (negative) ++i;
  std::size_t int_start = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  std::string_view int_part = text.substr(int_start, i - int_start);
  if (int_part.empty() || (int_part.size() > 1 && int_part[0] == '0')) {
    return problem(AmountProblem::kNotANumber);
  }
  std::string_view frac_part;
  if (i < text.size() && text[i] == '.') {
    std::size_t frac_start = ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
    frac_part = text.substr(frac_start, i - frac_start);
    if (frac_part.empty()) return problem(AmountProblem::kNotANumber);
  }
  std::int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    std::size_t exp_start = i;
    while (i < text.size() && is_digit(text[i])) {
      // Exponents past a few hundred mean zero or overflow either way; cap to stay in range.
      if (exponent < 100000) exponent = exponent * 10 + (text[i] - '0');
      ++i;
    }
    if (i == exp_start) return problem(AmountProblem::kNotANumber);
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) return problem(AmountProblem::kNotANumber);

  // The significant digits, without leading zeros, and the power of ten of the last one.
  std::string digits;
  digits.reserve(int_part.size() + frac_part.size());
  for (char c : int_part) {
    if (!(digits.empty() && c == '0')) digits += c;
  }
  for (char c : frac_part) {
    if (!(digits.empty() && c == '0')) digits += c;
  }
  std::int64_t scale = exponent - static_cast<std::int64_t>(frac_part.size());
  // Trailing zeros carry no precision: "10.500" is 105 x 10^-1.
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++scale;
  }
  if (digits.empty()) return problem(AmountProblem::kNotPositive);
  if (negative) return problem(AmountProblem::kNotPositive);
  // The value in minor units is digits x 10^(scale + minor_digits).
  std::int64_t shift = scale + minor_digits;
  if (shift < 0) return problem(AmountProblem::kTooPrecise);
  // kMaxAmountMinor has 16 digits: anything with more is too large.
  if (static_cast<std::int64_t>(digits.size()) + shift > 16) {
    return problem(AmountProblem::kTooLarge);
  }
  std::int64_t minor = 0;
  for (char c : digits) minor = minor * 10 + (c - '0');
  minor *= pow10(static_cast<int>(shift));
  if (minor > kMaxAmountMinor) return problem(AmountProblem::kTooLarge);
  return {minor, std::nullopt};
}

std::string format_decimal(std::int64_t minor, int minor_digits) {
  bool negative = minor < 0;
  // Work in unsigned: -INT64_MIN does not fit an int64.
  std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
  std::string digits = std::to_string(magnitude);
  auto width = static_cast<std::size_t>(minor_digits);
  if (width > 0) {
    if (digits.size() <= width) digits.insert(0, width + 1 - digits.size(), '0');
    digits.insert(digits.size() - width, 1, '.');
  }
  return negative ? "-" + digits : digits;
}

std::string format_money(std::int64_t minor, std::string_view currency, int minor_digits) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kSymbols = {
      {{"PEN", "S/"}, {"BOB", "Bs"}, {"USD", "$"}, {"RUB", "₽"}}};
  std::string amount = format_decimal(minor, minor_digits);
  for (const auto& [code, symbol] : kSymbols) {
    if (code == currency) return std::string(symbol) + " " + amount;
  }
  return amount + " " + std::string(currency);
}

double to_major(std::int64_t minor, int minor_digits) {
  return static_cast<double>(minor) / static_cast<double>(pow10(minor_digits));
}

}  // namespace abonado
