// Message templates: the packs compiled in, rendering, language fallback, SMS lengths.

#include "notify/templates.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.hpp"
#include "notify/sms_text.hpp"

namespace abonado::notify {
namespace {

struct Operator {
  const char* name;
  const char* language;
};
constexpr Operator kOperators[] = {
    {"pe-flash", "es"}, {"bo-comteco", "es"}, {"ec-claro", "es"}, {"ru-beeline", "ru"}};
const std::vector<std::string> kNames = {
    "form_completed", "form_rejected",    "line_activated", "otp",           "port_in_done",
    "purchase_done",  "request_rejected", "topup_declined", "topup_receipt", "welcome"};

// Values as long as real ones get.
const TemplateVars kSample = {{"name", "María Fernanda"}, {"contract_number", "C-0001234567"},
                              {"msisdn", "+51987654321"}, {"amount", "S/ 100.00"},
                              {"balance", "S/ 1,234.50"}, {"offering", "Plan Ilimitado 39.90"},
                              {"price", "S/ 39.90"},      {"code", "482913"},
                              {"minutes", "10"},          {"reason", "The CE has expired"}};

Code code_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.code();
  }
  throw std::runtime_error("expected an abonado::Error");
}

TEST(Templates, EveryOperatorHasEveryTemplateInItsLanguageAndEnglish) {
  for (const auto& op : kOperators) {
    Templates t(op.name, op.language);
    EXPECT_EQ(t.names(), kNames) << op.name;
    for (const auto& name : kNames) {
      auto langs = t.languages(name);
      EXPECT_NE(std::find(langs.begin(), langs.end(), "en"), langs.end()) << op.name << name;
      EXPECT_NE(std::find(langs.begin(), langs.end(), op.language), langs.end())
          << op.name << " " << name;
    }
    EXPECT_TRUE(t.is_email("welcome"));
    EXPECT_TRUE(t.is_email("form_completed"));
    EXPECT_TRUE(t.is_email("form_rejected"));
    EXPECT_FALSE(t.is_email("request_rejected"));
    EXPECT_FALSE(t.is_email("otp"));
  }
}

TEST(Templates, SmsTextsFitOneMessage) {
  // GSM 7-bit: 160 characters. Russian needs UCS-2: 70.
  for (const auto& op : kOperators) {
    Templates t(op.name, op.language);
    for (const auto& name : kNames) {
      if (t.is_email(name)) continue;
      for (const auto& lang : t.languages(name)) {
        auto r = t.render(name, lang, kSample);
        if (lang == "ru") {
          EXPECT_LE(utf8_length(r.text).value_or(999), 70u)
              << op.name << "/" << lang << "/" << name << ": " << r.text;
          continue;
        }
        auto septets = gsm7_septets(r.text);
        EXPECT_TRUE(septets.has_value())
            << op.name << "/" << lang << "/" << name << " is not GSM 7-bit: " << r.text;
        EXPECT_LE(septets.value_or(999), 160u) << op.name << "/" << lang << "/" << name;
      }
    }
  }
}

TEST(Templates, RendersWithTheLanguageFallbackOrder) {
  Templates t("pe-flash", "es");
  TemplateVars v = {{"code", "1234"}, {"minutes", "5"}};
  auto es = t.render("otp", "es", v);
  EXPECT_EQ(es.language, "es");
  EXPECT_EQ(es.text,
            "Flash Mobile: tu clave temporal es 1234. Vence en 5 minutos. No la compartas con "
            "nadie.");
  EXPECT_FALSE(es.subject.has_value());
  EXPECT_EQ(t.render("otp", "en", v).language, "en");
  EXPECT_EQ(t.render("otp", "ru", v).language, "es");  // requested -> operator's
  Templates odd("pe-flash", "qu");                     // an operator language with no texts
  auto en = odd.render("otp", "de", v);                // requested -> operator's -> English
  EXPECT_EQ(en.language, "en");
  EXPECT_EQ(en.text,
            "Flash Mobile: your one-time code is 1234. It expires in 5 minutes. Never share it.");
}

