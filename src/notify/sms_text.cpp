#include "notify/sms_text.hpp"

#include <string_view>

namespace abonado::notify {
namespace {

// GSM 03.38: the default alphabet's characters outside ASCII, the ASCII characters it lacks
// (they are in the extension table, or nowhere for '`'), and the extension table.
constexpr std::u32string_view kBasicNonAscii = U"£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà";
constexpr std::u32string_view kAsciiMissing = U"^{}\\[~]|`";
constexpr std::u32string_view kExtension = U"\f^{}\\[~]|€";

bool basic(char32_t c) {
  if (c == U'\n' || c == U'\r') return true;
  if (c >= 0x20 && c < 0x7f) return kAsciiMissing.find(c) == std::u32string_view::npos;
  return kBasicNonAscii.find(c) != std::u32string_view::npos;
}

// Decodes the code point at s[i] and moves i past it; nullopt on malformed UTF-8.
std::optional<char32_t> next(std::string_view s, std::size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t extra = 0;
  char32_t c = 0;
  if (b < 0x80) {
    c = b;
  } else if ((b & 0xe0) == 0xc0) {
    extra = 1;
    c = b & 0x1f;
  } else if ((b & 0xf0) == 0xe0) {
    extra = 2;
    c = b & 0x0f;
  } else if ((b & 0xf8) == 0xf0) {
    extra = 3;
    c = b & 0x07;
  } else {
    return std::nullopt;
  }
  if (s.size() - i <= extra) return std::nullopt;
  for (std::size_t k = 1; k <= extra; ++k) {
    auto cont = static_cast<unsigned char>(s[i + k]);
    if ((cont & 0xc0) != 0x80) return std::nullopt;
    c = (c << 6) | (cont & 0x3f);
  }
  i += extra + 1;
  return c;
}

}  // namespace

std::optional<std::size_t> gsm7_septets(std::string_view utf8) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    auto c = next(utf8, i);
    if (!c) return std::nullopt;
    if (basic(*c)) {
      n += 1;
    } else if (kExtension.find(*c) != std::u32string_view::npos) {
      n += 2;
    } else {
      return std::nullopt;
    }
  }
  return n;
}

std::optional<std::size_t> utf8_length(std::string_view utf8) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < utf8.size(); ++n) {
    if (!next(utf8, i)) return std::nullopt;
  }
  return n;
}

}  // namespace abonado::notify
