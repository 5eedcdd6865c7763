#pragma once
// Telephone numbers, validated once at the edge with libphonenumber's
// metadata (kept out of this header). Thread-safe: the library's
// PhoneNumberUtil is an immutable singleton.

#include <optional>
#include <string>
#include <string_view>

namespace abonado {

enum class PhoneKind { kMobile, kFixed, kFixedOrMobile, kTollFree, kOther };

// Stable wire name: "mobile", "fixed", "fixed_or_mobile", "toll_free", "other".
std::string_view phone_kind_name(PhoneKind kind);

struct PhoneNumber {
  std::string e164;      // "+51987654321": the form stored and compared
  std::string national;  // national format for display: "987 654 321"
  std::string region;    // ISO 3166 alpha-2 of the number: "PE"
  PhoneKind kind = PhoneKind::kOther;

  bool operator==(const PhoneNumber&) const = default;
};

// Parses `text` in any written form ("+51 987 654 321", "987654321",
// "0051987654321", "(01) 411-1111"); `default_region` (ISO alpha-2, any case)
// applies when the text has no country code. Throws
// Error(kInvalidPhoneNumber, reason, "phone") unless the number is valid
// (assigned ranges), not merely of a possible length.
PhoneNumber parse_phone(std::string_view text, std::string_view default_region);

// For the quick search: the E.164 form when `text` parses as a complete
// number of a possible length for its country (valid or not), else nullopt.
// Never throws on bad input.
std::optional<std::string> phone_search_key(std::string_view text, std::string_view default_region);

// The country calling code of `region` (ISO alpha-2, any case), digits only:
// "51" for "PE". Empty for a region libphonenumber does not know.
std::string country_calling_code(std::string_view region);

}  // namespace abonado
