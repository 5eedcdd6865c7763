// The catalog (FL-13, FL-14) and top-up (FL-10..FL-12) sections of a policy pack.

#include <gtest/gtest.h>

#include <algorithm>

#include "policy/load.hpp"
#include "policy/policy.hpp"

namespace abonado {
namespace {

std::string flash_text() {
  for (const auto& pack : builtin_packs()) {
    if (pack.name == "pe-flash") return std::string(pack.toml);
  }
  ADD_FAILURE() << "no builtin pack pe-flash";
  return {};
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

int line_of(std::string_view text, std::string_view needle) {
  auto pos = text.find(needle);
  EXPECT_NE(pos, std::string_view::npos) << needle;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n'));
}

// Parsing `text` fails at `line` (0: any) naming `key`, with `reason` in the message.
void expect_error(const std::string& text, int line, std::string_view key,
                  std::string_view reason) {
  try {
    parse_policy(text, "pe-flash.toml");
    ADD_FAILURE() << "parsed; expected an error at " << key;
  } catch (const PolicyError& e) {
    std::string what = e.what();
    if (line > 0) {
      EXPECT_EQ(e.line(), line) << what;
    }
    EXPECT_EQ(e.key(), key) << what;
    EXPECT_NE(what.find(reason), std::string::npos) << what;
  }
}

const Offering* find(const Policy& p, std::string_view id) {
  for (const auto& o : p.catalog->offerings) {
    if (o.id == id) return &o;
  }
  return nullptr;
}

TEST(CatalogPolicy, FlashPlansAndPackages) {
  auto p = load_policy("pe-flash");
  ASSERT_TRUE(p.catalog.has_value());
  const auto& offerings = p.catalog->offerings;
  ASSERT_GE(offerings.size(), 4u);
  // Plans first, in pack order.
  EXPECT_EQ(offerings.front().id, "plan_15");
  EXPECT_EQ(offerings.front().kind, OfferingKind::kPlan);
  EXPECT_EQ(offerings.back().kind, OfferingKind::kPackage);
  const Offering* plan = find(p, "plan_15");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->name, "Plan Flash 15");
  EXPECT_EQ(plan->price, 1500);  // S/ 15.00 in céntimos
  EXPECT_EQ(plan->validity_days, 30);
  EXPECT_EQ(plan->data_mb, 6144);
  EXPECT_EQ(plan->minutes, 300);
  EXPECT_EQ(plan->onnet_minutes, 1000);
  EXPECT_EQ(plan->sms, 100);
  const Offering* megas = find(p, "megas_1_dia");
  ASSERT_NE(megas, nullptr);
  EXPECT_EQ(megas->kind, OfferingKind::kPackage);
  EXPECT_EQ(megas->minutes, 0);  // absent allowances are none
  EXPECT_TRUE(megas->description.empty());
  // FL-13: plans and packages are cheaper than the standard tariff.
  const auto& tariff = p.catalog->standard_tariff;
  EXPECT_EQ(tariff.voice_per_minute_micros, 290000);
  EXPECT_GT(tariff.data_per_mb_micros * megas->data_mb / 10000, megas->price);
  ASSERT_TRUE(p.topup.has_value());
  EXPECT_EQ(p.topup->min_amount, 300);
  EXPECT_EQ(p.topup->max_amount, 50000);
}

TEST(CatalogPolicy, OtherPacksHaveNoCatalog) {
  for (auto name : {"bo-comteco", "ru-beeline", "ec-claro"}) {
    auto p = load_policy(name);
    EXPECT_FALSE(p.catalog.has_value()) << name;
    EXPECT_FALSE(p.topup.has_value()) << name;
  }
}

TEST(CatalogPolicy, OfferingErrorsNameTheKey) {
  auto text = replaced(flash_text(), "id = \"plan_25\"", "id = \"Plan 25\"");
  expect_error(text, line_of(text, "\"Plan 25\""), "catalog.plans[1].id",
               "must be lower_snake_case");
  text = replaced(flash_text(), "price = 1500", "price = 0");
  expect_error(text, line_of(text, "price = 0"), "catalog.plans[0].price",
               "must be a positive integer amount in minor units");
  text = replaced(flash_text(), "price = 1500", "price = 15.0");
  expect_error(text, line_of(text, "price = 15.0"), "catalog.plans[0].price", "found a float");
  text = replaced(flash_text(), "validity_days = 1\n", "validity_days = 0\n");
  expect_error(text, line_of(text, "validity_days = 0"), "catalog.packages[0].validity_days",
               "must be an integer from 1 to 366");
  text = replaced(flash_text(), "minutes = 100\n", "minutes = -5\n");
  expect_error(text, line_of(text, "minutes = -5"), "catalog.packages[2].minutes",
               "must be a non-negative integer");
  text = replaced(flash_text(), "data_mb = 500\n", "data_mb = 500\nvoice_mb = 3\n");
  expect_error(text, line_of(text, "voice_mb"), "catalog.packages[0].voice_mb", "unknown key");
}

TEST(CatalogPolicy, AnOfferingNeedsAnAllowance) {
  auto text = replaced(flash_text(), "minutes = 100\n", "");
  expect_error(text, 0, "catalog.packages[2]", "needs at least one allowance");
}

TEST(CatalogPolicy, OfferingIdsAreUnique) {
  auto text = replaced(flash_text(), "id = \"megas_30_dias\"", "id = \"plan_15\"");
  expect_error(text, 0, "catalog.packages[3]", "duplicate offering id plan_15");
}

TEST(CatalogPolicy, TheStandardTariffIsRequired) {
  auto text = replaced(flash_text(), "[catalog.standard_tariff]\n", "[catalog.standard_rate]\n");
  expect_error(text, 0, "catalog.standard_tariff", "required key is missing");
  text = replaced(flash_text(), "sms_micros = 100000", "sms_micros = -1");
  expect_error(text, line_of(text, "sms_micros = -1"), "catalog.standard_tariff.sms_micros",
               "must be a non-negative integer rate in micros");
}

TEST(CatalogPolicy, TopupBounds) {
  auto text = replaced(flash_text(), "max_amount = 50000", "max_amount = 200");
  expect_error(text, line_of(text, "max_amount = 200"), "topup.max_amount",
               "must not be less than min_amount");
  text = replaced(flash_text(), "min_amount = 300", "min_amount = 0");
  expect_error(text, line_of(text, "min_amount = 0"), "topup.min_amount",
               "must be a positive integer amount");
}

}  // namespace
}  // namespace abonado
