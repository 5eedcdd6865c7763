#include "notify/service.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "auth/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "notify/repo.hpp"
#include "notify/sms_text.hpp"

namespace abonado::notify {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kEntity = "communicationMessage";
constexpr std::size_t kMaxError = 500;
constexpr std::size_t kMaxId = 64;
constexpr std::size_t kReportTokenBytes = 24;

const Actor& sender_actor() {
  static const Actor actor = Actor::system("notify.sender");
  return actor;
}

bool printable_ascii(char c) { return c > 0x20 && c < 0x7f; }

bool valid_phone(std::string_view s) {
  if (s.size() < 9 || s.size() > 16 || s.front() != '+' || s[1] == '0') return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool valid_domain(std::string_view d) {
  if (d.size() < 3 || d.find('.') == std::string_view::npos ||
      d.find("..") != std::string_view::npos)
    return false;
  if (d.front() == '.' || d.back() == '.' || d.front() == '-' || d.back() == '-') return false;
  return std::all_of(d.begin(), d.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
  });
}

bool valid_email(std::string_view s) {
  if (s.size() > 254) return false;
  auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 ||
      s.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  auto local = s.substr(0, at);
  bool local_ok = std::all_of(local.begin(), local.end(), [](char c) {
    return printable_ascii(c) &&
           std::string_view("<>()[]\\,;:\"").find(c) == std::string_view::npos;
  });
  return local_ok && local.front() != '.' && local.back() != '.' && valid_domain(s.substr(at + 1));
}

// Text a person reads: UTF-8 without control characters other than tab and line breaks.
bool readable_text(std::string_view s, bool allow_breaks) {
  if (!utf8_length(s)) return false;
  return std::none_of(s.begin(), s.end(), [&](char ch) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\n' || c == '\r') return !allow_breaks;
    return (c < 0x20 && c != '\t') || c == 0x7f;
  });
}

void check_optional_id(const std::optional<std::string>& v, std::string_view field) {
  if (v &&
      (v->empty() || v->size() > kMaxId || !std::all_of(v->begin(), v->end(), printable_ascii))) {
    throw Error(Code::kInvalidField,
                std::string(field) + " must be 1 to 64 printable ASCII characters",
                std::string(field));
  }
}

void check_message(const NewMessage& m) {
  check_recipient(m.channel, m.recipient, "recipient");
  check_optional_id(m.party_id, "partyId");
  check_optional_id(m.template_name, "template");
  check_optional_id(m.language, "language");
  std::size_t max_text = m.channel == Channel::kSms ? kMaxSmsText : kMaxEmailText;
  if (m.text.empty() || m.text.size() > max_text || !readable_text(m.text, true)) {
    throw Error(Code::kInvalidField,
                "content must be 1 to " + std::to_string(max_text) +
                    " bytes of UTF-8 without control characters",
                "content");
  }
  if (m.channel == Channel::kSms) {
    if (!m.subject.empty()) {
      throw Error(Code::kInvalidField, "an SMS has no subject", "subject");
    }
    return;
  }
  if (m.subject.empty() || m.subject.size() > kMaxSubject || !readable_text(m.subject, false)) {
    throw Error(
        Code::kInvalidField,
        "an email needs a subject of 1 to " + std::to_string(kMaxSubject) + " bytes on one line",
        "subject");
  }
  if (m.secret && mask_digits(m.subject) != m.subject) {
    throw Error(Code::kInvalidField, "a secret message keeps its code in the text, not the subject",
                "subject");
  }
}

std::string clip(std::string s) {
  if (s.size() > kMaxError) {
    s.resize(kMaxError);
    while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xc0) == 0x80) s.pop_back();
    if (!s.empty() && static_cast<unsigned char>(s.back()) >= 0xc0) s.pop_back();
  }
  return s;
}

std::string snapshot(MessageState state, int attempts,
                     const std::optional<std::string>& error = std::nullopt) {
  Json j = {{"state", state_name(state)}, {"attempts", attempts}};
  if (error) j["lastError"] = *error;
  return j.dump();
}

