// The words of system-recorded contacts: every text in every language, with
// the same placeholders, filled in the operator's language.

#include "care/contact_texts.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

namespace abonado::care {
namespace {

std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> out;
  for (std::size_t at = text.find('{'); at != std::string_view::npos; at = text.find('{', at)) {
    std::size_t end = text.find('}', at);
    if (end == std::string_view::npos) break;
    out.emplace(text.substr(at + 1, end - at - 1));
    at = end;
  }
  return out;
}

TEST(ContactTexts, EveryTextIsWrittenInEveryLanguageWithTheSamePlaceholders) {
  for (ContactText key : all_contact_texts()) {
    auto english = contact_text_pattern("en", key);
    ASSERT_FALSE(english.empty()) << static_cast<int>(key);
    for (std::string_view lang : contact_text_languages()) {
      auto text = contact_text_pattern(lang, key);
      EXPECT_FALSE(text.empty()) << lang << " " << static_cast<int>(key);
      EXPECT_EQ(placeholders(text), placeholders(english)) << lang << ": " << text;
      if (lang != "en") {
        EXPECT_NE(text, english) << lang << " is not translated: " << text;
      }
    }
  }
}

TEST(ContactTexts, FillsThePlaceholdersInTheOperatorsLanguage) {
  EXPECT_EQ(contact_text("es", ContactText::kTopup, {{"amount", "S/ 3.00"}}), "Recarga de S/ 3.00");
  EXPECT_EQ(contact_text("ru", ContactText::kTopup, {{"amount", "300,00 ₽"}}),
            "Пополнение на 300,00 ₽");
  EXPECT_EQ(contact_text("en", ContactText::kPortInCompleted,
                         {{"temporary", "+51900000002"}, {"msisdn", "+51987654321"}}),
            "The line now has the number +51987654321; the temporary number +51900000002 went "
            "back to the pool");
  EXPECT_EQ(contact_text("es", ContactText::kSuspension), "Suspensión de línea");
}

TEST(ContactTexts, ChannelsAreNamedInWordsNotCodes) {
  EXPECT_EQ(channel_text("es", "callCenter"), "centro de llamadas");
  EXPECT_EQ(channel_text("ru", "account"), "личный кабинет");
  EXPECT_EQ(channel_text("en", "agent"), "top-up agent");
  EXPECT_EQ(channel_text("es", "ussd"), "USSD");
  EXPECT_EQ(channel_text("es", "fax"), "fax");  // a code it does not know, as it is
}

TEST(ContactTexts, AnyOtherLanguageIsEnglish) {
  EXPECT_EQ(contact_text("qu", ContactText::kActivation), "Line activation");
  EXPECT_EQ(contact_text("", ContactText::kPurchase, {{"offering", "Plan 15"}}), "Purchase Plan 15");
}

TEST(ContactTexts, AMissingValueIsAProgrammerError) {
  EXPECT_THROW(contact_text("es", ContactText::kTopup), std::logic_error);
  // Values are inserted as they are, never read as placeholders themselves.
  EXPECT_EQ(contact_text("en", ContactText::kTopup, {{"amount", "{amount}"}}), "Top-up {amount}");
}

TEST(ContactTexts, ADueTimeReadsInTheOperatorsZoneAndLanguage) {
  BusinessCalendar lima("America/Lima", {});
  BusinessCalendar moscow("Europe/Moscow", {});
  TimePoint due = *parse_iso("2026-12-14T05:00:00Z");  // midnight in Lima
  EXPECT_EQ(local_time_text("es", lima, due), "14/12/2026 00:00");
  EXPECT_EQ(local_time_text("ru", moscow, due), "14.12.2026 08:00");
  EXPECT_EQ(local_time_text("en", lima, *parse_iso("2026-12-06T07:08:19.631Z")),
            "2026-12-06 02:08");
  // What the wall clock shows on the days DST starts and ends, and where it skips midnight.
  BusinessCalendar madrid("Europe/Madrid", {});
  EXPECT_EQ(local_time_text("es", madrid, *parse_iso("2026-03-29T08:00:00Z")), "29/03/2026 10:00");
  EXPECT_EQ(local_time_text("es", madrid, *parse_iso("2026-10-25T22:30:00Z")), "25/10/2026 23:30");
  BusinessCalendar santiago("America/Santiago", {});
  EXPECT_EQ(local_time_text("es", santiago, *parse_iso("2026-09-06T05:30:00Z")),
            "06/09/2026 02:30");
}

}  // namespace
}  // namespace abonado::care
