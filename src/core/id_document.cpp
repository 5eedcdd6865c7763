#include "core/id_document.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <utility>

#include "core/error.hpp"

namespace abonado {
namespace {

struct TypeName {
  IdType type;
  std::string_view name;
};

constexpr std::array<TypeName, 9> kTypeNames{{
    {IdType::kDni, "DNI"},
    {IdType::kCe, "CE"},
    {IdType::kPassport, "PASSPORT"},
    {IdType::kCi, "CI"},
    {IdType::kCedula, "CEDULA"},
    {IdType::kRuPassport, "RU_PASSPORT"},
    {IdType::kRuc, "RUC"},
    {IdType::kNit, "NIT"},
    {IdType::kInn, "INN"},
}};

constexpr std::array<std::string_view, 9> kBoliviaDepartments{"LP", "OR", "PT", "CB", "CH",
                                                              "TJ", "SC", "BE", "PD"};

constexpr std::string_view kIdField = "identificationId";
constexpr std::string_view kCountryField = "issuingCountry";

[[noreturn]] void fail(const std::string& rule, std::string_view field = kIdField) {
  throw Error(Code::kInvalidIdDocument, rule, std::string(field));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alnum(char c) { return is_digit(c) || is_letter(c); }

bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); }
bool all_alnum(std::string_view s) { return std::all_of(s.begin(), s.end(), is_alnum); }

std::string_view trim(std::string_view s) {
  constexpr std::string_view kBlank = " \t\r\n";
  std::size_t first = s.find_first_not_of(kBlank);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kBlank) - first + 1);
}

std::string upper_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Σ digit × weight over the leading digits of `digits`, one per weight.
int weighted_sum(std::string_view digits, std::initializer_list<int> weights) {
  int sum = 0;
  std::size_t i = 0;
  for (int w : weights) sum += (digits[i++] - '0') * w;
  return sum;
}

IdDocument make_document(IdType type, std::string_view country, std::string number) {
  IdDocument doc;
  doc.type = type;
  doc.country = country;
  doc.number = std::move(number);
  return doc;
}

// ---- Peru ----

IdDocument parse_dni(const std::string& text) {
  // 8 digits, then optionally the printed check character, alone or after
  // a hyphen ("10117410-2", "10117410 - G", "101174102").
  std::string_view digits = std::string_view(text).substr(0, 8);
  std::string_view rest = trim(std::string_view(text).substr(digits.size()));
  if (!rest.empty() && rest.front() == '-') rest = trim(rest.substr(1));
  if (digits.size() != 8 || !all_digits(digits) || rest.size() > 1 || !all_alnum(rest) ||
      (rest.empty() && text.size() != 8)) {
    fail("DNI must have 8 digits, optionally followed by its check character");
  }
  IdDocument doc = make_document(IdType::kDni, "PE", std::string(digits));
  if (!rest.empty()) {
    int c = weighted_sum(digits, {3, 2, 7, 6, 5, 4, 3, 2}) % 11;
    if (rest[0] != "65432110987"[c] && rest[0] != "KJIHGFEDCBA"[c]) {
      fail("DNI check character does not match");
    }
    doc.check = std::string(rest);
  }
  return doc;
}

IdDocument parse_ce(const std::string& text) {
  if (text.size() < 9 || text.size() > 12 || !all_alnum(text)) {
    fail("CE must have 9 to 12 letters or digits");
  }
  return make_document(IdType::kCe, "PE", text);
}

char peru_ruc_check(std::string_view first10) {
  int sum = weighted_sum(first10, {5, 4, 3, 2, 7, 6, 5, 4, 3, 2});
  return static_cast<char>('0' + (11 - sum % 11) % 10);
}