void audit(store::Tx& tx, const Actor& by, TimePoint at, std::string_view action,
           const std::string& id, std::string before, std::string after) {
  std::string full = std::string(kEntity) + "." + std::string(action);
  auth::record(tx, by, at, {full, kEntity, id, std::move(before), std::move(after)});
}

}  // namespace

void check_recipient(Channel channel, std::string_view recipient, std::string_view field) {
  if (channel == Channel::kSms) {
    if (!valid_phone(recipient)) {
      throw Error(Code::kInvalidPhoneNumber,
                  "an SMS goes to an E.164 number: '+' and 8 to 15 digits, e.g. +51987654321",
                  std::string(field));
    }
    return;
  }
  if (!valid_email(recipient)) {
    throw Error(Code::kInvalidEmail, "not an email address one can send to", std::string(field));
  }
}

std::string Outbox::enqueue(store::Tx& tx, const Actor& by, const NewMessage& m) const {
  check_message(m);
  auto now = clock_.now();
  Message msg;
  msg.id = new_id(now);
  msg.party_id = m.party_id;
  msg.channel = m.channel;
  msg.recipient = m.recipient;
  if (m.channel == Channel::kEmail) msg.subject = m.subject;
  msg.text = m.secret ? mask_digits(m.text) : m.text;
  msg.template_name = m.template_name;
  msg.language = m.language;
  msg.state = MessageState::kInitial;
  msg.secret = m.secret;
  msg.next_attempt_at = now;
  msg.created_at = now;
  msg.updated_at = now;
  std::optional<std::string> sealed;
  if (m.secret) sealed = key_.seal(m.text);
  repo::insert(tx, msg, sealed);
  if (m.audited_by_caller) return msg.id;

  Json after = {{"state", state_name(msg.state)},
                {"messageType", message_type(msg.channel)},
                {"recipient", msg.recipient},
                {"content", msg.text},
                {"secret", msg.secret}};
  if (msg.subject) after["subject"] = *msg.subject;
  if (msg.party_id) after["partyId"] = *msg.party_id;
  if (msg.template_name) after["template"] = *msg.template_name;
  auth::record(tx, by, now,
               {"communicationMessage.create", kEntity, msg.id, std::nullopt, after.dump()});
  return msg.id;
}

std::string Outbox::enqueue_template(store::Tx& tx, const Actor& by,
                                     const TemplateMessage& m) const {
  Rendered r = templates_.render(m.template_name, m.language, m.vars);
  bool email = m.channel == Channel::kEmail;
  if (email != r.subject.has_value()) {
    throw Error(Code::kInternal, "message template '" + m.template_name + "' is not for " +
                                     std::string(email ? "email" : "SMS"));
  }
  NewMessage n;
  n.party_id = m.party_id;
  n.channel = m.channel;
  n.recipient = m.recipient;
  n.subject = r.subject.value_or("");
  n.text = std::move(r.text);
  n.template_name = m.template_name;
  n.language = r.language;
  n.secret = m.secret;
  n.audited_by_caller = m.audited_by_caller;
  return enqueue(tx, by, n);
}

std::optional<Message> Outbox::find(store::Tx& tx, const std::string& id) const {
  return repo::find(tx, id);
}

std::pair<std::vector<Message>, std::int64_t> Outbox::list(store::Tx& tx,
                                                           const MessageFilter& f) const {
  return repo::list(tx, f);
}

