#include <gtest/gtest.h>

#include "core/address.hpp"
#include "core/error.hpp"

namespace abonado {
namespace {

// Annex 1 of the sales procedure (seed 001), examples 1 to 6. The annex
// runs the two examples of item 5 together and writes item 6's directions
// in a parenthesis; here each is one address, its directions after
// OBSERVACIONES.
constexpr const char* kAnnex[] = {
    "LA PAZ - 2020 ENTRE LANZA Y ANTEZANA",
    "LA PAZ - 2030 ESQUINA LANZA",
    "LA PAZ - 2040 ENTRE LANZA Y ANTEZANA EDIFICIO ELIAS PISO 5 DEPTO B",
    "LA PAZ - 2040 ENTRE LANZA Y ANTEZANA CONDOMINIO HORIZONTES BLOQUE I PISO 4 DEPTO A",
    "25 DE MAYO - 0073 ENTRE JORDAN Y SUCRE. OBSERVACIONES: DENTRO DEL PASAJE ALDUNATE LADO "
    "NORTE CASETA 73",
    "QUILLA - 0563 ENTRE ILLAPA Y PACHAMAMA. OBSERVACIONES: PARQUE LINCOLN, ACERA NORTE.",
    "INNOMINADA - 1512 ZONA PUCARA BARRIO EL PORVENIR. OBSERVACIONES: AV. VILLAZON KM 8 AL NORTE "
    "5 CUADRAS DOBLAR A LA IZQUIERDA HASTA EL CENTRO DE SALUD LUEGO 4 CUADRAS AL NORTE CASA 2P. "
    "FACHADA DE LADRILLO VISTO.",
};

void expect_rejected(std::string_view text, std::string_view reason) {
  try {
    PostalAddress a = parse_bo_address(text);
    ADD_FAILURE() << "accepted " << text << " as " << format_bo_address(a);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Code::kInvalidAddress) << text;
    EXPECT_EQ(e.field(), "address");
    EXPECT_EQ(std::string(e.what()), reason) << text;
  }
}

void expect_invalid(const PostalAddress& a, std::string_view reason) {
  try {
    validate_address(a);
    ADD_FAILURE() << "accepted " << format_bo_address(a);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Code::kInvalidAddress);
    EXPECT_EQ(std::string(e.what()), reason);
  }
}

TEST(BoAddress, AnnexExamplesRoundTrip) {
  for (const char* text : kAnnex) {
    PostalAddress a = parse_bo_address(text);
    EXPECT_EQ(format_bo_address(a), text);
    EXPECT_EQ(parse_bo_address(format_bo_address(a)), a) << text;
    EXPECT_NO_THROW(validate_address(a)) << text;
  }
}

TEST(BoAddress, BetweenTwoStreets) {
  PostalAddress a = parse_bo_address(kAnnex[0]);
  EXPECT_EQ(a.country, "BO");
  EXPECT_EQ(a.city, "");
  EXPECT_EQ(a.street, "LA PAZ");
  EXPECT_EQ(a.number, "2020");
  EXPECT_EQ(a.between_a, "LANZA");
  EXPECT_EQ(a.between_b, "ANTEZANA");
  EXPECT_EQ(a.corner, "");
  EXPECT_FALSE(a.rural);
}

TEST(BoAddress, Corner) {
  PostalAddress a = parse_bo_address(kAnnex[1]);
  EXPECT_EQ(a.number, "2030");
  EXPECT_EQ(a.corner, "LANZA");
  EXPECT_EQ(a.between_a, "");
}

TEST(BoAddress, BuildingFloorApartment) {
  PostalAddress a = parse_bo_address(kAnnex[2]);
  EXPECT_EQ(a.building, "ELIAS");
  EXPECT_FALSE(a.condominium);
  EXPECT_EQ(a.floor, "5");
  EXPECT_EQ(a.apartment, "B");
  EXPECT_EQ(a.block, "");
}

TEST(BoAddress, CondominiumBlock) {
  PostalAddress a = parse_bo_address(kAnnex[3]);
  EXPECT_EQ(a.building, "HORIZONTES");
  EXPECT_TRUE(a.condominium);
  EXPECT_EQ(a.block, "I");
  EXPECT_EQ(a.floor, "4");
  EXPECT_EQ(a.apartment, "A");
}

