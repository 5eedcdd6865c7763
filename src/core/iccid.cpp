#include "core/iccid.hpp"

#include "core/error.hpp"

namespace abonado {

char luhn_check_digit(std::string_view payload) {
  // From the right, every second digit of the payload is doubled: the check
  // digit will stand to its right and is not doubled itself.
  int sum = 0;
  bool doubled = true;
  for (auto it = payload.rbegin(); it != payload.rend(); ++it) {
    int d = *it - '0';
    if (doubled) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    doubled = !doubled;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

Iccid parse_iccid(std::string_view text, std::string_view field) {
  std::string f(field);
  std::string digits;
  for (char c : text) {
    if (c == ' ' || c == '\t') continue;
    if (c < '0' || c > '9') {
      throw Error(Code::kInvalidIccid, "an ICCID has digits only", f);
    }
    digits += c;
    if (digits.size() > 20) break;
  }
  if (digits.size() < 19 || digits.size() > 20) {
    throw Error(Code::kInvalidIccid, "an ICCID has 19 or 20 digits", f);
  }
  if (!digits.starts_with("89")) {
    throw Error(Code::kInvalidIccid, "an ICCID starts with 89", f);
  }
  std::string_view payload(digits.data(), digits.size() - 1);
  if (luhn_check_digit(payload) != digits.back()) {
    throw Error(Code::kInvalidIccid, "the ICCID's check digit is wrong", f);
  }
  return Iccid{std::move(digits)};
}

}  // namespace abonado
