#pragma once
// The gateways a message leaves through, behind two small interfaces so that the Sender can be
// tested with fakes. send() blocks (network, fsync): the Sender calls it only on its thread
// pool, never on an io thread. Implementations are thread-safe and never throw for a failed
// send; they say how it failed.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace abonado::notify {

// One message on its way out, with its text in clear.
struct Outgoing {
  std::string id;       // the message id
  std::string to;       // E.164 number or email address
  std::string subject;  // email only
  std::string text;
  std::string report_token;  // SMS: proves a delivery report is about this attempt
};

struct SendResult {
  bool ok = false;
  bool permanent = false;        // failed and retrying cannot help (SMTP 5xx, Kannel 4xx)
  bool awaiting_report = false;  // ok, but delivery is known only from a delivery report
  std::string external_ref;      // the gateway's reference, when it gives one
  std::string error;             // why it failed, for last_error (never the text)
};

// Where Kannel sends delivery reports, under SmsOptions::report_base_url (routes.cpp serves it).
inline constexpr const char* kDeliveryReportPath = "/api/v1/notify/kannel/dlr";

// The longest a send() may take: comfortably inside the claim lease (model.hpp kClaimLease),
// so that a message is never sent after another sender may have re-claimed it.
inline constexpr std::chrono::seconds kSendTimeout{20};

class SmsTransport {
 public:
  virtual ~SmsTransport() = default;
  virtual SendResult send(const Outgoing& sms) = 0;
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  virtual SendResult send(const Outgoing& mail) = 0;
};

struct SmsOptions {
  std::string sender_id = "Abonado";  // the "from" shown on the phone
  // Our server's base URL as Kannel reaches it ("http://127.0.0.1:8080"): delivery reports
  // go to <base>/api/v1/notify/kannel/dlr.
  std::string report_base_url;
};

struct MailOptions {
  std::string from_address = "noreply@abonado.local";
  std::string from_name = "Abonado";
};

// `--sms`: kannel://user:pass@host:port or file:///abs/path.jsonl. `--mail`: smtp://host:port
// or file:///abs/path.jsonl. A file transport stamps lines with `clock`, which must outlive
// it. Throw abonado::Error(kInvalidParameter) naming the flag ("sms", "mail") on a bad URL.
std::unique_ptr<SmsTransport> make_sms_transport(std::string_view url, const SmsOptions& opts,
                                                 const Clock& clock);
std::unique_ptr<MailTransport> make_mail_transport(std::string_view url, const MailOptions& opts,
                                                   const Clock& clock);

}  // namespace abonado::notify