TEST(BoAddress, PassagesAndParksInObservations) {
  PostalAddress a = parse_bo_address(kAnnex[4]);
  EXPECT_EQ(a.street, "25 DE MAYO");
  EXPECT_EQ(a.number, "0073");
  EXPECT_EQ(a.between_b, "SUCRE");
  EXPECT_EQ(a.observations, "DENTRO DEL PASAJE ALDUNATE LADO NORTE CASETA 73");
  a = parse_bo_address(kAnnex[5]);
  EXPECT_EQ(a.street, "QUILLA");
  EXPECT_EQ(a.between_a, "ILLAPA");
  EXPECT_EQ(a.between_b, "PACHAMAMA");
  EXPECT_EQ(a.observations, "PARQUE LINCOLN, ACERA NORTE.");
}

TEST(BoAddress, UnnamedStreetIsRural) {
  PostalAddress a = parse_bo_address(kAnnex[6]);
  EXPECT_EQ(a.street, "INNOMINADA");
  EXPECT_TRUE(a.rural);
  EXPECT_EQ(a.number, "1512");
  EXPECT_EQ(a.zone, "PUCARA");
  EXPECT_EQ(a.neighbourhood, "EL PORVENIR");
  EXPECT_EQ(a.observations.substr(0, 24), "AV. VILLAZON KM 8 AL NOR");
}

TEST(BoAddress, RuralMarkerAndNoNumber) {
  PostalAddress a = parse_bo_address(
      "Ubicacion rural - Camino a Sacaba - S/N zona Pucara. Obs: km 8, casa de ladrillo");
  EXPECT_TRUE(a.rural);
  EXPECT_EQ(a.street, "CAMINO A SACABA");
  EXPECT_EQ(a.number, "S/N");
  EXPECT_EQ(a.zone, "PUCARA");
  EXPECT_EQ(a.observations, "KM 8, CASA DE LADRILLO");
  EXPECT_EQ(format_bo_address(a),
            "UBICACIÓN RURAL: CAMINO A SACABA - S/N ZONA PUCARA. OBSERVACIONES: KM 8, CASA DE "
            "LADRILLO");
  EXPECT_EQ(parse_bo_address(format_bo_address(a)), a);
}

TEST(BoAddress, KeywordsIgnoreCaseAccentsAndAbbreviations) {
  PostalAddress a = parse_bo_address(
      "  cochabamba/la paz-2040  entre lanza y antezana, cond. Horizontes bloq I piso 4 dpto. A  "
      "zona central barrio las cuadras ");
  EXPECT_EQ(a.city, "COCHABAMBA");
  EXPECT_EQ(a.street, "LA PAZ");
  EXPECT_EQ(a.number, "2040");
  EXPECT_EQ(a.between_b, "ANTEZANA");
  EXPECT_TRUE(a.condominium);
  EXPECT_EQ(a.building, "HORIZONTES");
  EXPECT_EQ(a.apartment, "A");
  EXPECT_EQ(a.zone, "CENTRAL");
  EXPECT_EQ(a.neighbourhood, "LAS CUADRAS");
  EXPECT_EQ(format_bo_address(a),
            "COCHABAMBA/LA PAZ - 2040 ENTRE LANZA Y ANTEZANA CONDOMINIO HORIZONTES BLOQUE I PISO 4 "
            "DEPTO A ZONA CENTRAL BARRIO LAS CUADRAS");
  EXPECT_EQ(parse_bo_address(format_bo_address(a)), a);

  a = parse_bo_address("Peñaranda - 150 Esquína Ñuflo de Chávez Edif. Los Álamos Departamento 3");
  EXPECT_EQ(a.street, "PEÑARANDA");
  EXPECT_EQ(a.corner, "ÑUFLO DE CHÁVEZ");
  EXPECT_EQ(a.building, "LOS ÁLAMOS");
  EXPECT_EQ(a.apartment, "3");
  EXPECT_EQ(format_bo_address(a),
            "PEÑARANDA - 150 ESQUINA ÑUFLO DE CHÁVEZ EDIFICIO LOS ÁLAMOS DEPTO 3");
}

