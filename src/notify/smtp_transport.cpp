#include "notify/smtp_transport.hpp"

#include <date/date.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "notify/curl_handle.hpp"

namespace abonado::notify {
namespace {

constexpr std::size_t kMaxLine = 998;          // RFC 5322 2.1.1, without the CRLF
constexpr std::size_t kEncodedWordBytes = 39;  // 52 base64 characters: words stay under 75

bool plain_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f;
  });
}

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// Where a chunk of at most `max` bytes starting at `from` may end without splitting a UTF-8
// character.
std::size_t utf8_cut(std::string_view s, std::size_t from, std::size_t max) {
  std::size_t end = std::min(s.size(), from + max);
  while (end > from && end < s.size() && (static_cast<unsigned char>(s[end]) & 0xc0) == 0x80) {
    --end;
  }
  return end == from ? std::min(s.size(), from + max) : end;
}

// The lines of `text`, broken at CR, LF or CRLF.
std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines(1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      lines.emplace_back();
    } else {
      lines.back() += c;
    }
  }
  if (lines.size() > 1 && lines.back().empty()) lines.pop_back();  // the text's final break
  return lines;
}

std::string display_name(std::string_view name) {
  if (!plain_ascii(name)) return encode_header_text(name);
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

struct Upload {
  std::string_view data;
  std::size_t at = 0;
};

std::size_t read_upload(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  std::size_t len = std::min(size * n, u->data.size() - u->at);
  std::memcpy(buf, u->data.data() + u->at, len);
  u->at += len;
  return len;
}

}  // namespace

std::string encode_header_text(std::string_view value) {
  if (plain_ascii(value)) return std::string(value);
  std::string out;
  for (std::size_t at = 0; at < value.size();) {
    std::size_t end = utf8_cut(value, at, kEncodedWordBytes);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(value.substr(at, end - at)) + "?=";
    at = end;
  }
  return out;
}

std::string build_mail(const Outgoing& mail, const MailOptions& opts, TimePoint date,
                       std::string_view message_id) {
  auto lines = lines_of(mail.text);
  bool long_line = std::any_of(lines.begin(), lines.end(),
                               [](const std::string& l) { return l.size() > kMaxLine; });
  std::string m;
  m += "Date: " +
       date::format("%a, %d %b %Y %H:%M:%S +0000", std::chrono::floor<std::chrono::seconds>(date)) +
       "\r\n";
  m += "Message-ID: <" + std::string(message_id) + ">\r\n";
  m += "From: " + display_name(opts.from_name) + " <" + opts.from_address + ">\r\n";
  m += "To: " + mail.to + "\r\n";
  m += "Subject: " + encode_header_text(mail.subject) + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  m += std::string("Content-Transfer-Encoding: ") + (long_line ? "base64" : "8bit") + "\r\n";
  m += "\r\n";
  if (!long_line) {
    for (const auto& l : lines) m += l + "\r\n";
    return m;
  }
  std::string body;
  for (std::size_t i = 0; i < lines.size(); ++i) body += (i ? "\r\n" : "") + lines[i];
  std::string encoded = base64(body);
  for (std::size_t at = 0; at < encoded.size(); at += 76) m += encoded.substr(at, 76) + "\r\n";
  return m;
}

SmtpMailTransport::SmtpMailTransport(std::string host, int port, MailOptions opts,
                                     const Clock& clock)
    : opts_(std::move(opts)), clock_(clock) {
  detail::init_curl();
  auto at = opts_.from_address.rfind('@');
  domain_ = at == std::string::npos ? "localhost" : opts_.from_address.substr(at + 1);
  // The path of an smtp:// URL is the name we greet the server with (EHLO).
  url_ = "smtp://" + host + ":" + std::to_string(port) + "/" + domain_;
}

SendResult SmtpMailTransport::send(const Outgoing& mail) {
  SendResult r;
  std::string message_id = mail.id + "@" + domain_;
  std::string text = build_mail(mail, opts_, clock_.now(), message_id);
  Upload upload{text};

  detail::CurlHandle h;
  std::string from = "<" + opts_.from_address + ">";
  std::string rcpt = "<" + mail.to + ">";
  curl_slist* rcpts = curl_slist_append(nullptr, rcpt.c_str());
  curl_easy_setopt(h.get(), CURLOPT_URL, url_.c_str());
  curl_easy_setopt(h.get(), CURLOPT_PROXY, "");
  curl_easy_setopt(h.get(), CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h.get(), CURLOPT_MAIL_RCPT, rcpts);
  curl_easy_setopt(h.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h.get(), CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(h.get(), CURLOPT_READDATA, &upload);
  curl_easy_setopt(h.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text.size()));
  curl_easy_setopt(h.get(), CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h.get(), CURLOPT_TIMEOUT, static_cast<long>(kSendTimeout.count()));
  CURLcode rc = curl_easy_perform(h.get());
  long code = 0;
  curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all(rcpts);
  if (rc == CURLE_OK) {
    r.ok = true;
    r.external_ref = message_id;
    return r;
  }
  r.permanent = code >= 500 && code < 600;
  r.error = "SMTP" + (code ? " " + std::to_string(code) : std::string()) + ": " + h.error(rc);
  return r;
}

}  // namespace abonado::notify
