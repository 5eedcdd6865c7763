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
  auto digit = [&](std::size_t k) {
    return k < path.size() && std::isdigit(static_cast<unsigned char>(path[k]));
  };
  auto alnum = [&](std::size_t k) {
    return k < path.size() && std::isalnum(static_cast<unsigned char>(path[k]));
  };
  // How people write numbers: "987 654 321", "987-654-321", "(01) 411.1111".
  auto separator = [&](std::size_t k) {
    return k < path.size() && std::string_view(" -.()").find(path[k]) != std::string_view::npos;
  };
  std::string out(path);
  std::size_t i = 0;
  while (i < path.size()) {
    if (!digit(i)) {
      ++i;
      continue;
    }
    // The digits from i, through single separators; `plain` ends at the first non-digit.
    std::size_t plain = i;
    while (digit(plain)) ++plain;
    std::size_t end = plain;
    while (separator(end) && digit(end + 1)) {
      end += 1;
      while (digit(end)) ++end;
    }
    // A written number stands alone: digits touching letters, or joined to
    // them by a hyphen, are part of an identifier ("01936f2e-1234-7123-..."),
    // masked by its plain runs only.
    auto hyphen = [&](std::size_t k) { return k < path.size() && path[k] == '-'; };
    bool joined = (i > 0 && alnum(i - 1)) || (i > 1 && hyphen(i - 1) && alnum(i - 2)) ||
                  alnum(end) || (hyphen(end) && alnum(end + 1));
    if (end > plain && joined) end = plain;
    std::size_t digits = 0;
    for (std::size_t k = i; k < end; ++k) digits += digit(k) ? 1 : 0;
    if (digits >= 6) {
      std::size_t seen = 0;
      for (std::size_t k = i; k < end; ++k) {
        if (!digit(k)) continue;
        ++seen;
        if (seen > 3 && seen + 3 <= digits) out[k] = '*';
      }
    }
    i = end;
  }
  return out;
}

}  // namespace abonado::http
