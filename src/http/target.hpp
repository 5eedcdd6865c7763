#pragma once
// Splits a request target into a decoded path and decoded query pairs.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace abonado::http {

struct Target {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
};

// Percent-decodes (and '+' as space in the query). False when the target is
// not origin-form ("/..."), has a bad escape, decodes to a NUL or control
// byte, or its path contains a ".." segment.
bool parse_target(std::string_view target, Target& out);

// Percent-decoding of one component; false on a bad escape, a control
// character or a result that is not UTF-8.
bool url_decode(std::string_view in, std::string& out, bool plus_is_space);

// The path with long digit runs masked for logs (phone and document numbers
// are PII): "/lines/51987654321" -> "/lines/519*****321", and numbers
// written with separators too: "/x/987 654 321" -> "/x/987 *** 321".
std::string mask_pii(std::string_view path);

}  // namespace abonado::http
