#pragma once
// Email through an SMTP server (`--mail smtp://host:port`) with libcurl: one connection per
// message, no authentication or TLS (a local relay such as Postfix on the same host takes it
// from there). Thread-safe: each send() uses its own curl handle.

#include <string>
#include <string_view>

#include "notify/transport.hpp"

namespace abonado::notify {

class SmtpMailTransport final : public MailTransport {
 public:
  // `clock` (for the Date header) must outlive the transport.
  SmtpMailTransport(std::string host, int port, MailOptions opts, const Clock& clock);
  // A 5xx answer is permanent; 4xx, connection errors and timeouts are transient. The result's
  // external_ref is the Message-ID.
  SendResult send(const Outgoing& mail) override;

 private:
  std::string url_;     // smtp://host:port/<our domain>
  std::string domain_;  // of the From address: Message-IDs and EHLO
  MailOptions opts_;
  const Clock& clock_;
};

// The RFC 5322 message sent for `mail`: Date, Message-ID, From, To, Subject (RFC 2047 when not
// ASCII), MIME-Version, Content-Type text/plain; charset=utf-8, Content-Transfer-Encoding 8bit
// (base64 when a line is longer than SMTP allows), CRLF line endings. Exposed for tests.
std::string build_mail(const Outgoing& mail, const MailOptions& opts, TimePoint date,
                       std::string_view message_id);

// A header value as RFC 2047 encoded-words (=?UTF-8?B?...?=, folded) when it is not plain
// printable ASCII; unchanged otherwise.
std::string encode_header_text(std::string_view value);

}  // namespace abonado::notify
