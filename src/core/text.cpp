#include "core/text.hpp"

#include <cstdint>

#include "core/error.hpp"

namespace abonado {
namespace {

// Base letters of U+00C0..U+00FF; '*' marks the few that fold to two letters
// and ' ' the two symbols (multiplication and division signs).
constexpr std::string_view kLatin1Fold =
    "aaaaaa*ceeeeiiiidnooooo ouuuuy**"
    "aaaaaa*ceeeeiiiidnooooo ouuuuy*y";
// Base letters of U+0100..U+017F; '*' marks the ligatures IJ and OE.
constexpr std::string_view kLatinExtAFold =
    "aaaaaaccccccccdd"
    "ddeeeeeeeeeegggg"
    "gggghhhhiiiiiiii"
    "ii**jjkkklllllll"
    "lllnnnnnnnnnoooo"
    "oo**rrrrrrssssss"
    "ssttttttuuuuuuuu"
    "uuuuwwyyyzzzzzzs";

constexpr char32_t kNone = 0xFFFFFFFF;

// Decodes one well-formed UTF-8 sequence at text[i], advancing i past it;
// returns kNone (having advanced one byte) for a byte that starts no valid
// sequence: overlong forms, surrogates and values above U+10FFFF included.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  std::uint8_t lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  std::size_t len = 0;
  std::uint8_t lo = 0x80, hi = 0xBF;  // valid range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  }
  if (len == 0 || i + len > text.size() || byte(i + 1) < lo || byte(i + 1) > hi) {
    ++i;
    return kNone;
  }
  char32_t cp = lead & (0xFF >> (len + 1));
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return kNone;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  i += len;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decomposed accents; dropped so that "a" + U+0301 folds like "á".
bool is_combining_mark(char32_t cp) { return cp >= 0x300 && cp <= 0x36F; }

bool is_separator(char32_t cp) {
  if (cp < 0x80)
    return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'));
  if (cp < 0xC0) return cp != 0xAA && cp != 0xBA;  // C1 controls, Latin-1 symbols
  return cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF;
}

// Appends the search form of a code point that is not a separator.
void append_folded(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
  } else if (cp == 0xAA || cp == 0xBA) {  // ordinal indicators
    out += cp == 0xAA ? 'a' : 'o';
  } else if (cp >= 0xC0 && cp <= 0xFF) {
    char base = kLatin1Fold[cp - 0xC0];
    if (base != '*') {
      out += base;
    } else {
      out += (cp == 0xC6 || cp == 0xE6) ? "ae" : (cp == 0xDF) ? "ss" : "th";
    }
  } else if (cp >= 0x100 && cp <= 0x17F) {
    char base = kLatinExtAFold[cp - 0x100];
    if (base != '*') {
      out += base;
    } else {
      out += cp < 0x140 ? "ij" : "oe";
    }
  } else if (cp == 0x401 || cp == 0x451) {
    append_utf8(out, 0x435);  // Ё, ё -> е
  } else if (cp >= 0x400 && cp <= 0x40F) {
    append_utf8(out, cp + 0x50);
  } else if (cp >= 0x410 && cp <= 0x42F) {
    append_utf8(out, cp + 0x20);
  } else {
    append_utf8(out, cp);
  }
}

char32_t upper(char32_t cp) {
  if (cp >= 'a' && cp <= 'z') return cp - ('a' - 'A');
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 0x20;
  if (cp == 0xFF) return 0x178;
  if (cp == 0x131) return 'I';
  if (cp == 0x17F) return 'S';
  bool odd = cp & 1;
  // Latin Extended-A pairs capital/small, starting on an even code point
  // except in U+0139..U+0148 and U+0179..U+017E.
  if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) return odd ? cp - 1 : cp;
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return odd ? cp : cp - 1;
  if (cp >= 0x430 && cp <= 0x44F) return cp - 0x20;
  if (cp >= 0x450 && cp <= 0x45F) return cp - 0x50;
  return cp;
}

}  // namespace

std::string fold_for_search(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = next_code_point(utf8, i);
    if (cp == kNone || is_combining_mark(cp)) continue;
    if (is_separator(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    append_folded(out, cp);
  }
  return out;
}

std::vector<std::string> search_tokens(std::string_view utf8) {
  std::vector<std::string> tokens;
  std::string folded = fold_for_search(utf8);
  std::size_t start = 0;
  while (start < folded.size()) {
    std::size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    tokens.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return tokens;
}

std::string to_upper(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = next_code_point(utf8, i);
    if (cp != kNone) append_utf8(out, upper(cp));
  }
  return out;
}

bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (next_code_point(text, i) == kNone) return false;
  }
  return true;
}

std::string clean_utf8(std::string_view text, std::size_t max_bytes) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t start = i;
    bool valid = next_code_point(text, i) != kNone;
    std::size_t len = valid ? i - start : 1;
    if (out.size() + len > max_bytes) break;
    if (valid) {
      out.append(text.substr(start, len));
    } else {
      out += '_';
    }
  }
  return out;
}

namespace {

// A control character (C0, DEL, C1), a line or paragraph separator (they
// break the line), or a direction mark, embedding, override or isolate
// (they reorder what is shown).
bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0x061C ||
         cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string printable_line(std::string_view text, std::size_t max_bytes) {
  std::string kept;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t start = i;
    char32_t cp = next_code_point(text, i);
    if (cp == kNone) {
      kept += '_';
    } else if (!is_control(cp)) {
      kept += text.substr(start, i - start);
    }
  }
  return clean_utf8(kept, max_bytes);
}

LineProblem line_problem(std::string_view text) {
  bool blank = true;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = next_code_point(text, i);
    if (cp == kNone) return LineProblem::kNotUtf8;
    if (is_control(cp)) return LineProblem::kControl;
    bool space = cp == ' ' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200D) ||
                 cp == 0x202F || cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
    blank = blank && space;
  }
  return blank ? LineProblem::kBlank : LineProblem::kNone;
}

void check_line(std::string_view value, std::size_t max_bytes, std::string_view field) {
  std::string f(field);
  switch (line_problem(value)) {
    case LineProblem::kNone:
      break;
    case LineProblem::kBlank:
      throw Error(Code::kMissingField, "field '" + f + "' is required", f);
    case LineProblem::kControl:
      throw Error(Code::kInvalidField, "field '" + f + "' must not contain control characters", f);
    case LineProblem::kNotUtf8:
      throw Error(Code::kInvalidField, "field '" + f + "' must be UTF-8 text", f);
  }
  if (value.size() > max_bytes) {
    throw Error(Code::kInvalidField,
                "field '" + f + "' is longer than " + std::to_string(max_bytes), f);
  }
}

}  // namespace abonado
