#include "http/target.hpp"

#include <cctype>

#include "core/text.hpp"

namespace abonado::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool url_decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex_value(in[i + 1]);
      int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    out.push_back(c);
  }
  // Text goes on to the database as UTF-8: "%FF" is no character.
  return valid_utf8(out);
}

bool parse_target(std::string_view target, Target& out) {
  if (target.empty() || target.front() != '/') return false;
  auto qmark = target.find('?');
  std::string_view raw_path = target.substr(0, qmark);
  if (!url_decode(raw_path, out.path, false)) return false;
  // Refuse dot-dot segments outright: nothing legitimate needs them.
  std::string_view p = out.path;
  std::size_t start = 0;
  while (start <= p.size()) {
    auto end = p.find('/', start);
    if (end == std::string_view::npos) end = p.size();
    if (p.substr(start, end - start) == "..") return false;
    start = end + 1;
  }
  out.query.clear();
  if (qmark == std::string_view::npos) return true;
  std::string_view q = target.substr(qmark + 1);
  while (!q.empty()) {
    auto amp = q.find('&');
    auto pair = q.substr(0, amp);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      std::string key, value;
      if (!url_decode(pair.substr(0, eq), key, true)) return false;
      if (eq != std::string_view::npos && !url_decode(pair.substr(eq + 1), value, true)) {
        return false;
      }
      out.query.emplace_back(std::move(key), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return true;
}

std::string mask_pii(std::string_view path) {
  std::string out(path);
  std::size_t i = 0;
  while (i < out.size()) {
    if (!std::isdigit(static_cast<unsigned char>(out[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < out.size() && std::isdigit(static_cast<unsigned char>(out[j]))) ++j;
    if (j - i >= 6) {
      for (std::size_t k = i + 3; k + 3 < j; ++k) out[k] = '*';
    }
    i = j;
  }
  return out;
}

}  // namespace abonado::http