IdDocument parse_peru_ruc(const std::string& text) {
  if (text.size() != 11 || !all_digits(text)) fail("Peruvian RUC must have 11 digits");
  std::string_view prefix = std::string_view(text).substr(0, 2);
  if (prefix != "10" && prefix != "15" && prefix != "16" && prefix != "17" && prefix != "20") {
    fail("Peruvian RUC must start with 10, 15, 16, 17 or 20");
  }
  if (text[10] != peru_ruc_check(text)) fail("RUC check digit does not match");
  return make_document(IdType::kRuc, "PE", text);
}

// ---- Bolivia ----

bool is_department(std::string_view code) {
  return std::find(kBoliviaDepartments.begin(), kBoliviaDepartments.end(), code) !=
         kBoliviaDepartments.end();
}

IdDocument parse_ci(const std::string& text) {
  // 7-8 digits, then in any order an optional department code and an
  // optional complement, each after '-', '.' or a space, or the department
  // right after the digits: "4567890 LP", "4567890-1A LP", "4567890LP",
  // "1234567-OR-1". A two-letter part is always read as a department.
  std::size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  if (digits < 7 || digits > 8) fail("CI must have 7 or 8 digits");
  IdDocument doc = make_document(IdType::kCi, "BO", text.substr(0, digits));
  std::size_t i = digits;
  while (i < text.size()) {
    if (text[i] == '-' || text[i] == '.' || text[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_alnum(text[end])) ++end;
    if (end == i) fail("CI may contain only digits, letters, '-', '.' and spaces");
    std::string part = text.substr(i, end - i);
    i = end;
    if (part.size() == 2 && is_letter(part[0]) && is_letter(part[1])) {
      if (!is_department(part)) {
        fail("CI department code must be one of LP, OR, PT, CB, CH, TJ, SC, BE, PD");
      }
      if (!doc.department.empty()) fail("CI has more than one department code");
      doc.department = part;
    } else if (part.size() <= 2) {
      if (!doc.complement.empty()) fail("CI has more than one complement");
      doc.complement = part;
    } else {
      fail("CI complement must be 1 or 2 letters or digits");
    }
  }
  if (!doc.complement.empty()) doc.number += "-" + doc.complement;
  return doc;
}

IdDocument parse_nit(const std::string& text) {
  if (text.size() < 5 || text.size() > 15 || !all_digits(text)) {
    fail("NIT must have 5 to 15 digits");
  }
  return make_document(IdType::kNit, "BO", text);
}

// ---- Ecuador ----
// Each check returns the rule that failed, or nullopt, so that the RUC can
// try a second reading of an ambiguous third digit.
using Broken = std::optional<std::string>;

Broken ec_province_error(std::string_view digits, std::string_view what) {
  int province = (digits[0] - '0') * 10 + (digits[1] - '0');
  if ((province >= 1 && province <= 24) || province == 30) return std::nullopt;
  return std::string(what) + " province code must be 01-24 or 30";
}

Broken cedula_error(std::string_view digits) {
  if (Broken e = ec_province_error(digits, "cédula")) return e;
  if (digits[2] > '6') return "cédula third digit must be 0-6";
  int sum = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    int product = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  if (sum % 10 != 0) return "cédula check digit does not match";
  return std::nullopt;
}

Broken ec_natural_ruc_error(std::string_view ruc) {
  if (ruc.substr(10) == "000") return "RUC establishment number must not be 000";
  if (Broken e = cedula_error(ruc.substr(0, 10))) return "RUC of a person: " + *e;
  return std::nullopt;
}

Broken ec_public_ruc_error(std::string_view ruc) {
  if (ruc.substr(9) == "0000") return "RUC establishment number must not be 0000";
  if (weighted_sum(ruc, {3, 2, 7, 6, 5, 4, 3, 2, 1}) % 11 != 0) {
    return "RUC check digit does not match";
  }
  return std::nullopt;
}

Broken ec_company_ruc_error(std::string_view ruc) {
  if (ruc.substr(10) == "000") return "RUC establishment number must not be 000";
  if (weighted_sum(ruc, {4, 3, 2, 7, 6, 5, 4, 3, 2, 1}) % 11 != 0) {
    return "RUC check digit does not match";
  }
  return std::nullopt;
}

IdDocument parse_cedula(const std::string& text) {
  // Often written with a hyphen before the check digit: "171430710-3".
  std::string digits = text;
  if (digits.size() == 11 && digits[9] == '-') digits.erase(9, 1);
  if (digits.size() != 10 || !all_digits(digits)) fail("cédula must have 10 digits");
  if (Broken e = cedula_error(digits)) fail(*e);
  return make_document(IdType::kCedula, "EC", digits);
}

IdDocument parse_ecuador_ruc(const std::string& text) {
  // Often written with a hyphen before the establishment: "1792060346-001".
  std::string ruc = text;
  if (ruc.size() == 14 && ruc[10] == '-') ruc.erase(10, 1);
  if (ruc.size() != 13 || !all_digits(ruc)) fail("Ecuadorian RUC must have 13 digits");
  if (Broken e = ec_province_error(ruc, "RUC")) fail(*e);
  // Third digit: 0-5 person, 6 public entity, 9 company. Like python-stdnum,
  // a 6 that fails as public is retried as a person (foreign residents'
  // cédulas have a third digit of 6), and a 9 is tried as public first.
  Broken broken;
  if (ruc[2] < '6') {
    broken = ec_natural_ruc_error(ruc);
  } else if (ruc[2] == '6') {
    broken = ec_public_ruc_error(ruc);
    if (broken && !ec_natural_ruc_error(ruc)) broken.reset();
  } else if (ruc[2] == '9') {
    broken = ec_company_ruc_error(ruc);
    if (broken && !ec_public_ruc_error(ruc)) broken.reset();
  } else {
    broken = "RUC third digit must be 0-6 or 9";
  }
  if (broken) fail(*broken);
  return make_document(IdType::kRuc, "EC", ruc);
}

// ---- Russia ----

IdDocument parse_ru_passport(const std::string& text) {
  // "4509 123456", "45 09 123456" or "4509123456".
  std::string digits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool space_allowed = digits.size() == 2 || digits.size() == 4;
    if (text[i] == ' ' && space_allowed && i > 0 && text[i - 1] != ' ') continue;
    digits += text[i];
  }
  if (digits.size() != 10 || !all_digits(digits)) {
    fail("RU_PASSPORT must be a 4-digit series and a 6-digit number, as in 4509 123456");
  }
  IdDocument doc = make_document(IdType::kRuPassport, "RU", digits);
  doc.series = digits.substr(0, 4);
  doc.serial = digits.substr(4);
  return doc;
}

