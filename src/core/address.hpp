#pragma once
// Postal addresses in the mandatory address protocol of the Bolivian sales
// procedure (DOMAIN.md SL-8, Annex 1), e.g.
//   LA PAZ - 2040 ENTRE LANZA Y ANTEZANA EDIFICIO ELIAS PISO 5 DEPTO B
//   25 DE MAYO - 0073 ENTRE JORDAN Y SUCRE. OBSERVACIONES: DENTRO DEL PASAJE ...
//   INNOMINADA - 1512 ZONA PUCARA BARRIO EL PORVENIR. OBSERVACIONES: ...
// Pure functions, thread-safe.

#include <string>
#include <string_view>

namespace abonado {

// One address; the text fields are upper case, as the protocol writes them.
struct PostalAddress {
  std::string country;        // ISO 3166 alpha-2; parse_bo_address sets "BO"
  std::string city;           // optional "CITY/" before the street
  std::string street;         // "25 DE MAYO"; INNOMINADA for an unnamed street
  std::string number;         // house number as written ("0073"); S/N only if rural
  std::string between_a;      // ENTRE between_a Y between_b: the two cross streets
  std::string between_b;      // the second cross street
  std::string corner;         // ESQUINA corner
  std::string building;       // name of the EDIFICIO or CONDOMINIO
  bool condominium = false;   // the building is a CONDOMINIO, not an EDIFICIO
  std::string block;          // BLOQUE
  std::string floor;          // PISO
  std::string apartment;      // DEPTO
  std::string zone;           // ZONA
  std::string neighbourhood;  // BARRIO
  bool rural = false;         // the protocol's UBICACIÓN RURAL option
  std::string observations;   // OBSERVACIONES: passage, park, or directions to a rural house

  bool operator==(const PostalAddress&) const = default;
};

// Reads the protocol's written form. Keywords are case- and accent-insensitive
// and may come in any order after the house number: ENTRE .. Y .., ESQUINA,
// EDIFICIO (EDIF), CONDOMINIO (COND), BLOQUE (BLOQ), PISO, DEPTO (DPTO,
// DEPARTAMENTO), ZONA, BARRIO, and last OBSERVACIONES (OBS), which takes the
// rest of the text. A leading "UBICACIÓN RURAL:", or the street INNOMINADA,
// marks a rural location. Names are upper-cased; a name may not contain a
// keyword as a word (nor, between ENTRE streets, the word Y). Throws
// Error(kInvalidAddress, what is missing or wrong, "address"), checking
// validate_address's rules too.
PostalAddress parse_bo_address(std::string_view text);

// Writes `address` in the protocol's form, keywords in the order above;
// parse_bo_address reads it back to an equal PostalAddress.
std::string format_bo_address(const PostalAddress& address);

// The protocol's rules: a street and a house number (S/N only when rural; an
// unnamed street must be rural); an urban address needs ENTRE two streets or
// ESQUINA; BLOQUE, PISO and DEPTO need the building's name; a rural location
// needs directions in observations. Throws Error(kInvalidAddress, reason,
// "address").
void validate_address(const PostalAddress& address);

}  // namespace abonado
