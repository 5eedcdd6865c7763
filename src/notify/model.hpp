#pragma once
// Outbox messages: SMS and email to customers, written in the same transaction as the change
// they report and sent afterwards by the Sender (sender.hpp). Plain data.
//
// Life of a message (TMF681 states):
//   initial     waiting to be sent; next_attempt_at says when
//   inProgress  claimed by a sender (next_attempt_at is then the end of its lease), or accepted
//               by Kannel and waiting for the delivery report (next_attempt_at empty)
//   completed   handed to the mail server or the SMS file, or delivered to the phone
//   failed      refused for good, not delivered, or given up after kMaxAttempts
// Secret messages (one-time codes) keep their text only encrypted, wiped once nothing more
// will be sent; everything else (the API, the audit log, logs) sees the text masked.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace abonado::notify {

enum class Channel { kSms, kEmail };
enum class MessageState { kInitial, kInProgress, kCompleted, kFailed };

// "sms" / "email" (storage) and the TMF messageType "SMS" / "email".
std::string_view channel_name(Channel c);
std::string_view message_type(Channel c);
std::optional<Channel> parse_channel(std::string_view name);
std::optional<Channel> parse_message_type(std::string_view type);
// "initial", "inProgress", "completed", "failed".
std::string_view state_name(MessageState s);
std::optional<MessageState> parse_state(std::string_view name);

// Sending rules. Constants, not policy: they are about our gateways, not the operator.
inline constexpr int kMaxAttempts = 6;
inline constexpr Millis kClaimLease = std::chrono::seconds(60);
inline constexpr int kClaimBatch = 50;
// Backoff after the n-th failed attempt (n >= 1): 30 s, 1 min, 2 min, ... at most 1 hour.
Millis retry_delay(int attempts);

inline constexpr std::size_t kMaxSmsText = 1600;  // ten concatenated parts
inline constexpr std::size_t kMaxEmailText = 100'000;
inline constexpr std::size_t kMaxSubject = 200;

// What a module asks to send. Validated by Outbox::enqueue.
struct NewMessage {
  std::optional<std::string> party_id;  // the customer or party it concerns
  Channel channel = Channel::kSms;
  std::string recipient;  // SMS: E.164 "+51987654321"; email: an address
  std::string subject;    // email only (required there)
  std::string text;
  std::optional<std::string> template_name;
  std::optional<std::string> language;
  bool secret = false;  // holds a one-time code: stored encrypted, shown masked
  // Sent as part of another change whose own audit record names this
  // message (a top-up's receipt): no audit record of its own.
  bool audited_by_caller = false;
};

// Template parameters: {{name}} -> value.
using TemplateVars = std::map<std::string, std::string>;

// A message rendered from policies/templates (see templates.hpp).
struct TemplateMessage {
  std::optional<std::string> party_id;
  Channel channel = Channel::kSms;
  std::string recipient;
  std::string template_name;  // "welcome", "otp", ...
  std::string language;       // wished for; falls back to the operator's, then English
  TemplateVars vars;
  bool secret = false;
  bool audited_by_caller = false;  // as in NewMessage
};

// A stored message as the API and other modules see it: `text` is masked when secret.
struct Message {
  std::string id;
  std::optional<std::string> party_id;
  Channel channel = Channel::kSms;
  std::string recipient;
  std::optional<std::string> subject;
  std::string text;
  std::optional<std::string> template_name;
  std::optional<std::string> language;
  MessageState state = MessageState::kInitial;
  bool secret = false;
  int attempts = 0;
  std::optional<TimePoint> next_attempt_at;
  std::optional<std::string> last_error;
  std::optional<std::string> external_ref;  // Kannel's SMSC id, the mail's Message-ID
  TimePoint created_at;
  TimePoint updated_at;
  std::optional<TimePoint> sent_at;       // handed to the gateway
  std::optional<TimePoint> delivered_at;  // delivery report: on the phone
};

struct MessageFilter {
  std::optional<std::string> party_id;
  std::optional<MessageState> state;
  std::optional<Channel> channel;
  std::int64_t offset = 0;
  std::int64_t limit = 20;
};

}  // namespace abonado::notify
