#pragma once
// Identity documents of individuals and organizations: Peru (DNI, CE, RUC),
// Bolivia (CI, NIT), Ecuador (cédula, RUC), Russia (internal passport, INN)
// and passports of any country. Built only by parse_id_document, so an
// IdDocument always holds a number that passed its country's rules
// (REFERENCE.md section 1). Pure functions, thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace abonado {

enum class IdType { kDni, kCe, kPassport, kCi, kCedula, kRuPassport, kRuc, kNit, kInn };

// Wire name: "DNI", "CE", "PASSPORT", "CI", "CEDULA", "RU_PASSPORT", "RUC",
// "NIT", "INN".
std::string_view id_type_name(IdType type);
// The type with that exact wire name.
std::optional<IdType> parse_id_type(std::string_view name);

struct IdDocument {
  IdType type = IdType::kDni;
  std::string country;  // ISO 3166 alpha-2 of the issuer: "PE"
  // Canonical number; (type, country, number) identifies a person or company.
  // Digits only, except CI ("4567890-1A", with its complement), CE and
  // PASSPORT (upper-case letters and digits).
  std::string number;
  std::string check;       // DNI: the printed check character ("2" or "G"), when given
  std::string department;  // CI: issuing department ("LP"), when given
  std::string complement;  // CI: complement that tells duplicate numbers apart ("1A")
  std::string series;      // RU_PASSPORT: 4-digit series ("4509")
  std::string serial;      // RU_PASSPORT: 6-digit number within the series

  // The number as people write it: "10117410-2", "4567890-1A LP", "4509 123456".
  std::string display() const;

  bool operator==(const IdDocument&) const = default;
};

// Validates `number` as a document of wire type `type` issued by
// `issuing_country` (ISO alpha-2, any case; may be empty except for PASSPORT:
// the other types imply their country, and RUC is Peruvian with 11 digits and
// Ecuadorian with 13). Surrounding blanks are ignored, letters upper-cased.
// Throws Error(kInvalidIdDocument, the rule that failed, field) with field
// "identificationType", "issuingCountry" or "identificationId".
IdDocument parse_id_document(std::string_view type, std::string_view number,
                             std::string_view issuing_country);

// A Peruvian person's RUC: "10" + the 8-digit DNI + check digit
// ("10117410" -> "10101174102"). Throws Error(kInvalidIdDocument) unless
// `dni` is 8 digits.
std::string peru_ruc_from_dni(std::string_view dni);

}  // namespace abonado
