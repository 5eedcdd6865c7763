// JsonText writes what nlohmann::json would write for the same document, so
// a hot path's hand-written answer reads like every other one.

#include "core/json_text.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/money.hpp"

namespace abonado {
namespace {

TEST(JsonText, MoneyIsTheNumberNlohmannWritesForItsMajorUnits) {
  for (int digits : {0, 2, 3}) {
    for (std::int64_t minor : {0LL, 1LL, 5LL, 10LL, 99LL, 100LL, 300LL, 1050LL, 1055LL, 1000LL,
                               -1LL, -250LL, 50000LL, 123456789LL, -100000LL}) {
      JsonText j;
      j.money(minor, digits);
      EXPECT_EQ(j.take(), nlohmann::json(to_major(minor, digits)).dump())
          << minor << " with " << digits << " digits";
    }
  }
}

TEST(JsonText, StringsAreEscapedAsNlohmannEscapesThem) {
  for (std::string s : {std::string("plain"), std::string("quote \" and \\ backslash"),
                        std::string("tab\tnew\nline\r\b\f"), std::string("\x01\x1f", 2),
                        std::string("Huamán, Perú"), std::string()}) {
    JsonText j;
    j.str(s);
    EXPECT_EQ(j.take(), nlohmann::json(s).dump()) << s;
  }
}

TEST(JsonText, ObjectsAndArraysTakeCommasOnlyBetweenMembers) {
  JsonText j;
  j.open()
      .key("id")
      .str("t-1")
      .key("amount")
      .open()
      .key("amount")
      .money(300, 2)
      .key("units")
      .str("PEN")
      .close()
      .key("product")
      .open('[')
      .open()
      .key("id")
      .str("p")
      .close()
      .open()
      .close()
      .close(']')
      .key("auto")
      .boolean(false)
      .key("n")
      .num(-42)
      .key("raw")
      .raw("{\"a\":1}")
      .key("empty")
      .open('[')
      .close(']')
      .close();
  std::string text = j.take();
  EXPECT_EQ(text,
            "{\"id\":\"t-1\",\"amount\":{\"amount\":3.0,\"units\":\"PEN\"},\"product\":[{\"id\":"
            "\"p\"},{}],\"auto\":false,\"n\":-42,\"raw\":{\"a\":1},\"empty\":[]}");
  EXPECT_NO_THROW((void)nlohmann::json::parse(text));
}

}  // namespace
}  // namespace abonado