char inn_check(std::string_view digits, std::initializer_list<int> weights) {
  return static_cast<char>('0' + weighted_sum(digits, weights) % 11 % 10);
}

IdDocument parse_inn(const std::string& text) {
  if ((text.size() != 10 && text.size() != 12) || !all_digits(text)) {
    fail("INN must have 10 digits (company) or 12 digits (individual)");
  }
  bool ok = text.size() == 10 ? text[9] == inn_check(text, {2, 4, 10, 3, 5, 9, 4, 6, 8})
                              : text[10] == inn_check(text, {7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) &&
                                    text[11] == inn_check(text, {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8});
  if (!ok) fail("INN check digit does not match");
  return make_document(IdType::kInn, "RU", text);
}

// ---- Any country ----

IdDocument parse_passport(const std::string& text, const std::string& country) {
  if (country.empty()) fail("PASSPORT needs its issuing country", kCountryField);
  if (text.size() < 5 || text.size() > 15 || !all_alnum(text)) {
    fail("passport number must have 5 to 15 letters or digits");
  }
  return make_document(IdType::kPassport, country, text);
}

std::string parse_country(std::string_view text) {
  std::string country = upper_ascii(trim(text));
  if (!country.empty() &&
      (country.size() != 2 || !is_letter(country[0]) || !is_letter(country[1]))) {
    fail("issuingCountry must be an ISO 3166 alpha-2 code such as PE", kCountryField);
  }
  return country;
}

// A national document names its issuer; an explicit other country is an error.
void require_country(IdType type, const std::string& given, std::string_view issuer) {
  if (!given.empty() && given != issuer) {
    fail(
        std::string(id_type_name(type)) + " is issued by " + std::string(issuer) + ", not " + given,
        kCountryField);
  }
}

IdDocument parse_ruc(const std::string& text, const std::string& country) {
  if (country == "PE") return parse_peru_ruc(text);
  if (country == "EC") return parse_ecuador_ruc(text);
  if (!country.empty()) fail("RUC is issued by PE or EC, not " + country, kCountryField);
  if (text.size() == 11) return parse_peru_ruc(text);
  if (text.size() == 13 || (text.size() == 14 && text[10] == '-')) return parse_ecuador_ruc(text);
  fail("RUC must have 11 digits (Peru) or 13 digits (Ecuador)");
}

// The country a single-country document type is issued by.
std::string_view issuer_of(IdType type) {
  switch (type) {
    case IdType::kDni:
    case IdType::kCe:
      return "PE";
    case IdType::kCi:
    case IdType::kNit:
      return "BO";
    case IdType::kCedula:
      return "EC";
    case IdType::kRuPassport:
    case IdType::kInn:
      return "RU";
    case IdType::kPassport:
    case IdType::kRuc:
      break;
  }
  return {};
}

}  // namespace

