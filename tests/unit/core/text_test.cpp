#include <gtest/gtest.h>

#include "core/text.hpp"

namespace abonado {
namespace {

using Tokens = std::vector<std::string>;

TEST(FoldForSearch, LatinLettersLoseCaseAndAccents) {
  EXPECT_EQ(fold_for_search("Quispe Ñahui"), "quispe nahui");
  EXPECT_EQ(fold_for_search("JOSÉ MARÍA Peñaranda Güemes"), "jose maria penaranda guemes");
  EXPECT_EQ(fold_for_search("Çağlar Åström Øre Ðoe Ýves ÿ"), "caglar astrom ore doe yves y");
  EXPECT_EQ(fold_for_search("Straße Æsir Œuvre Þór ĲSSEL"), "strasse aesir oeuvre thor ijssel");
  EXPECT_EQ(fold_for_search("Łódź Dvořák Šťastný Ġgantija Ħamrun ſ"),
            "lodz dvorak stastny ggantija hamrun s");
}

TEST(FoldForSearch, EveryLatin1AndExtendedALetterFoldsToAscii) {
  // U+00C0..U+017F, minus the two signs × ÷, all fold to lower-case ASCII.
  for (char32_t cp = 0xC0; cp <= 0x17F; ++cp) {
    if (cp == 0xD7 || cp == 0xF7) continue;
    std::string utf8;
    utf8 += static_cast<char>(0xC0 | (cp >> 6));
    utf8 += static_cast<char>(0x80 | (cp & 0x3F));
    std::string folded = fold_for_search(utf8);
    ASSERT_FALSE(folded.empty()) << std::hex << static_cast<int>(cp);
    for (char c : folded)
      EXPECT_TRUE(c >= 'a' && c <= 'z') << std::hex << static_cast<int>(cp) << " " << folded;
  }
  EXPECT_EQ(fold_for_search("2×3÷4"), "2 3 4");
}

TEST(FoldForSearch, CyrillicLowerCasedWithYoAsYe) {
  EXPECT_EQ(fold_for_search("ИВАНОВ Пётр"), "иванов петр");
  EXPECT_EQ(fold_for_search("ЁЛКИН Семён Йорданович"), "елкин семен йорданович");
  EXPECT_EQ(fold_for_search("ЂЉЊЋЏ ЄІЇЎ"), "ђљњћџ єіїў");
  EXPECT_EQ(fold_for_search("абвгдежзийклмнопрстуфхцчшщъыьэюя"),
            fold_for_search("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"));
}

TEST(FoldForSearch, CollapsesWhitespaceAndPunctuation) {
  EXPECT_EQ(fold_for_search("  Quispe,\t\tÑahui -- (Juan)  "), "quispe nahui juan");
  EXPECT_EQ(fold_for_search("O'Brien & Sons, S.A."), "o brien sons s a");
  EXPECT_EQ(fold_for_search("¡Hola! ¿Qué tal? «sí» — “ok”…"), "hola que tal si ok");
  EXPECT_EQ(fold_for_search("non\xC2\xA0"
                            "breaking\xE2\x80\x83space"),
            "non breaking space");
  EXPECT_EQ(fold_for_search("Nº 5, 1ª"), "no 5 1a");
  EXPECT_EQ(fold_for_search("...!!!"), "");
  EXPECT_EQ(fold_for_search(""), "");
}

TEST(FoldForSearch, MixedScriptsAndDecomposedAccents) {
  EXPECT_EQ(fold_for_search("Иванов/Quispe 2024"), "иванов quispe 2024");
  EXPECT_EQ(fold_for_search("Jose\xCC\x81 Man\xCC\x83"
                            "ana"),
            "jose manana");                                  // NFD
  EXPECT_EQ(fold_for_search("東京 Ελλάδα"), "東京 Ελλάδα");  // other scripts are copied
}

TEST(FoldForSearch, DropsInvalidUtf8) {
  EXPECT_EQ(fold_for_search("Qui\xFFspe"), "quispe");
  EXPECT_EQ(fold_for_search("\xC3"), "");        // truncated sequence
  EXPECT_EQ(fold_for_search("a\xC3(b"), "a b");  // bad continuation
  EXPECT_EQ(fold_for_search("\xC0\xAF"
                            "x"),
            "x");  // overlong '/'
  EXPECT_EQ(fold_for_search("\xE0\x80\xAF"
                            "x"),
            "x");  // overlong, 3 bytes
  EXPECT_EQ(fold_for_search("\xED\xA0\x80"
                            "x"),
            "x");  // surrogate
  EXPECT_EQ(fold_for_search("\xF4\x90\x80\x80"
                            "x"),
            "x");                                                      // above U+10FFFF
  EXPECT_EQ(fold_for_search("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");  // valid 4 bytes kept
  EXPECT_EQ(fold_for_search("\x80\x80\xBF\xFE"), "");
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes += static_cast<char>(b);
  EXPECT_EQ(fold_for_search(all_bytes),
            "0123456789 abcdefghijklmnopqrstuvwxyz "
            "abcdefghijklmnopqrstuvwxyz");
}

TEST(SearchTokens, AreTheFoldedWords) {
  EXPECT_EQ(search_tokens("  Quispe Ñahui, JUAN "), (Tokens{"quispe", "nahui", "juan"}));
  EXPECT_EQ(search_tokens("ИВАНОВ Пётр"), (Tokens{"иванов", "петр"}));
  EXPECT_EQ(search_tokens(" -- "), Tokens{});
  EXPECT_EQ(search_tokens(""), Tokens{});
}

TEST(ToUpper, KeepsAccents) {
  EXPECT_EQ(to_upper("peñaranda, josé ü ÿ"), "PEÑARANDA, JOSÉ Ü Ÿ");
  EXPECT_EQ(to_upper("ıstanbul łódź ŀ ĳ ß"), "ISTANBUL ŁÓDŹ Ŀ Ĳ ß");
  EXPECT_EQ(to_upper("иванов пётр ђ"), "ИВАНОВ ПЁТР Ђ");
  EXPECT_EQ(to_upper("ALREADY 123"), "ALREADY 123");
  EXPECT_EQ(to_upper("a\xFF"
                     "b"),
            "AB");
}

TEST(ValidUtf8, AcceptsWellFormedTextOnly) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("Ñahui Пётр 𝄞"));
  for (const char* bad :
       {"\xFF", "a\xC3", "\xC3\x28", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80"}) {
    EXPECT_FALSE(valid_utf8(bad)) << bad;
  }
}

TEST(CleanUtf8, ReplacesBadBytesAndCutsBetweenCharacters) {
  EXPECT_EQ(clean_utf8("dni-\xFF\xC3.pdf", 100), "dni-__.pdf");
  EXPECT_EQ(clean_utf8("ñññ", 5), "ññ");  // not "ññ" plus half of the third
  EXPECT_EQ(clean_utf8("abc", 3), "abc");
  EXPECT_EQ(clean_utf8("abc", 0), "");
}

TEST(LineProblem, TellsPrintedTextFromBlanksAndControls) {
  EXPECT_EQ(line_problem("Bodega Doña Rosa, Av. Perú 123"), LineProblem::kNone);
  EXPECT_EQ(line_problem("Билайн"), LineProblem::kNone);
  EXPECT_EQ(line_problem("Claro\u00A0Perú"), LineProblem::kNone);  // a no-break space inside
  // Nothing to read: spaces of any kind, zero-width ones, the BOM.
  EXPECT_EQ(line_problem(""), LineProblem::kBlank);
  EXPECT_EQ(line_problem(" \u00A0\u3000\u200B\uFEFF"), LineProblem::kBlank);
  // Control characters: C0 (tab, line break), DEL, C1 (U+0085, U+009B), and
  // the bidirectional controls that reorder what is shown next to them.
  for (std::string_view bad :
       {"a\tb", "a\nb", "a\x7F", "a\u0085b", "a\u009B31m", "a\u202Eb", "a\u2066b", "a\u2069",
        "a\u2028b", "a\u2029", "a\u200Fb", "\u061Ca"}) {
    EXPECT_EQ(line_problem(bad), LineProblem::kControl) << bad;
  }
  EXPECT_EQ(line_problem("Tienda \xFF"), LineProblem::kNotUtf8);
}

TEST(PrintableLine, DropsWhatLineProblemCallsControlAndKeepsTheRest) {
  EXPECT_EQ(printable_line("ñandú\u202Efdp.exe", 200), "ñandúfdp.exe");
  EXPECT_EQ(printable_line("a\tb\r\nc\u0085d\u2066e\u061C", 200), "abcde");
  EXPECT_EQ(printable_line("Claro\u00A0Perú", 200), "Claro\u00A0Perú");
  EXPECT_EQ(printable_line("dni-\xFF\xC3.pdf", 200), "dni-__.pdf");
  // Cut between characters, never inside one: "ñ" is two bytes.
  EXPECT_EQ(printable_line("ññ\u202Eñ", 5), "ññ");
  EXPECT_EQ(line_problem(printable_line("\u202E\u2069\x01", 200)), LineProblem::kBlank);
}

}  // namespace
}  // namespace abonado
