#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "policy/load.hpp"
#include "policy/policy.hpp"

namespace abonado {
namespace {

using namespace std::chrono;

std::string builtin_text(std::string_view name) {
  for (const auto& pack : builtin_packs()) {
    if (pack.name == name) return std::string(pack.toml);
  }
  ADD_FAILURE() << "no builtin pack " << name;
  return {};
}

// `text` with the first `from` replaced by `to`; fails the test when `from` is absent.
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

bool has_date(const Policy& p, year_month_day date) {
  const auto& holidays = p.calendar.holidays;
  return std::any_of(holidays.begin(), holidays.end(),
                     [&](const Holiday& h) { return h.date == date; });
}

// A pack written to a temporary file, removed at the end of the test.
class TempPack {
 public:
  explicit TempPack(const std::string& text) {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("abonado-" + std::string(test->name()) + "-" + std::to_string(counter_++) + ".toml");
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempPack() { std::filesystem::remove(path_); }
  TempPack(const TempPack&) = delete;
  TempPack& operator=(const TempPack&) = delete;

  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

// Loading `text` from a file fails at `line` with `key` and `reason` in the message.
void expect_error(const std::string& text, int line, std::string_view key,
                  std::string_view reason) {
  TempPack pack(text);
  try {
    load_policy(pack.path());
    ADD_FAILURE() << "loaded; expected an error at " << key;
  } catch (const PolicyError& e) {
    std::string what = e.what();
    EXPECT_EQ(e.file(), pack.path());
    EXPECT_EQ(e.line(), line) << what;
    EXPECT_EQ(e.key(), key) << what;
    EXPECT_TRUE(what.starts_with(pack.path() + ":" + std::to_string(line) + ":")) << what;
    EXPECT_NE(what.find(std::string(key) + ": "), std::string::npos) << what;
    EXPECT_NE(what.find(reason), std::string::npos) << what;
  }
}

TEST(Policy, AllBuiltinPacksLoad) {
  std::vector<std::string_view> names;
  for (const auto& pack : builtin_packs()) {
    names.push_back(pack.name);
    SCOPED_TRACE(pack.name);
    auto policy = load_policy(pack.name);
    auto calendar = business_calendar(policy);
    EXPECT_EQ(calendar.time_zone(), policy.calendar.time_zone);
    EXPECT_FALSE(policy.calendar.holidays.empty());
    EXPECT_TRUE(std::is_sorted(policy.calendar.holidays.begin(), policy.calendar.holidays.end(),
                               [](const Holiday& a, const Holiday& b) { return a.date < b.date; }));
  }
  EXPECT_EQ(names,
            (std::vector<std::string_view>{"pe-flash", "bo-comteco", "ru-beeline", "ec-claro"}));
}

TEST(Policy, FlashNumbers) {
  auto p = load_policy("pe-flash");
  EXPECT_EQ(p.name, "Flash Mobile");
  EXPECT_EQ(p.country, "PE");
  EXPECT_EQ(p.currency.code, "PEN");
  EXPECT_EQ(p.currency.minor_digits, 2);
  EXPECT_EQ(p.calendar.time_zone, "America/Lima");
  EXPECT_EQ(p.language, "es");
  EXPECT_EQ(p.limits.max_active_lines, 5);    // FL-3
  EXPECT_EQ(p.limits.biometric_attempts, 5);  // FL-2
  ASSERT_TRUE(p.porting_pin.has_value());     // FL-6
  EXPECT_EQ(p.porting_pin->mode, PinMode::kFixed);
  EXPECT_EQ(p.porting_pin->fixed_pin, "0000");
  EXPECT_EQ(p.porting_pin->digits, 4);
  EXPECT_EQ(p.porting_pin->max_attempts, 5);
  EXPECT_EQ(p.porting_pin->lock_hours, 24);
  EXPECT_EQ(p.porting_pin->donors,
            (std::vector<std::string>{"Movistar", "Claro", "Entel", "Bitel"}));
  EXPECT_EQ(p.deadlines.form_business_days, 3);  // FL-4
  EXPECT_EQ(p.deadlines.port_hours, 24);         // FL-9
  ASSERT_TRUE(p.activation.has_value());
  EXPECT_EQ(p.activation->app_documents, std::vector<std::string>{"DNI"});
  EXPECT_EQ(p.activation->session_minutes, 30);  // FL-7
  ASSERT_EQ(p.activation->form_documents.size(), 4u);  // FL-4, by category name
  EXPECT_EQ(p.activation->form_documents[0].category, "appRejected");
  EXPECT_EQ(p.activation->form_documents[0].min_count, 1);
  EXPECT_EQ(p.activation->form_documents[1].category, "company");
  EXPECT_EQ(p.activation->form_documents[1].min_count, 2);
  EXPECT_EQ(p.customer_service.ussd_code, "*555#");
  // FL-15: every day 07:00 to 21:00.
  EXPECT_TRUE(p.service_hours.open_on_holidays);
  for (unsigned d = 0; d < 7; ++d) {
    const auto& interval = p.service_hours.on(weekday{d});
    ASSERT_TRUE(interval.has_value()) << d;
    EXPECT_EQ(interval->open_minute, 7 * 60);
    EXPECT_EQ(interval->close_minute, 21 * 60);
  }
  EXPECT_EQ(p.attachments.max_bytes, 5 * 1024 * 1024);
  // Holy Thursday and Good Friday follow Easter (5 April 2026, 28 March 2027).
  EXPECT_TRUE(has_date(p, 2026y / April / 2));
  EXPECT_TRUE(has_date(p, 2026y / April / 3));
  EXPECT_TRUE(has_date(p, 2027y / March / 25));
  EXPECT_TRUE(has_date(p, 2027y / March / 26));
  EXPECT_FALSE(p.mnp.has_value());
  EXPECT_TRUE(p.call_center.service_lines.empty());
}

TEST(Policy, FlashCalendarCountsHolidays) {
  auto calendar = business_calendar(load_policy("pe-flash"));
  // Wed 22 Jul 2026 10:00 + 3: Thu 23 and Tue 28, Wed 29 Jul are holidays.
  auto from = sys_days{2026y / July / 22} + 15h;  // 10:00 in Lima
  EXPECT_EQ(calendar.add_business_days(from, 3), sys_days{2026y / July / 30} + 15h);
}

TEST(Policy, ClaroNumbers) {
  auto p = load_policy("ec-claro");
  EXPECT_EQ(p.currency.code, "USD");
  EXPECT_EQ(p.calendar.time_zone, "America/Guayaquil");
  EXPECT_EQ(p.attachments.max_bytes, 2 * 1024 * 1024);  // CL-6
  EXPECT_EQ(p.attachments.mime_types.size(), 6u);
  EXPECT_NE(std::find(p.attachments.mime_types.begin(), p.attachments.mime_types.end(),
                      "application/pdf"),
            p.attachments.mime_types.end());
  EXPECT_EQ(p.deadlines.cancellation_days_before_cut, 15);  // CL-7
  EXPECT_EQ(p.selfcare.cancellation_reasons.size(), 5u);    // CL-4
  ASSERT_TRUE(p.selfcare.otp.has_value());
  EXPECT_EQ(p.selfcare.otp->digits, 4);
  EXPECT_TRUE(p.selfcare.pin_check_off_network);
  EXPECT_TRUE(has_date(p, 2026y / February / 16));  // Carnival: 48 days before Easter
  EXPECT_TRUE(has_date(p, 2027y / February / 9));
}

TEST(Policy, ComtecoNumbers) {
  auto p = load_policy("bo-comteco");
  EXPECT_EQ(p.currency.code, "BOB");
  EXPECT_EQ(p.calendar.time_zone, "America/La_Paz");
  ASSERT_EQ(p.call_center.service_lines.size(), 12u);  // CC-1..CC-12
  EXPECT_EQ(p.call_center.service_lines.front().number, "101");
  EXPECT_EQ(p.call_center.service_lines.front().code, "technical_claims");
  EXPECT_EQ(p.call_center.service_lines.back().number, "4200400");
  EXPECT_EQ(p.kpis.sales_effectiveness_percent, 98);  // SL-13
  ASSERT_TRUE(p.kpis.service_level.has_value());      // CC-13
  EXPECT_EQ(p.kpis.service_level->answer_within_seconds, 20);
  EXPECT_EQ(p.kpis.service_level->target_percent, 80);
  EXPECT_EQ(p.fees.early_exit_per_month, 3000);    // SL-5
  EXPECT_EQ(p.fees.installation_informed, 20000);  // SL-10
  EXPECT_EQ(p.fees.directory_listing, 500);        // CC-5
  ASSERT_EQ(p.fees.call_time_bands.size(), 3u);
  EXPECT_EQ(p.fees.call_time_bands[1].code, "HR");
  EXPECT_EQ(p.fees.call_time_bands[1].per_minute_micros, 375000);
  EXPECT_EQ(p.sales.min_stay_months, 18);
  EXPECT_EQ(p.sales.wireless_min_stay_months, 12);
  EXPECT_EQ(p.deadlines.paperwork_handover_hours, 24);  // SL-11
  EXPECT_EQ(p.deadlines.installation_max_days, 10);     // CC-3
  EXPECT_EQ(p.deadlines.theft_block_confirm_days, 5);   // CC-10
  EXPECT_EQ(p.call_center.mobile_topup_amounts,
            (std::vector<std::int64_t>{1000, 5000, 10000, 20000}));
  EXPECT_TRUE(has_date(p, 2026y / June / 4));  // Corpus Christi: Easter + 60 days
  EXPECT_TRUE(has_date(p, 2027y / May / 27));
}

TEST(Policy, BeelineNumbers) {
  auto p = load_policy("ru-beeline");
  EXPECT_EQ(p.currency.code, "RUB");
  EXPECT_EQ(p.language, "ru");
  EXPECT_EQ(p.calendar.time_zone, "Europe/Moscow");
  ASSERT_TRUE(p.mnp.has_value());
  EXPECT_EQ(p.mnp->min_days_between_ports, 60);  // MN-3
  EXPECT_EQ(p.mnp->winback_after_days, 60);      // MN-12
  EXPECT_EQ(p.mnp->max_contact_attempts, 5);     // MN-10
  EXPECT_EQ(p.identity.individual_documents, std::vector<std::string>{"RU_PASSPORT"});
  EXPECT_TRUE(has_date(p, 2026y / January / 9));  // transferred from 3 January
  EXPECT_FALSE(p.porting_pin.has_value());
}

TEST(Policy, LoadsFromAPath) {
  TempPack pack(builtin_text("ec-claro"));
  EXPECT_EQ(load_policy(pack.path()).deadlines.cancellation_days_before_cut, 15);
}

TEST(Policy, UnknownNameListsTheKnownOnes) {
  try {
    load_policy("pe-flsh");
    ADD_FAILURE() << "loaded";
  } catch (const PolicyError& e) {
    std::string what = e.what();
    EXPECT_TRUE(what.starts_with("pe-flsh: ")) << what;
    for (const auto& pack : builtin_packs()) {
      EXPECT_NE(what.find(pack.name), std::string::npos) << what;
    }
  }
}

TEST(Policy, BuiltinErrorsNameThePackFile) {
  try {
    parse_policy(replaced(builtin_text("pe-flash"), "max_active_lines = 5", "max_active_lines = 0"),
                 "pe-flash.toml");
    ADD_FAILURE() << "parsed";
  } catch (const PolicyError& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with("pe-flash.toml:")) << e.what();
  }
}

const std::string kFlash = builtin_text("pe-flash");

TEST(PolicyErrors, UnknownKey) {
  auto text = replaced(kFlash, "max_active_lines = 5", "max_active_lines = 5\nmax_lines = 3");
  expect_error(text, line_of(text, "max_lines = 3"), "limits.max_lines", "unknown key");
}

TEST(PolicyErrors, UnknownSection) {
  auto text = replaced(kFlash, "[limits]", "[limts]");
  expect_error(text, line_of(text, "[limts]"), "limts", "unknown key");
}

TEST(PolicyErrors, UnknownKeyInAnArrayOfTables) {
  auto text = replaced(builtin_text("bo-comteco"), "{ number = \"102\"",
                       "{ rule = \"CC-2\", number = \"102\"");
  expect_error(text, line_of(text, "rule = "), "call_center.service_lines[1].rule", "unknown key");
}

TEST(PolicyErrors, WrongType) {
  auto text = replaced(kFlash, "max_active_lines = 5", "max_active_lines = \"five\"");
  expect_error(text, line_of(text, "\"five\""), "limits.max_active_lines",
               "must be a positive integer, found a string");
}

TEST(PolicyErrors, NegativeNumber) {
  auto text = replaced(kFlash, "max_active_lines = 5", "max_active_lines = -1");
  expect_error(text, line_of(text, "= -1"), "limits.max_active_lines",
               "must be a positive integer, found -1");
}

TEST(PolicyErrors, MissingKey) {
  auto text = replaced(kFlash, "phone_region = \"PE\"\n", "");
  expect_error(text, line_of(text, "[operator]"), "operator.phone_region",
               "required key is missing");
}

TEST(PolicyErrors, UnknownTimeZone) {
  auto text = replaced(kFlash, "\"America/Lima\"", "\"America/Lma\"");
  expect_error(text, line_of(text, "America/Lma"), "calendar.time_zone", "unknown time zone");
}

TEST(PolicyErrors, MalformedToml) {
  auto text = replaced(kFlash, "max_active_lines = 5", "max_active_lines = ");
  try {
    parse_policy(text, "bad.toml");
    ADD_FAILURE() << "parsed";
  } catch (const PolicyError& e) {
    std::string what = e.what();
    EXPECT_EQ(e.line(), line_of(text, "max_active_lines = "));
    EXPECT_GT(e.column(), 0);
    EXPECT_TRUE(what.starts_with("bad.toml:" + std::to_string(e.line()) + ":")) << what;
  }
  auto duplicate = replaced(kFlash, "[limits]", "[limits]\nmax_active_lines = 2");
  expect_error(duplicate, line_of(duplicate, "max_active_lines = 5"), "", "max_active_lines");
}

TEST(PolicyErrors, BadHolidayDate) {
  auto text = replaced(kFlash, "2026-12-25 =", "2026-02-30 =");
  expect_error(text, line_of(text, "2026-02-30"), "calendar.holidays.2026-02-30",
               "must be a valid date");
  auto word = replaced(kFlash, "2026-12-25 =", "christmas =");
  expect_error(word, line_of(word, "christmas"), "calendar.holidays.christmas",
               "must be a valid date");
}

TEST(PolicyErrors, ServiceHours) {
  auto reversed = replaced(kFlash, "monday = \"07:00-21:00\"", "monday = \"21:00-07:00\"");
  expect_error(reversed, line_of(reversed, "21:00-07:00"), "service_hours.monday",
               "opening must be before closing");
  auto late = replaced(kFlash, "monday = \"07:00-21:00\"", "monday = \"07:00-25:00\"");
  expect_error(late, line_of(late, "25:00"), "service_hours.monday", "from 00:00 to 24:00");
  auto shape = replaced(kFlash, "monday = \"07:00-21:00\"", "monday = \"7-21\"");
  expect_error(shape, line_of(shape, "\"7-21\""), "service_hours.monday", "HH:MM-HH:MM");
}

TEST(PolicyErrors, BadCurrencyAndCountry) {
  auto currency = replaced(kFlash, "code = \"PEN\"", "code = \"soles\"");
  expect_error(currency, line_of(currency, "soles"), "currency.code", "ISO 4217");
  auto digits = replaced(kFlash, "minor_digits = 2", "minor_digits = 9");
  expect_error(digits, line_of(digits, "minor_digits"), "currency.minor_digits", "from 0 to 4");
  auto country = replaced(kFlash, "country = \"PE\"", "country = \"Peru\"");
  expect_error(country, line_of(country, "Peru\""), "operator.country", "ISO 3166-1");
}

TEST(PolicyErrors, PinRule) {
  auto mode = replaced(kFlash, "pin_mode = \"fixed\"", "pin_mode = \"dynamic\"");
  expect_error(mode, line_of(mode, "dynamic"), "porting.pin_mode", "must be one of fixed, random");
  auto letters = replaced(kFlash, "pin = \"0000\"", "pin = \"abcd\"");
  expect_error(letters, line_of(letters, "abcd"), "porting.pin", "digits");
  auto random = replaced(kFlash, "pin_mode = \"fixed\"", "pin_mode = \"random\"");
  expect_error(random, line_of(random, "pin = \"0000\""), "porting.pin", "only with pin_mode");
}

TEST(PolicyErrors, DocumentsAndMimeTypes) {
  auto doc = replaced(kFlash, "app_documents = [\"DNI\"]", "app_documents = [\"RUC\"]");
  expect_error(doc, line_of(doc, "[\"RUC\"]  #"), "activation.app_documents[0]",
               "identity.individual_documents");
  auto category = replaced(kFlash, "foreigner = 1,", "tourist = 1,");
  expect_error(category, line_of(category, "tourist = 1"), "activation.form_documents.tourist",
               "activation.form_categories");
  auto count = replaced(kFlash, "company = 2,", "company = 0,");
  expect_error(count, line_of(count, "company = 0"), "activation.form_documents.company",
               "from 1 to 10");
  auto session = replaced(kFlash, "session_minutes = 30", "session_minutes = 0");
  expect_error(session, line_of(session, "session_minutes = 0"), "activation.session_minutes",
               "from 1 to 1440");
  auto mime = replaced(kFlash, "\"image/png\"", "\"PNG\"");
  expect_error(mime, line_of(mime, "\"PNG\""), "attachments.mime_types[2]", "MIME type");
  auto dup = replaced(kFlash, "\"image/png\"", "\"image/jpeg\"");
  expect_error(dup, line_of(dup, "mime_types"), "attachments.mime_types[2]", "duplicate");
}

}  // namespace
}  // namespace abonado
