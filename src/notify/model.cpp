#include "notify/model.hpp"

#include <algorithm>

namespace abonado::notify {

std::string_view channel_name(Channel c) { return c == Channel::kSms ? "sms" : "email"; }
std::string_view message_type(Channel c) { return c == Channel::kSms ? "SMS" : "email"; }

std::optional<Channel> parse_channel(std::string_view name) {
  if (name == "sms") return Channel::kSms;
  if (name == "email") return Channel::kEmail;
  return std::nullopt;
}

std::optional<Channel> parse_message_type(std::string_view type) {
  if (type == "SMS") return Channel::kSms;
  if (type == "email") return Channel::kEmail;
  return std::nullopt;
}

std::string_view state_name(MessageState s) {
  switch (s) {
    case MessageState::kInitial:
      return "initial";
    case MessageState::kInProgress:
      return "inProgress";
    case MessageState::kCompleted:
      return "completed";
    case MessageState::kFailed:
      return "failed";
  }
  return "initial";
}

std::optional<MessageState> parse_state(std::string_view name) {
  for (auto s : {MessageState::kInitial, MessageState::kInProgress, MessageState::kCompleted,
                 MessageState::kFailed}) {
    if (state_name(s) == name) return s;
  }
  return std::nullopt;
}

Millis retry_delay(int attempts) {
  constexpr Millis kFirst = std::chrono::seconds(30);
  constexpr Millis kMax = std::chrono::hours(1);
  int doublings = std::clamp(attempts - 1, 0, 20);
  return std::min(kMax, Millis(kFirst.count() << doublings));
}

}  // namespace abonado::notify