TEST(BoAddress, StreetWithHyphenAndLetteredNumber) {
  PostalAddress a = parse_bo_address("VILLA-ARMONIA - 123B ESQ. SUCRE");
  EXPECT_EQ(a.street, "VILLA-ARMONIA");
  EXPECT_EQ(a.number, "123B");
  EXPECT_EQ(a.corner, "SUCRE");
}

TEST(BoAddress, Rejections) {
  const std::string no_number =
      "the street needs ' - ' and a house number, as in LA PAZ - 2020 (use S/N only for rural "
      "locations)";
  expect_rejected("LA PAZ 2020 ENTRE LANZA Y ANTEZANA", no_number);
  expect_rejected("LA PAZ - ENTRE LANZA Y ANTEZANA", no_number);
  expect_rejected("", "the address is empty");
  expect_rejected(" \t ", "the address is empty");
  expect_rejected("- 2020 ESQUINA LANZA",
                  "the address needs a street (INNOMINADA for an unnamed one)");
  expect_rejected("LA PAZ - S/N ENTRE LANZA Y ANTEZANA",
                  "the street needs a house number (use S/N only for rural locations)");
  expect_rejected("LA PAZ - 20X0 ESQUINA LANZA",
                  "the house number must be up to 6 digits, optionally followed by one letter, "
                  "or S/N");
  expect_rejected("LA PAZ - 2020",
                  "an urban address needs ENTRE <street> Y <street> or ESQUINA <street>");
  expect_rejected("LA PAZ - 2020 ZONA CENTRAL",
                  "an urban address needs ENTRE <street> Y <street> or ESQUINA <street>");
  expect_rejected("LA PAZ - 2020 ENTRE LANZA",
                  "ENTRE needs two streets: ENTRE <street> Y <street>");
  expect_rejected("LA PAZ - 2020 ENTRE LANZA Y",
                  "ENTRE needs two streets: ENTRE <street> Y <street>");
  expect_rejected("LA PAZ - 2020 LANZA Y ANTEZANA",
                  "unexpected text after the house number: LANZA (expected ENTRE, ESQUINA, "
                  "EDIFICIO, CONDOMINIO, BLOQUE, PISO, DEPTO, ZONA, BARRIO or OBSERVACIONES)");
  expect_rejected("LA PAZ - 2030 ESQUINA", "ESQUINA needs a value");
  expect_rejected("LA PAZ - 2030 ESQUINA LANZA PISO 3",
                  "BLOQUE, PISO and DEPTO need the name of the EDIFICIO or CONDOMINIO");
  expect_rejected("LA PAZ - 2030 ESQUINA LANZA EDIFICIO ELIAS PISO 3 PISO 4",
                  "PISO is given twice");
  expect_rejected("LA PAZ - 2030 ESQUINA LANZA EDIFICIO ELIAS CONDOMINIO SOL",
                  "only one EDIFICIO or CONDOMINIO may be given");
  expect_rejected("INNOMINADA - 1512 ZONA PUCARA",
                  "a rural location needs directions to the house in OBSERVACIONES");
  expect_rejected("UBICACIÓN RURAL: CAMINO A SACABA - S/N. OBSERVACIONES:",
                  "a rural location needs directions to the house in OBSERVACIONES");
}

TEST(ValidateAddress, StructuredFields) {
  PostalAddress a;
  a.country = "BO";
  a.street = "LA PAZ";
  a.number = "2020";
  a.corner = "LANZA";
  EXPECT_NO_THROW(validate_address(a));

  PostalAddress unnamed = a;
  unnamed.street = "INNOMINADA";
  expect_invalid(unnamed, "an unnamed street (INNOMINADA) must be registered as a rural location");
  unnamed.rural = true;
  unnamed.observations = "KM 8 AL NORTE";
  EXPECT_NO_THROW(validate_address(unnamed));

  PostalAddress one_street = a;
  one_street.between_a = "LANZA";
  expect_invalid(one_street, "ENTRE needs two streets: ENTRE <street> Y <street>");

  PostalAddress nameless = a;
  nameless.condominium = true;
  expect_invalid(nameless, "CONDOMINIO needs a name");

  PostalAddress no_number = a;
  no_number.number = "";
  expect_invalid(no_number, "the street needs a house number (use S/N only for rural locations)");
}

}  // namespace
}  // namespace abonado