TEST(Templates, EmailTemplatesRenderTheirSubjectLine) {
  Templates t("ru-beeline", "ru");
  auto r = t.render("welcome", "ru", kSample);
  EXPECT_EQ(r.subject, "Добро пожаловать в Билайн");
  EXPECT_TRUE(r.text.starts_with("Здравствуйте, María Fernanda!")) << r.text;
  EXPECT_NE(r.text.find("C-0001234567"), std::string::npos);
  EXPECT_EQ(r.text.find("Subject:"), std::string::npos);
}

TEST(Templates, InsertsValuesAsTheyAre) {
  Templates t("ec-claro", "es");
  TemplateVars v = kSample;
  v["name"] = "O'Brien & <Co> \"x\"";
  auto r = t.render("welcome", "en", v);
  EXPECT_NE(r.text.find("Hello O'Brien & <Co> \"x\","), std::string::npos) << r.text;
}

TEST(Templates, PlainTemplatesAndMustacheSectionsRenderAsMustacheDoes) {
  // Plain-variable templates are split once and concatenated; anything else
  // goes through mustache. Both must give what mustache gives.
  const EmbeddedTemplate set[] = {
      {"xx-test", "en", "plain", "Top-up {{ amount }}, balance {{{balance}}}{{&amount}}.\n"},
      {"xx-test", "en", "section", "{{#amount}}Paid {{amount}}{{/amount}}{{! note }} {{balance}}"},
      {"xx-test", "en", "mail", "Subject: Receipt {{amount}}\n\n{{amount}} & {{balance}}"}};
  Templates t("xx-test", "en", set);
  TemplateVars v = {{"amount", "S/ 3.00"}, {"balance", "<S/ 10.00>"}};
  EXPECT_EQ(t.render("plain", "en", v).text, "Top-up S/ 3.00, balance <S/ 10.00>S/ 3.00.");
  EXPECT_EQ(t.render("section", "en", v).text, "Paid S/ 3.00 <S/ 10.00>");
  auto mail = t.render("mail", "en", v);
  EXPECT_EQ(mail.subject, "Receipt S/ 3.00");
  EXPECT_EQ(mail.text, "S/ 3.00 & <S/ 10.00>");
}

TEST(Templates, AMissingValueOrUnknownTemplateIsTheCallersBug) {
  Templates t("bo-comteco", "es");
  EXPECT_EQ(code_of([&] { t.render("otp", "es", {{"code", "1234"}}); }), Code::kInternal);
  EXPECT_EQ(code_of([&] { t.render("no_such_template", "es", kSample); }), Code::kInternal);
  try {
    t.render("otp", "es", {{"code", "1234"}});
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'minutes'"), std::string::npos) << e.what();
  }
}

TEST(Templates, RefusesAnOperatorWithoutTemplatesAndBrokenSets) {
  EXPECT_EQ(code_of([] { Templates("no-such-operator", "es"); }), Code::kInvalidParameter);
  const EmbeddedTemplate no_english[] = {{"x", "es", "hello", "Hola"}};
  EXPECT_EQ(code_of([&] { Templates("x", "es", no_english); }), Code::kInvalidParameter);
  const EmbeddedTemplate unclosed[] = {{"x", "en", "hello", "Hello {{#name}}"}};
  EXPECT_EQ(code_of([&] { Templates("x", "en", unclosed); }), Code::kInvalidParameter);
  const EmbeddedTemplate mixed[] = {{"x", "en", "hello", "Subject: Hi\n\nHello"},
                                    {"x", "es", "hello", "Hola"}};
  EXPECT_EQ(code_of([&] { Templates("x", "en", mixed); }), Code::kInvalidParameter);
  const EmbeddedTemplate good[] = {{"x", "en", "hello", "Subject: Hi {{name}}\n\nHello {{name}}\n"},
                                   {"y", "en", "other", "not x's"}};
  Templates t("x", "en", good);
  auto r = t.render("hello", "en", {{"name", "Ana"}});
  EXPECT_EQ(r.subject, "Hi Ana");
  EXPECT_EQ(r.text, "Hello Ana");
  EXPECT_EQ(t.names(), std::vector<std::string>{"hello"});
}

}  // namespace
}  // namespace abonado::notify
