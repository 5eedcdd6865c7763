#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/id_document.hpp"

namespace abonado {
namespace {

IdDocument parse(std::string_view type, std::string_view number, std::string_view country = "") {
  return parse_id_document(type, number, country);
}

void expect_rejected(std::string_view type, std::string_view number, std::string_view country,
                     std::string_view rule, std::string_view field = "identificationId") {
  try {
    IdDocument doc = parse_id_document(type, number, country);
    ADD_FAILURE() << type << " " << number << " accepted as " << doc.number;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Code::kInvalidIdDocument) << number;
    EXPECT_EQ(e.field(), field) << number;
    EXPECT_EQ(std::string(e.what()), rule) << type << " " << number;
  }
}

void expect_number(std::string_view type, std::string_view number, std::string_view country,
                   std::string_view canonical, std::string_view issuer) {
  IdDocument doc = parse(type, number, country);
  EXPECT_EQ(doc.number, canonical) << type << " " << number;
  EXPECT_EQ(doc.country, issuer) << type << " " << number;
}

TEST(IdType, WireNamesRoundTrip) {
  for (IdType t : {IdType::kDni, IdType::kCe, IdType::kPassport, IdType::kCi, IdType::kCedula,
                   IdType::kRuPassport, IdType::kRuc, IdType::kNit, IdType::kInn}) {
    EXPECT_EQ(parse_id_type(id_type_name(t)), t) << id_type_name(t);
  }
  EXPECT_EQ(id_type_name(IdType::kRuPassport), "RU_PASSPORT");
  EXPECT_EQ(id_type_name(IdType::kCedula), "CEDULA");
  EXPECT_EQ(parse_id_type("dni"), std::nullopt);
  EXPECT_EQ(parse_id_type(""), std::nullopt);
  EXPECT_EQ(parse_id_type("LICENSE"), std::nullopt);
}

TEST(IdDocument, UnknownTypeNamesTheTypeField) {
  expect_rejected("LICENSE", "12345678", "",
                  "identificationType must be one of DNI, CE, PASSPORT, CI, CEDULA, RU_PASSPORT, "
                  "RUC, NIT, INN",
                  "identificationType");
}

TEST(IdDocument, IssuingCountry) {
  expect_rejected("DNI", "10117410", "PER",
                  "issuingCountry must be an ISO 3166 alpha-2 code such as PE", "issuingCountry");
  expect_rejected("DNI", "10117410", "P1",
                  "issuingCountry must be an ISO 3166 alpha-2 code such as PE", "issuingCountry");
  expect_rejected("DNI", "10117410", "BO", "DNI is issued by PE, not BO", "issuingCountry");
  expect_rejected("CI", "4567890 LP", "PE", "CI is issued by BO, not PE", "issuingCountry");
  expect_rejected("CEDULA", "1714307103", "PE", "CEDULA is issued by EC, not PE", "issuingCountry");
  expect_rejected("INN", "7707083893", "BO", "INN is issued by RU, not BO", "issuingCountry");
  expect_number("DNI", "10117410", " pe ", "10117410", "PE");
  expect_number("NIT", "1020703023", "", "1020703023", "BO");
}

TEST(IdDocument, EmptyNumber) {
  expect_rejected("DNI", "   ", "", "DNI number is empty");
  expect_rejected("PASSPORT", "", "US", "PASSPORT number is empty");
}

// ---- Peru ----

TEST(PeruDni, EightDigitsWithOptionalCheckCharacter) {
  IdDocument plain = parse("DNI", " 10117410 ");
  EXPECT_EQ(plain.type, IdType::kDni);
  EXPECT_EQ(plain.country, "PE");
  EXPECT_EQ(plain.number, "10117410");
  EXPECT_EQ(plain.check, "");
  EXPECT_EQ(plain.display(), "10117410");

  // REFERENCE.md: 10117410 gives c = 4, so "2" or "G".
  for (const char* text : {"10117410-2", "101174102", "10117410 - 2", "10117410 2"}) {
    IdDocument doc = parse("DNI", text);
    EXPECT_EQ(doc.number, "10117410") << text;
    EXPECT_EQ(doc.check, "2") << text;
    EXPECT_EQ(doc.display(), "10117410-2") << text;
  }
  for (const char* text : {"10117410-G", "10117410G", "10117410-g"}) {
    EXPECT_EQ(parse("DNI", text).check, "G") << text;
  }
  // python-stdnum tests/test_pe_cui.doctest.
  for (const char* text : {"10812543-3", "10812543-H", "10586119B", "25543680E", "05209244-8",
                           "32023446H", "42189197-0"}) {
    EXPECT_NO_THROW(parse("DNI", text)) << text;
  }
  EXPECT_EQ(parse("DNI", "00000000-K").number, "00000000");
}

TEST(PeruDni, Rejections) {
  const std::string length = "DNI must have 8 digits, optionally followed by its check character";
  for (const char* text : {"1011741", "1081254332", "108125H3-3", "10117410-", "10117410-23",
                           "10 117410", "10117410--2", "10117410/2", "DNI10117410"}) {
    expect_rejected("DNI", text, "", length);
  }
  for (const char* text : {"10117410-3", "10117410-H", "101174109", "10812543-G", "10586119C"}) {
    expect_rejected("DNI", text, "", "DNI check character does not match");
  }
}

TEST(PeruCe, NineToTwelveAlphanumerics) {
  expect_number("CE", "001234567", "", "001234567", "PE");
  expect_number("CE", "ab1234567890", "PE", "AB1234567890", "PE");
  expect_number("CE", "X12345678", "", "X12345678", "PE");
  for (const char* text : {"12345678", "1234567890123", "00123-4567", "00123 4567", "Ñ12345678"}) {
    expect_rejected("CE", text, "", "CE must have 9 to 12 letters or digits");
  }
}

TEST(PeruRuc, ElevenDigitsPrefixAndCheckDigit) {
  // 20512333797: REFERENCE.md; 10101174102: the RUC of DNI 10117410.
  for (const char* text :
       {"20512333797", "10101174102", "20100070970", "15123456782", "16123456789", "17123456785"}) {
    expect_number("RUC", text, "", text, "PE");
    expect_number("RUC", text, "PE", text, "PE");
  }
  expect_rejected("RUC", "2051233379", "PE", "Peruvian RUC must have 11 digits");
  expect_rejected("RUC", "205123337970", "PE", "Peruvian RUC must have 11 digits");
  expect_rejected("RUC", "2051233379A", "", "Peruvian RUC must have 11 digits");
  expect_rejected("RUC", "205-1233379", "", "Peruvian RUC must have 11 digits");
  for (const char* text : {"30512333797", "11512333797", "18123456780", "00000000000"}) {
    expect_rejected("RUC", text, "", "Peruvian RUC must start with 10, 15, 16, 17 or 20");
  }
  for (const char* text : {"20512333798", "10101174103", "15123456780"}) {
    expect_rejected("RUC", text, "PE", "RUC check digit does not match");
  }
}

TEST(PeruRuc, FromDni) {
  EXPECT_EQ(peru_ruc_from_dni("10117410"), "10101174102");  // REFERENCE.md
  EXPECT_EQ(peru_ruc_from_dni("10812543"), "10108125433");  // stdnum cui.to_ruc
  EXPECT_EQ(parse("RUC", peru_ruc_from_dni("45678912")).number, peru_ruc_from_dni("45678912"));
  EXPECT_THROW(peru_ruc_from_dni("1011741"), Error);
  EXPECT_THROW(peru_ruc_from_dni("1011741A"), Error);
}

TEST(Ruc, CountryDecidesOrLength) {
  expect_number("RUC", "1792060346001", "", "1792060346001", "EC");
  expect_number("RUC", "1792060346-001", "", "1792060346001", "EC");
  expect_rejected("RUC", "20512333797", "EC", "Ecuadorian RUC must have 13 digits");
  expect_rejected("RUC", "1792060346001", "PE", "Peruvian RUC must have 11 digits");
  expect_rejected("RUC", "123456789012", "",
                  "RUC must have 11 digits (Peru) or 13 digits (Ecuador)");
  expect_rejected("RUC", "20512333797", "BO", "RUC is issued by PE or EC, not BO",
                  "issuingCountry");
}

// ---- Bolivia ----

TEST(BoliviaCi, WrittenForms) {
  IdDocument doc = parse("CI", "4567890 LP");
  EXPECT_EQ(doc.type, IdType::kCi);
  EXPECT_EQ(doc.country, "BO");
  EXPECT_EQ(doc.number, "4567890");
  EXPECT_EQ(doc.department, "LP");
  EXPECT_EQ(doc.complement, "");
  EXPECT_EQ(doc.display(), "4567890 LP");

  doc = parse("CI", "4567890-1A LP");
  EXPECT_EQ(doc.number, "4567890-1A");
  EXPECT_EQ(doc.complement, "1A");
  EXPECT_EQ(doc.department, "LP");
  EXPECT_EQ(doc.display(), "4567890-1A LP");

  for (const char* text : {"4567890LP", "4567890lp", "4567890-LP", "4567890.LP", "4567890 - LP"}) {
    IdDocument same = parse("CI", text);
    EXPECT_EQ(same.number, "4567890") << text;
    EXPECT_EQ(same.department, "LP") << text;
  }
  EXPECT_EQ(parse("CI", "4567890 LP 1A"), parse("CI", "4567890-1A LP"));
  doc = parse("CI", "4567890");  // the department is optional
  EXPECT_EQ(doc.department, "");
  EXPECT_EQ(doc.display(), "4567890");
  doc = parse("CI", "4567890-1A");
  EXPECT_EQ(doc.number, "4567890-1A");
  EXPECT_EQ(doc.display(), "4567890-1A");
}

TEST(BoliviaCi, StdnumJsExamples) {
  expect_number("CI", "1234567-SC", "", "1234567", "BO");
  expect_number("CI", "12345678-LP", "BO", "12345678", "BO");
  IdDocument doc = parse("CI", "1234567-OR-1");
  EXPECT_EQ(doc.number, "1234567-1");
  EXPECT_EQ(doc.department, "OR");
  EXPECT_EQ(doc.complement, "1");
  EXPECT_EQ(parse("CI", "7654321-TJ-99").complement, "99");
}

TEST(BoliviaCi, EveryDepartment) {
  for (const char* code : {"LP", "OR", "PT", "CB", "CH", "TJ", "SC", "BE", "PD"}) {
    EXPECT_EQ(parse("CI", std::string("4567890 ") + code).department, code);
  }
}

TEST(BoliviaCi, Rejections) {
  for (const char* text : {"123456-LP", "123456789 LP", "LP 4567890", "45-67890"}) {
    expect_rejected("CI", text, "", "CI must have 7 or 8 digits");
  }
  // A two-letter part is a department, so "XX" is not read as a complement.
  for (const char* text : {"1234567-XX", "4567890 LA", "4567890-1A ZZ"}) {
    expect_rejected("CI", text, "",
                    "CI department code must be one of LP, OR, PT, CB, CH, TJ, SC, BE, PD");
  }
  for (const char* text : {"1234567-SC-ABC", "1234567-1AB", "4567890 CBB"}) {
    expect_rejected("CI", text, "", "CI complement must be 1 or 2 letters or digits");
  }
  expect_rejected("CI", "4567890 LP CB", "", "CI has more than one department code");
  expect_rejected("CI", "4567890-1A-2B", "", "CI has more than one complement");
  expect_rejected("CI", "4567890/LP", "",
                  "CI may contain only digits, letters, '-', '.' and spaces");
}

TEST(BoliviaNit, Digits) {
  expect_number("NIT", "1020703023", "BO", "1020703023", "BO");
  expect_number("NIT", "12345", "", "12345", "BO");
  for (const char* text : {"1234", "1234567890123456", "10207030-23", "102070302A"}) {
    expect_rejected("NIT", text, "", "NIT must have 5 to 15 digits");
  }
}

// ---- Ecuador ----

TEST(EcuadorCedula, Valid) {
  IdDocument doc = parse("CEDULA", "1714307103");  // REFERENCE.md
  EXPECT_EQ(doc.type, IdType::kCedula);
  EXPECT_EQ(doc.country, "EC");
  EXPECT_EQ(doc.number, "1714307103");
  EXPECT_EQ(doc.display(), "1714307103");
  expect_number("CEDULA", "171430710-3", "EC", "1714307103", "EC");
  expect_number("CEDULA", "0926687856", "", "0926687856", "EC");
  expect_number("CEDULA", "0101016905", "", "0101016905", "EC");
  expect_number("CEDULA", "2400000002", "", "2400000002", "EC");  // province 24
  expect_number("CEDULA", "3000000004", "", "3000000004", "EC");  // 30: foreigners
  expect_number("CEDULA", "1760000008", "", "1760000008", "EC");  // third digit 6
}

TEST(EcuadorCedula, Rejections) {
  for (const char* text :
       {"171430710", "17143071034", "17143071O3", "1714-307103", "17143071-03"}) {
    expect_rejected("CEDULA", text, "", "cédula must have 10 digits");
  }
  // 8814307107: REFERENCE.md's invalid example.
  for (const char* text : {"8814307107", "0014307103", "2514307100", "5014307100"}) {
    expect_rejected("CEDULA", text, "", "cédula province code must be 01-24 or 30");
  }
  // 1784307108: REFERENCE.md's invalid example.
  for (const char* text : {"1784307108", "1774307103", "1794307103"}) {
    expect_rejected("CEDULA", text, "", "cédula third digit must be 0-6");
  }
  for (const char* text : {"1714307104", "1714307102", "0926687857"}) {
    expect_rejected("CEDULA", text, "", "cédula check digit does not match");
  }
}

TEST(EcuadorRuc, PersonPublicAndCompany) {
  // REFERENCE.md and python-stdnum tests/test_ec_ruc.doctest.
  for (const char* text : {"1714307103001", "0926687856001", "1803557964001",  // person
                           "0160000510001", "0260000250001",                   // public
                           "1792060346001"}) {                                 // company
    expect_number("RUC", text, "EC", text, "EC");
  }
  // stdnum's second readings: a 6 valid only as a person (foreign resident's
  // cédula), a 9 valid only as public.
  expect_number("RUC", "1765432107001", "EC", "1765432107001", "EC");
  expect_number("RUC", "1790000080001", "EC", "1790000080001", "EC");
  expect_number("RUC", "1714307103002", "EC", "1714307103002", "EC");
}

TEST(EcuadorRuc, Rejections) {
  for (const char* text : {"179206034601", "17920603460011", "179206034600A", "1792060-346001"}) {
    expect_rejected("RUC", text, "EC", "Ecuadorian RUC must have 13 digits");
  }
  expect_rejected("RUC", "8892060346001", "EC", "RUC province code must be 01-24 or 30");
  expect_rejected("RUC", "0092060346001", "EC", "RUC province code must be 01-24 or 30");
  expect_rejected("RUC", "1772060346001", "EC", "RUC third digit must be 0-6 or 9");
  expect_rejected("RUC", "1782060346001", "EC", "RUC third digit must be 0-6 or 9");
  // Person.
  expect_rejected("RUC", "1714307103000", "EC", "RUC establishment number must not be 000");
  expect_rejected("RUC", "1714307104001", "EC",
                  "RUC of a person: cédula check digit does not match");
  // Public: reported as public even though the person reading is tried too.
  expect_rejected("RUC", "0160000510000", "EC", "RUC establishment number must not be 0000");
  expect_rejected("RUC", "0160000520001", "EC", "RUC check digit does not match");
  expect_rejected("RUC", "1763154690001", "EC", "RUC check digit does not match");  // stdnum
  // Company.
  expect_rejected("RUC", "1792060346000", "EC", "RUC establishment number must not be 000");
  expect_rejected("RUC", "1792060347001", "EC", "RUC check digit does not match");
}

// ---- Russia ----

TEST(RussiaPassport, SeriesAndNumber) {
  for (const char* text : {"4509 123456", "45 09 123456", "4509123456", " 4509 123456 "}) {
    IdDocument doc = parse("RU_PASSPORT", text, "RU");
    EXPECT_EQ(doc.number, "4509123456") << text;
    EXPECT_EQ(doc.series, "4509") << text;
    EXPECT_EQ(doc.serial, "123456") << text;
    EXPECT_EQ(doc.country, "RU") << text;
    EXPECT_EQ(doc.display(), "4509 123456") << text;
  }
  for (const char* text : {"4509 12345", "4509 1234567", "4509-123456", "4509  123456",
                           "450 9123456", "4509 123 456", "45O9 123456", "IV-AB 123456"}) {
    expect_rejected("RU_PASSPORT", text, "",
                    "RU_PASSPORT must be a 4-digit series and a 6-digit number, as in 4509 123456");
  }
}

TEST(RussiaInn, CheckDigits) {
  // REFERENCE.md and stdnum's doctests.
  for (const char* text : {"7707083893", "1234567894", "500100732259", "123456789047"}) {
    expect_number("INN", text, "", text, "RU");
  }
  for (const char* text :
       {"7707083894", "1234567895", "500100732258", "500100732249", "123456789048"}) {
    expect_rejected("INN", text, "", "INN check digit does not match");
  }
  for (const char* text :
       {"77070838", "77070838931", "7707083893123", "77070838-93", "770708389X"}) {
    expect_rejected("INN", text, "", "INN must have 10 digits (company) or 12 digits (individual)");
  }
}

// ---- Any country ----

TEST(Passport, FiveToFifteenAlphanumericsWithCountry) {
  IdDocument doc = parse("PASSPORT", "ab12345", "us");
  EXPECT_EQ(doc.type, IdType::kPassport);
  EXPECT_EQ(doc.number, "AB12345");
  EXPECT_EQ(doc.country, "US");
  EXPECT_EQ(doc.display(), "AB12345");
  expect_number("PASSPORT", "12345", "PE", "12345", "PE");
  expect_number("PASSPORT", "ABCDE1234567890", "BO", "ABCDE1234567890", "BO");
  expect_rejected("PASSPORT", "AB12345", "", "PASSPORT needs its issuing country",
                  "issuingCountry");
  for (const char* text : {"1234", "ABCDE12345678901", "AB 12345", "AB-12345", "AB12345!"}) {
    expect_rejected("PASSPORT", text, "PE", "passport number must have 5 to 15 letters or digits");
  }
}

TEST(IdDocument, SameDocumentSameNumberWhateverTheSpelling) {
  EXPECT_EQ(parse("DNI", "10117410").number, parse("DNI", "10117410-G").number);
  EXPECT_EQ(parse("RU_PASSPORT", "45 09 123456"), parse("RU_PASSPORT", "4509123456", "ru"));
  EXPECT_EQ(parse("CI", "4567890lp"), parse("CI", " 4567890 - LP "));
}

}  // namespace
}  // namespace abonado