std::string_view id_type_name(IdType type) {
  for (const TypeName& t : kTypeNames) {
    if (t.type == type) return t.name;
  }
  return {};
}

std::optional<IdType> parse_id_type(std::string_view name) {
  for (const TypeName& t : kTypeNames) {
    if (t.name == name) return t.type;
  }
  return std::nullopt;
}

std::string IdDocument::display() const {
  switch (type) {
    case IdType::kDni:
      return check.empty() ? number : number + "-" + check;
    case IdType::kCi:
      return department.empty() ? number : number + " " + department;
    case IdType::kRuPassport:
      return series + " " + serial;
    default:
      return number;
  }
}

IdDocument parse_id_document(std::string_view type, std::string_view number,
                             std::string_view issuing_country) {
  std::optional<IdType> id_type = parse_id_type(trim(type));
  if (!id_type) {
    fail(
        "identificationType must be one of DNI, CE, PASSPORT, CI, CEDULA, RU_PASSPORT, RUC, "
        "NIT, INN",
        "identificationType");
  }
  std::string country = parse_country(issuing_country);
  std::string text = upper_ascii(trim(number));
  if (text.empty()) fail(std::string(id_type_name(*id_type)) + " number is empty");
  if (std::string_view issuer = issuer_of(*id_type); !issuer.empty()) {
    require_country(*id_type, country, issuer);
  }
  switch (*id_type) {
    case IdType::kDni:
      return parse_dni(text);
    case IdType::kCe:
      return parse_ce(text);
    case IdType::kPassport:
      return parse_passport(text, country);
    case IdType::kCi:
      return parse_ci(text);
    case IdType::kCedula:
      return parse_cedula(text);
    case IdType::kRuPassport:
      return parse_ru_passport(text);
    case IdType::kRuc:
      return parse_ruc(text, country);
    case IdType::kNit:
      return parse_nit(text);
    case IdType::kInn:
      return parse_inn(text);
  }
  fail("identificationType is not supported", "identificationType");
}

std::string peru_ruc_from_dni(std::string_view dni) {
  if (dni.size() != 8 || !all_digits(dni)) fail("DNI must have 8 digits");
  std::string ruc = "10" + std::string(dni);
  ruc += peru_ruc_check(ruc);
  return ruc;
}

}  // namespace abonado
