#pragma once
// multipart/form-data bodies (RFC 7578), for file uploads. Parts point into
// the body: keep the body alive while using them.

#include <string>
#include <string_view>
#include <vector>

namespace abonado::http {

struct FormPart {
  std::string name;          // the form field
  std::string filename;      // the file's base name as sent, control characters dropped
  std::string content_type;  // as declared by the client (not trusted)
  std::string_view data;
};

// Throws Error(kInvalidField, ..., "body") when the body or the boundary is malformed.
std::vector<FormPart> parse_multipart(std::string_view content_type, std::string_view body);

}  // namespace abonado::http
