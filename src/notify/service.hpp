#pragma once
// The outbox: how other modules send an SMS or email, and the steps the Sender and the Kannel
// delivery reports take. Every function runs inside a database job on the Tx it is given and
// does no I/O of its own; enqueueing inside the caller's own write job is what makes a message
// leave if and only if the change it reports commits. Every state change writes an audit
// record (auth/audit.hpp) in the same transaction.
//
// Built once by app/; immutable, so any database thread may call it. The Clock, SecretKey and
// Templates must outlive it.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/roles.hpp"
#include "notify/model.hpp"
#include "notify/secret.hpp"
#include "notify/templates.hpp"
#include "notify/transport.hpp"
#include "store/tx.hpp"

namespace abonado::notify {

// The recipient rule: SMS to "+" and 8 to 15 digits (E.164), email to a basic address shape
// (one '@', a dotted domain, printable ASCII, at most 254 characters). Throws
// Error(kInvalidPhoneNumber / kInvalidEmail) naming `field`. Deliberately minimal: callers
// hand in numbers and addresses that party/ has already validated with core/phone.hpp and
// core/email.hpp; this only keeps a gateway from being handed garbage.
void check_recipient(Channel channel, std::string_view recipient, std::string_view field);

// One claimed attempt: what the Sender sends, with the text in clear (decrypted for secret
// messages; it lives only in memory).
struct Claim {
  std::string id;
  Channel channel = Channel::kSms;
  int attempt = 0;  // the attempt number this claim made
  Outgoing out;
};

class Outbox {
 public:
  Outbox(const Clock& clock, const SecretKey& key, const Templates& templates)
      : clock_(clock), key_(key), templates_(templates) {}

  // Validates and stores a message to send as soon as the transaction commits; returns its id.
  // Throws Error (kInvalidPhoneNumber, kInvalidEmail naming "recipient"; kInvalidField naming
  // "content" (the text, as TMF681 calls it), "subject", "partyId") for bad input.
  std::string enqueue(store::Tx& tx, const Actor& by, const NewMessage& m) const;
  // Renders m.template_name (templates.hpp) and enqueues it. Throws Error(kInternal) when the
  // template is unknown, lacks a value, or is for the other channel.
  std::string enqueue_template(store::Tx& tx, const Actor& by, const TemplateMessage& m) const;

  std::optional<Message> find(store::Tx& tx, const std::string& id) const;
  std::pair<std::vector<Message>, std::int64_t> list(store::Tx& tx, const MessageFilter& f) const;

  // --- The Sender's steps (sender.hpp), each in its own write job. ---

  // Claims up to `limit` due messages: initial ones whose next attempt has come, and
  // inProgress ones whose sender's lease ran out (it crashed or hung between send and
  // record). Each becomes inProgress with attempts + 1 and a lease of kClaimLease; an SMS gets
  // a fresh delivery-report token (only its hash is stored). A message that already used
  // kMaxAttempts, or whose secret text no longer opens, fails instead of being claimed.
  std::vector<Claim> claim_due(store::Tx& tx, TimePoint now, int limit) const;
  // Records how a claimed attempt went: completed; accepted by Kannel (inProgress, waiting for
  // the report); back to initial after retry_delay(); failed when permanent or after
  // kMaxAttempts. Ignored when the message moved on meanwhile (a delivery report came first,
  // or the lease ran out and another claim took it).
  void record(store::Tx& tx, const Claim& c, const SendResult& r, TimePoint now) const;
  // Gives back a claimed message that was not sent (initial, due now, attempt not counted).
  void release(store::Tx& tx, const Claim& c, TimePoint now) const;

  // --- Kannel delivery reports. ---

  // Applies report `status` (1 delivered -> completed; 2 or 16 not delivered -> failed unless
  // completed; 4, 8 and others change nothing) for message `id` when `token` is the one its
  // last attempt was sent with (compared in constant time). Returns false for an unknown id
  // or a wrong token. Repeating a report changes nothing.
  bool delivery_report(store::Tx& tx, const Actor& by, const std::string& id,
                       std::string_view token, int status,
                       const std::optional<std::string>& external_ref, TimePoint now) const;

 private:
  const Clock& clock_;
  const SecretKey& key_;
  const Templates& templates_;
};

}  // namespace abonado::notify
