#include "core/json_text.hpp"

#include <charconv>

namespace abonado {

void append_json_string(std::string& out, std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      switch (c) {
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        default:
          out += "\\u00";
          out += kHex[u >> 4];
          out += kHex[u & 0xF];
      }
    } else {
      out += c;
    }
  }
  out += '"';
}

void JsonText::separate() {
  if (!first_) out_ += ',';
  first_ = false;
}

JsonText& JsonText::open(char bracket) {
  separate();
  out_ += bracket;
  first_ = true;
  return *this;
}

JsonText& JsonText::close(char bracket) {
  out_ += bracket;
  first_ = false;
  return *this;
}

JsonText& JsonText::key(std::string_view k) {
  separate();
  append_json_string(out_, k);
  out_ += ':';
  first_ = true;  // the value that follows takes no comma
  return *this;
}

JsonText& JsonText::str(std::string_view v) {
  separate();
  append_json_string(out_, v);
  return *this;
}

JsonText& JsonText::num(std::int64_t v) {
  separate();
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out_.append(buf, end);
  return *this;
}

JsonText& JsonText::boolean(bool v) {
  separate();
  out_ += v ? "true" : "false";
  return *this;
}

JsonText& JsonText::money(std::int64_t minor, int minor_digits) {
  separate();
  // The shortest decimal that reads back as minor / 10^digits: the exact
  // decimal without trailing zeros, and ".0" for a whole number, as
  // nlohmann::json writes that double.
  std::uint64_t magnitude =
      minor < 0 ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
  std::uint64_t scale = 1;
  for (int i = 0; i < minor_digits; ++i) scale *= 10;
  if (minor < 0) out_ += '-';
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, magnitude / scale).ptr;
  out_.append(buf, end);
  out_ += '.';
  std::uint64_t fraction = magnitude % scale;
  if (fraction == 0) {
    out_ += '0';
    return *this;
  }
  std::string digits(static_cast<std::size_t>(minor_digits), '0');
  for (int i = minor_digits - 1; i >= 0; --i, fraction /= 10) {
    digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + fraction % 10);
  }
  out_.append(digits, 0, digits.find_last_not_of('0') + 1);
  return *this;
}

JsonText& JsonText::raw(std::string_view json) {
  separate();
  out_ += json;
  return *this;
}

}  // namespace abonado
