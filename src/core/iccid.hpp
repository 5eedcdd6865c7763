#pragma once
// SIM card numbers (ICCID, ITU-T E.118): "89" (telecommunications), the
// country and issuer codes, the card's serial and a Luhn check digit, 19 or
// 20 digits in all. Built only by parse_iccid, so an Iccid always passed
// those rules. Pure functions, thread-safe.

#include <string>
#include <string_view>

namespace abonado {

struct Iccid {
  std::string digits;  // canonical: digits only, check digit included

  bool operator==(const Iccid&) const = default;
};

// Validates `text` (surrounding blanks and spaces between digit groups are
// ignored, as a barcode or a printed card gives them). Throws
// Error(kInvalidIccid, the rule that failed, `field`).
Iccid parse_iccid(std::string_view text, std::string_view field = "iccid");

// The Luhn check digit ('0'..'9') that completes `payload` (digits only).
char luhn_check_digit(std::string_view payload);

}  // namespace abonado
