#include "http/multipart.hpp"

#include <cctype>

#include "core/error.hpp"
#include "core/text.hpp"

namespace abonado::http {
namespace {

constexpr std::size_t kMaxParts = 16;

[[noreturn]] void malformed(const std::string& why) {
  throw Error(Code::kInvalidField, "malformed multipart body: " + why, "body");
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of parameter `key` in a header like `form-data; name="file"`.
std::string param(std::string_view header, std::string_view key) {
  std::size_t i = header.find(';');
  while (i != std::string_view::npos) {
    std::string_view rest = trim(header.substr(i + 1));
    if (iequals_prefix(rest, std::string(key) + "=")) {
      rest.remove_prefix(key.size() + 1);
      if (!rest.empty() && rest.front() == '"') {
        std::string out;
        for (std::size_t k = 1; k < rest.size() && rest[k] != '"'; ++k) {
          if (rest[k] == '\\' && k + 1 < rest.size()) ++k;
          out += rest[k];
        }
        return out;
      }
      return std::string(rest.substr(0, rest.find(';')));
    }
    i = header.find(';', i + 1);
  }
  return {};
}

std::string clean_filename(std::string name) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  // Stored and shown as one line of UTF-8 text: no control or reordering
  // characters (U+202E would show "fdp.exe" as "exe.pdf"), bytes that are
  // no character become '_', and a long name is cut between characters.
  return printable_line(name, 200);
}

}  // namespace

std::vector<FormPart> parse_multipart(std::string_view content_type, std::string_view body) {
  std::string boundary = param(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 70) malformed("missing or bad boundary");
  const std::string delim = "--" + boundary;
  std::size_t pos = body.find(delim);
  if (pos == std::string_view::npos ||
      (pos != 0 && (pos < 2 || body.substr(pos - 2, 2) != "\r\n"))) {
    malformed("no opening boundary");
  }
  std::vector<FormPart> parts;
  for (;;) {
    pos += delim.size();
    if (body.substr(pos, 2) == "--") return parts;  // closing boundary
    if (body.substr(pos, 2) != "\r\n") malformed("boundary not followed by a line break");
    pos += 2;
    auto head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) malformed("part headers never end");
    FormPart part;
    bool disposition = false;
    std::string_view heads = body.substr(pos, head_end - pos);
    while (!heads.empty()) {
      auto eol = heads.find("\r\n");
      std::string_view line = heads.substr(0, eol);
      if (iequals_prefix(line, "content-disposition:")) {
        std::string_view v = trim(line.substr(20));
        if (!iequals_prefix(v, "form-data")) malformed("a part is not form-data");
        part.name = param(v, "name");
        part.filename = clean_filename(param(v, "filename"));
        disposition = true;
      } else if (iequals_prefix(line, "content-type:")) {
        part.content_type = std::string(trim(line.substr(13)));
      }
      if (eol == std::string_view::npos) break;
      heads.remove_prefix(eol + 2);
    }
    if (!disposition || part.name.empty()) malformed("a part has no form-data name");
    std::size_t data_start = head_end + 4;
    std::size_t next = body.find("\r\n" + delim, data_start);
    if (next == std::string_view::npos) malformed("no closing boundary");
    part.data = body.substr(data_start, next - data_start);
    parts.push_back(std::move(part));
    if (parts.size() > kMaxParts) malformed("too many parts");
    pos = next + 2;
  }
}

}  // namespace abonado::http
