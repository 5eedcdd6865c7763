#pragma once
// SQL of the notify module (internal: only notify/service.cpp includes this). Updates of a
// message in flight are guarded by its state and attempt number and return whether they
// applied, so a late or repeated step changes nothing.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "notify/model.hpp"
#include "store/tx.hpp"

namespace abonado::notify::repo {

void insert(store::Tx& tx, const Message& m, const std::optional<std::string>& secret_text);
std::optional<Message> find(store::Tx& tx, const std::string& id);
// Newest first, and the total before paging.
std::pair<std::vector<Message>, std::int64_t> list(store::Tx& tx, const MessageFilter& f);

// A message the sender may take now.
struct Due {
  std::string id;
  MessageState state;
  int attempts;
  Channel channel;
  std::string recipient;
  std::optional<std::string> subject;
  std::string text;  // masked when secret
  bool secret;
  std::optional<std::string> secret_text;
};
// Up to `limit` messages whose next_attempt_at has come, oldest due first (on PostgreSQL
// locked, skipping rows another node holds).
std::vector<Due> due(store::Tx& tx, TimePoint now, int limit);

// initial or inProgress (lease over) -> inProgress, attempts + 1, leased until `lease_until`.
bool claim(store::Tx& tx, const Due& d, TimePoint lease_until,
           const std::optional<std::string>& token_hash, TimePoint now);

// Outcomes of attempt `attempt` of a message still inProgress with that attempt number.
bool mark_accepted(store::Tx& tx, const std::string& id, int attempt, TimePoint now,
                   const std::optional<std::string>& external_ref);
bool mark_completed(store::Tx& tx, const std::string& id, int attempt, TimePoint now,
                    const std::optional<std::string>& external_ref);
bool mark_retry(store::Tx& tx, const std::string& id, int attempt, TimePoint next,
                const std::string& error, TimePoint now);
// Fails a message still in state `from` with `attempt` attempts (inProgress after a send; a
// due message that cannot be sent at all).
bool mark_failed(store::Tx& tx, const std::string& id, MessageState from, int attempt,
                 const std::string& error, TimePoint now);
// Undoes a claim whose message was not sent: initial, attempts - 1, due now.
bool release(store::Tx& tx, const std::string& id, int attempt, TimePoint now);

struct ReportTarget {
  MessageState state;
  std::optional<std::string> token_hash;
};
std::optional<ReportTarget> report_target(store::Tx& tx, const std::string& id);
// Delivery reports: delivered (any state but completed), not delivered (inProgress only).
bool mark_delivered(store::Tx& tx, const std::string& id, TimePoint now,
                    const std::optional<std::string>& external_ref);
bool mark_undelivered(store::Tx& tx, const std::string& id, TimePoint now,
                      const std::string& reason, const std::optional<std::string>& external_ref);

}  // namespace abonado::notify::repo
