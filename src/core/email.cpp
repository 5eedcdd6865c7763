#include "core/email.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace abonado {
namespace {

constexpr std::size_t kMaxLength = 254;
constexpr std::size_t kMaxLocal = 64;
constexpr std::size_t kMaxLabel = 63;
constexpr std::string_view kLocalSymbols = "!#$%&'*+/=?^_`{|}~.-";

[[noreturn]] void fail(const std::string& reason) {
  throw Error(Code::kInvalidEmail, reason, "email");
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  std::size_t first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

void check_local(std::string_view local) {
  if (local.empty() || local.size() > kMaxLocal) {
    fail("the part before @ must have 1 to 64 characters");
  }
  if (!std::all_of(local.begin(), local.end(), [](char c) {
        return is_alnum(c) || kLocalSymbols.find(c) != std::string_view::npos;
      })) {
    fail("the part before @ may contain only letters, digits and !#$%&'*+/=?^_`{|}~.-");
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    fail("the part before @ cannot start or end with a dot or have two dots in a row");
  }
}

void check_domain(std::string_view domain) {
  if (domain.find('.') == std::string_view::npos) fail("the domain needs a dot, as in example.com");
  std::size_t start = 0;
  while (start <= domain.size()) {
    std::size_t end = std::min(domain.find('.', start), domain.size());
    std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.size() > kMaxLabel) {
      fail("each part of the domain must have 1 to 63 characters");
    }
    if (!std::all_of(label.begin(), label.end(), [](char c) { return is_alnum(c) || c == '-'; })) {
      fail("the domain may contain only letters, digits, hyphens and dots");
    }
    if (label.front() == '-' || label.back() == '-') {
      fail("a part of the domain cannot start or end with a hyphen");
    }
    start = end + 1;
  }
}

}  // namespace

std::string normalize_email(std::string_view text) {
  std::string_view email = trim(text);
  if (email.empty()) fail("the e-mail address is empty");
  if (email.size() > kMaxLength) fail("the e-mail address is longer than 254 characters");
  std::size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    fail("the e-mail address must contain exactly one @");
  }
  check_local(email.substr(0, at));
  std::string domain(email.substr(at + 1));
  std::transform(domain.begin(), domain.end(), domain.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  check_domain(domain);
  return std::string(email.substr(0, at + 1)) + domain;
}

}  // namespace abonado
