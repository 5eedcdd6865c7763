#include "core/phone.hpp"

#include <phonenumbers/phonenumberutil.h>

#include <algorithm>

#include "core/error.hpp"

namespace abonado {
namespace {

namespace pn = i18n::phonenumbers;
using Util = pn::PhoneNumberUtil;

[[noreturn]] void fail(const std::string& reason) {
  throw Error(Code::kInvalidPhoneNumber, reason, "phone");
}

// libphonenumber would read letters as a vanity number ("1-800-FLOWERS") or
// skip them as surrounding text; a customer's phone never has any.
bool has_only_dial_characters(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '(' || c == ')' || c == '-' ||
           c == '.' || c == '\t';
  });
}

std::string upper_region(std::string_view region) {
  std::string out(region);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return out;
}

std::string_view parse_error_reason(Util::ErrorType error) {
  switch (error) {
    case Util::INVALID_COUNTRY_CODE_ERROR:
      return "phone number has an unknown or missing country code";
    case Util::TOO_SHORT_AFTER_IDD:
      return "phone number is too short after the international prefix";
    case Util::TOO_SHORT_NSN:
      return "phone number is too short";
    case Util::TOO_LONG_NSN:
      return "phone number is too long";
    default:
      return "text is not a phone number";
  }
}

std::string invalid_reason(const Util& util, const pn::PhoneNumber& number) {
  std::string region;
  util.GetRegionCodeForCountryCode(number.country_code(), &region);
  switch (util.IsPossibleNumberWithReason(number)) {
    case Util::TOO_SHORT:
      return "phone number is too short for " + region;
    case Util::TOO_LONG:
      return "phone number is too long for " + region;
    case Util::IS_POSSIBLE:
      return "phone number is not in a range assigned in " + region;
    default:
      return "phone number has the wrong number of digits for " + region;
  }
}

PhoneKind kind_of(Util::PhoneNumberType type) {
  switch (type) {
    case Util::MOBILE:
      return PhoneKind::kMobile;
    case Util::FIXED_LINE:
      return PhoneKind::kFixed;
    case Util::FIXED_LINE_OR_MOBILE:
      return PhoneKind::kFixedOrMobile;
    case Util::TOLL_FREE:
      return PhoneKind::kTollFree;
    default:
      return PhoneKind::kOther;
  }
}

}  // namespace

std::string_view phone_kind_name(PhoneKind kind) {
  switch (kind) {
    case PhoneKind::kMobile:
      return "mobile";
    case PhoneKind::kFixed:
      return "fixed";
    case PhoneKind::kFixedOrMobile:
      return "fixed_or_mobile";
    case PhoneKind::kTollFree:
      return "toll_free";
    case PhoneKind::kOther:
      return "other";
  }
  return "other";
}

PhoneNumber parse_phone(std::string_view text, std::string_view default_region) {
  if (!has_only_dial_characters(text)) {
    fail("phone number may contain only digits, spaces and + ( ) - .");
  }
  const Util& util = *Util::GetInstance();
  pn::PhoneNumber number;
  Util::ErrorType error = util.Parse(std::string(text), upper_region(default_region), &number);
  if (error != Util::NO_PARSING_ERROR) fail(std::string(parse_error_reason(error)));
  if (!util.IsValidNumber(number)) fail(invalid_reason(util, number));
  PhoneNumber out;
  util.Format(number, Util::E164, &out.e164);
  util.Format(number, Util::NATIONAL, &out.national);
  util.GetRegionCodeForNumber(number, &out.region);
  out.kind = kind_of(util.GetNumberType(number));
  return out;
}

std::optional<std::string> phone_search_key(std::string_view text,
                                            std::string_view default_region) {
  if (!has_only_dial_characters(text)) return std::nullopt;
  const Util& util = *Util::GetInstance();
  pn::PhoneNumber number;
  // IS_POSSIBLE_LOCAL_ONLY (a number without its area code) has no E.164.
  if (util.Parse(std::string(text), upper_region(default_region), &number) !=
          Util::NO_PARSING_ERROR ||
      util.IsPossibleNumberWithReason(number) != Util::IS_POSSIBLE) {
    return std::nullopt;
  }
  std::string e164;
  util.Format(number, Util::E164, &e164);
  return e164;
}

std::string country_calling_code(std::string_view region) {
  int code = Util::GetInstance()->GetCountryCodeForRegion(upper_region(region));
  return code == 0 ? std::string() : std::to_string(code);
}

}  // namespace abonado
