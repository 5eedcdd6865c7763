#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/phone.hpp"

namespace abonado {
namespace {

void expect_phone(std::string_view text, std::string_view region, std::string_view e164,
                  std::string_view national, std::string_view number_region, PhoneKind kind) {
  PhoneNumber p = parse_phone(text, region);
  EXPECT_EQ(p.e164, e164) << text;
  EXPECT_EQ(p.national, national) << text;
  EXPECT_EQ(p.region, number_region) << text;
  EXPECT_EQ(p.kind, kind) << text;
}

void expect_invalid(std::string_view text, std::string_view region, std::string_view reason) {
  try {
    parse_phone(text, region);
    ADD_FAILURE() << "accepted " << text;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Code::kInvalidPhoneNumber) << text;
    EXPECT_EQ(e.field(), "phone");
    EXPECT_EQ(std::string(e.what()), reason) << text;
  }
}

TEST(Phone, PeruMobileInAnyWrittenForm) {
  for (const char* text :
       {"+51 987 654 321", "987654321", "0051987654321", "987-654-321", " +51 (987) 654.321 "}) {
    expect_phone(text, "PE", "+51987654321", "987 654 321", "PE", PhoneKind::kMobile);
  }
  expect_phone("987654321", "pe", "+51987654321", "987 654 321", "PE", PhoneKind::kMobile);
}

TEST(Phone, PeruFixedAndTollFree) {
  expect_phone("(01) 411-1111", "PE", "+5114111111", "(01) 4111111", "PE", PhoneKind::kFixed);
  expect_phone("14567890", "PE", "+5114567890", "(01) 4567890", "PE", PhoneKind::kFixed);
  expect_phone("0800 12345", "PE", "+5180012345", "(0800) 12345", "PE", PhoneKind::kTollFree);
}

TEST(Phone, Bolivia) {
  expect_phone("71234567", "BO", "+59171234567", "71234567", "BO", PhoneKind::kMobile);
  expect_phone("+591 61234567", "PE", "+59161234567", "61234567", "BO", PhoneKind::kMobile);
  expect_phone("4 4200224", "BO", "+59144200224", "4 4200224", "BO", PhoneKind::kFixed);
  expect_phone("44200224", "BO", "+59144200224", "4 4200224", "BO", PhoneKind::kFixed);
  expect_phone("22123456", "BO", "+59122123456", "2 2123456", "BO", PhoneKind::kFixed);
}

TEST(Phone, Russia) {
  expect_phone("8 (916) 123-45-67", "RU", "+79161234567", "8 (916) 123-45-67", "RU",
               PhoneKind::kMobile);
  expect_phone("+7 912 345-67-89", "PE", "+79123456789", "8 (912) 345-67-89", "RU",
               PhoneKind::kMobile);
  expect_phone("+7 495 123-45-67", "RU", "+74951234567", "8 (495) 123-45-67", "RU",
               PhoneKind::kFixed);
}

TEST(Phone, Ecuador) {
  expect_phone("0991234567", "EC", "+593991234567", "099 123 4567", "EC", PhoneKind::kMobile);
  expect_phone("022345678", "EC", "+59322345678", "(02) 234-5678", "EC", PhoneKind::kFixed);
}

TEST(Phone, RejectsInvalidNumbers) {
  expect_invalid("98765", "PE", "phone number is too short for PE");
  expect_invalid("987654321012345", "PE", "phone number is too long for PE");
  expect_invalid("812345678", "PE", "phone number is not in a range assigned in PE");
  expect_invalid("51234567", "BO", "phone number is not in a range assigned in BO");
  expect_invalid("0921234567", "EC", "phone number is not in a range assigned in EC");
  expect_invalid("4567890", "BO", "phone number has the wrong number of digits for BO");
  expect_invalid("98765432A", "PE", "phone number may contain only digits, spaces and + ( ) - .");
  expect_invalid("987 654 321 ext 5", "PE",
                 "phone number may contain only digits, spaces and + ( ) - .");
  expect_invalid("", "PE", "text is not a phone number");
  expect_invalid("987654321", "", "phone number has an unknown or missing country code");
  expect_invalid("+999 123456", "PE", "phone number has an unknown or missing country code");
}

TEST(Phone, KindNames) {
  EXPECT_EQ(phone_kind_name(PhoneKind::kMobile), "mobile");
  EXPECT_EQ(phone_kind_name(PhoneKind::kFixed), "fixed");
  EXPECT_EQ(phone_kind_name(PhoneKind::kFixedOrMobile), "fixed_or_mobile");
  EXPECT_EQ(phone_kind_name(PhoneKind::kTollFree), "toll_free");
  EXPECT_EQ(phone_kind_name(PhoneKind::kOther), "other");
}

TEST(PhoneSearchKey, GivesE164ForPossibleNumbers) {
  EXPECT_EQ(phone_search_key("987 654 321", "PE"), "+51987654321");
  EXPECT_EQ(phone_search_key("+51987654321", "BO"), "+51987654321");
  EXPECT_EQ(phone_search_key("4 4200224", "BO"), "+59144200224");
  // Possible but unassigned: still a key, as stored numbers were valid.
  EXPECT_EQ(phone_search_key("812345678", "PE"), "+51812345678");
}

TEST(PhoneSearchKey, NulloptForNamesAndFragments) {
  EXPECT_EQ(phone_search_key("Quispe", "PE"), std::nullopt);
  EXPECT_EQ(phone_search_key("Juan 987654321", "PE"), std::nullopt);
  EXPECT_EQ(phone_search_key("98765", "PE"), std::nullopt);
  EXPECT_EQ(phone_search_key("4567890", "BO"), std::nullopt);  // no area code: a CI, not a phone
  EXPECT_EQ(phone_search_key("", "PE"), std::nullopt);
  EXPECT_EQ(phone_search_key("987654321", ""), std::nullopt);
}

}  // namespace
}  // namespace abonado