std::vector<Claim> Outbox::claim_due(store::Tx& tx, TimePoint now, int limit) const {
  std::vector<Claim> out;
  const Actor& by = sender_actor();
  for (auto& d : repo::due(tx, now, limit)) {
    auto give_up = [&](const std::string& why) {
      if (repo::mark_failed(tx, d.id, d.state, d.attempts, why, now)) {
        audit(tx, by, now, "fail", d.id, snapshot(d.state, d.attempts),
              snapshot(MessageState::kFailed, d.attempts, why));
        spdlog::warn("notify: message {} failed: {}", d.id, why);
      }
    };
    if (d.attempts >= kMaxAttempts) {
      give_up("no outcome recorded for attempt " + std::to_string(d.attempts) +
              " (the sender stopped); gave up after " + std::to_string(d.attempts) + " attempts");
      continue;
    }
    std::string text = d.text;
    if (d.secret) {
      try {
        text = key_.open(d.secret_text.value_or(""));
      } catch (const std::exception&) {
        give_up("the secret text does not open under the server key (key file replaced?)");
        continue;
      }
    }
    std::optional<std::string> token;
    std::optional<std::string> token_hash;
    if (d.channel == Channel::kSms) {
      token = random_token(kReportTokenBytes);
      token_hash = sha256_hex(*token);
    }
    if (!repo::claim(tx, d, now + kClaimLease, token_hash, now)) continue;
    int attempt = d.attempts + 1;
    audit(tx, by, now, "claim", d.id, snapshot(d.state, d.attempts),
          snapshot(MessageState::kInProgress, attempt));
    out.push_back(Claim{
        d.id, d.channel, attempt,
        Outgoing{d.id, d.recipient, d.subject.value_or(""), std::move(text), token.value_or("")}});
  }
  return out;
}

void Outbox::record(store::Tx& tx, const Claim& c, const SendResult& r, TimePoint now) const {
  const Actor& by = sender_actor();
  std::string before = snapshot(MessageState::kInProgress, c.attempt);
  std::optional<std::string> ref;
  if (!r.external_ref.empty()) ref = r.external_ref;
  if (r.ok && r.awaiting_report) {
    if (repo::mark_accepted(tx, c.id, c.attempt, now, ref)) {
      audit(tx, by, now, "accept", c.id, before, snapshot(MessageState::kInProgress, c.attempt));
    }
    return;
  }
  if (r.ok) {
    if (repo::mark_completed(tx, c.id, c.attempt, now, ref)) {
      audit(tx, by, now, "complete", c.id, before, snapshot(MessageState::kCompleted, c.attempt));
    }
    return;
  }
  std::string error = clip(r.error.empty() ? "unknown error" : r.error);
  if (r.permanent || c.attempt >= kMaxAttempts) {
    if (!r.permanent) error = "gave up after " + std::to_string(c.attempt) + " attempts: " + error;
    if (repo::mark_failed(tx, c.id, MessageState::kInProgress, c.attempt, error, now)) {
      audit(tx, by, now, "fail", c.id, before, snapshot(MessageState::kFailed, c.attempt, error));
      spdlog::warn("notify: message {} failed: {}", c.id, error);
    }
    return;
  }
  if (repo::mark_retry(tx, c.id, c.attempt, now + retry_delay(c.attempt), error, now)) {
    audit(tx, by, now, "retry", c.id, before, snapshot(MessageState::kInitial, c.attempt, error));
  }
}

void Outbox::release(store::Tx& tx, const Claim& c, TimePoint now) const {
  if (repo::release(tx, c.id, c.attempt, now)) {
    audit(tx, sender_actor(), now, "release", c.id, snapshot(MessageState::kInProgress, c.attempt),
          snapshot(MessageState::kInitial, c.attempt - 1));
  }
}

bool Outbox::delivery_report(store::Tx& tx, const Actor& by, const std::string& id,
                             std::string_view token, int status,
                             const std::optional<std::string>& external_ref, TimePoint now) const {
  auto target = repo::report_target(tx, id);
  if (!target || !target->token_hash) return false;
  if (!equal_secret(sha256_hex(token), *target->token_hash)) return false;
  std::optional<std::string> ref;
  if (external_ref && !external_ref->empty()) ref = clip(*external_ref);
  Json before = {{"state", state_name(target->state)}};
  if (status == 1 && repo::mark_delivered(tx, id, now, ref)) {
    audit(tx, by, now, "deliver", id, before.dump(),
          Json{{"state", state_name(MessageState::kCompleted)}, {"deliveryReport", status}}.dump());
  } else if ((status == 2 || status == 16) &&
             repo::mark_undelivered(tx, id, now, "not delivered", ref)) {
    audit(tx, by, now, "fail", id, before.dump(),
          Json{{"state", state_name(MessageState::kFailed)},
               {"deliveryReport", status},
               {"lastError", "not delivered"}}
              .dump());
  }
  return true;
}

}  // namespace abonado::notify
