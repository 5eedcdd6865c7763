#include "notify/repo.hpp"

#include "store/time_columns.hpp"

namespace abonado::notify::repo {
namespace {

using store::Sql;

#define MESSAGE_COLUMNS                                                                    \
  "id, party_id, channel, recipient, subject, text, template, language, state, secret, "   \
  "attempts, next_attempt_at, last_error, external_ref, created_at, updated_at, sent_at, " \
  "delivered_at"

constexpr Sql kInsert{
    "notify.insert",
    "INSERT INTO notify_messages (id, party_id, channel, recipient, subject, text, template, "
    "language, state, secret, attempts, next_attempt_at, created_at, updated_at, secret_text) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"};
constexpr Sql kFind{"notify.find", "SELECT " MESSAGE_COLUMNS " FROM notify_messages WHERE id = $1"};
// Optional filters as "($n IS NULL OR col = $n)": one statement, one plan.
constexpr Sql kList{"notify.list",
                    "SELECT " MESSAGE_COLUMNS
                    " FROM notify_messages WHERE ($1 IS NULL OR party_id = $1) "
                    "AND ($2 IS NULL OR state = $2) AND ($3 IS NULL OR channel = $3) "
                    "ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5",
                    "SELECT " MESSAGE_COLUMNS
                    " FROM notify_messages WHERE ($1::text IS NULL OR party_id = $1) "
                    "AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR channel = $3) "
                    "ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5"};
constexpr Sql kCount{
    "notify.count",
    "SELECT COUNT(*) FROM notify_messages WHERE ($1 IS NULL OR party_id = $1) "
    "AND ($2 IS NULL OR state = $2) AND ($3 IS NULL OR channel = $3)",
    "SELECT COUNT(*) FROM notify_messages WHERE ($1::text IS NULL OR party_id = $1) "
    "AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR channel = $3)"};
#undef MESSAGE_COLUMNS

// Finished messages and those waiting for a report have no next_attempt_at: the partial
// index notify_messages_due holds only what may become due.
constexpr Sql kDue{
    "notify.due",
    "SELECT id, state, attempts, channel, recipient, subject, text, secret, secret_text "
    "FROM notify_messages WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $1 "
    "AND state IN ('initial', 'inProgress') ORDER BY next_attempt_at, id LIMIT $2",
    "SELECT id, state, attempts, channel, recipient, subject, text, secret, secret_text "
    "FROM notify_messages WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $1 "
    "AND state IN ('initial', 'inProgress') ORDER BY next_attempt_at, id LIMIT $2 "
    "FOR UPDATE SKIP LOCKED"};
constexpr Sql kClaim{
    "notify.claim",
    "UPDATE notify_messages SET state = 'inProgress', attempts = attempts + 1, "
    "next_attempt_at = $4, report_token_hash = COALESCE($5, report_token_hash), updated_at = $6 "
    "WHERE id = $1 AND state = $2 AND attempts = $3"};
constexpr Sql kAccepted{
    "notify.accepted",
    "UPDATE notify_messages SET sent_at = $3, next_attempt_at = NULL, "
    "external_ref = COALESCE($4, external_ref), secret_text = NULL, last_error = NULL, "
    "updated_at = $3 WHERE id = $1 AND state = 'inProgress' AND attempts = $2"};
constexpr Sql kCompleted{
    "notify.completed",
    "UPDATE notify_messages SET state = 'completed', sent_at = $3, next_attempt_at = NULL, "
    "external_ref = COALESCE($4, external_ref), secret_text = NULL, last_error = NULL, "
    "updated_at = $3 WHERE id = $1 AND state = 'inProgress' AND attempts = $2"};
constexpr Sql kRetry{
    "notify.retry",
    "UPDATE notify_messages SET state = 'initial', next_attempt_at = $3, last_error = $4, "
    "updated_at = $5 WHERE id = $1 AND state = 'inProgress' AND attempts = $2"};
constexpr Sql kFailed{
    "notify.failed",
    "UPDATE notify_messages SET state = 'failed', next_attempt_at = NULL, secret_text = NULL, "
    "last_error = $3, updated_at = $4 WHERE id = $1 AND state = $5 AND attempts = $2"};
constexpr Sql kRelease{"notify.release",
                       "UPDATE notify_messages SET state = 'initial', attempts = attempts - 1, "
                       "next_attempt_at = $3, updated_at = $3 "
                       "WHERE id = $1 AND state = 'inProgress' AND attempts = $2"};
constexpr Sql kReportTarget{"notify.report_target",
                            "SELECT state, report_token_hash FROM notify_messages WHERE id = $1"};
constexpr Sql kDelivered{
    "notify.delivered",
    "UPDATE notify_messages SET state = 'completed', delivered_at = $2, "
    "sent_at = COALESCE(sent_at, $2), next_attempt_at = NULL, secret_text = NULL, "
    "last_error = NULL, external_ref = COALESCE($3, external_ref), updated_at = $2 "
    "WHERE id = $1 AND state <> 'completed'"};
constexpr Sql kUndelivered{
    "notify.undelivered",
    "UPDATE notify_messages SET state = 'failed', next_attempt_at = NULL, secret_text = NULL, "
    "last_error = $3, external_ref = COALESCE($4, external_ref), updated_at = $2 "
    "WHERE id = $1 AND state = 'inProgress'"};

// Stored values are written only by this module: a bad one is a broken invariant.
Channel channel_of(const std::string& s) {
  auto c = parse_channel(s);
  if (!c) throw std::logic_error("notify_messages.channel holds '" + s + "'");
  return *c;
}

MessageState state_of(const std::string& s) {
  auto st = parse_state(s);
  if (!st) throw std::logic_error("notify_messages.state holds '" + s + "'");
  return *st;
}

Message message_from(const store::Row& r) {
  Message m;
  m.id = r.str(0);
  m.party_id = r.opt_str(1);
  m.channel = channel_of(r.str(2));
  m.recipient = r.str(3);
  m.subject = r.opt_str(4);
  m.text = r.str(5);
  m.template_name = r.opt_str(6);
  m.language = r.opt_str(7);
  m.state = state_of(r.str(8));
  m.secret = r.i64(9) != 0;
  m.attempts = static_cast<int>(r.i64(10));
  m.next_attempt_at = store::opt_time(r, 11);
  m.last_error = r.opt_str(12);
  m.external_ref = r.opt_str(13);
  m.created_at = from_epoch_ms(r.i64(14));
  m.updated_at = from_epoch_ms(r.i64(15));
  m.sent_at = store::opt_time(r, 16);
  m.delivered_at = store::opt_time(r, 17);
  return m;
}

std::optional<std::string> opt_name(const std::optional<MessageState>& s) {
  if (!s) return std::nullopt;
  return std::string(state_name(*s));
}

std::optional<std::string> opt_name(const std::optional<Channel>& c) {
  if (!c) return std::nullopt;
  return std::string(channel_name(*c));
}

}  // namespace

void insert(store::Tx& tx, const Message& m, const std::optional<std::string>& secret_text) {
  tx.exec(kInsert, {m.id, m.party_id, channel_name(m.channel), m.recipient, m.subject, m.text,
                    m.template_name, m.language, state_name(m.state), m.secret, m.attempts,
                    store::opt_epoch_ms(m.next_attempt_at), to_epoch_ms(m.created_at),
                    to_epoch_ms(m.updated_at), secret_text});
}

std::optional<Message> find(store::Tx& tx, const std::string& id) {
  auto r = tx.query_one(kFind, {id});
  if (!r) return std::nullopt;
  return message_from(*r);
}

std::pair<std::vector<Message>, std::int64_t> list(store::Tx& tx, const MessageFilter& f) {
  std::vector<Message> out;
  auto state = opt_name(f.state);
  auto channel = opt_name(f.channel);
  for (const auto& r : tx.query(kList, {f.party_id, state, channel, f.limit, f.offset})) {
    out.push_back(message_from(r));
  }
  auto total = tx.query_one(kCount, {f.party_id, state, channel})->i64(0);
  return {std::move(out), total};
}

std::vector<Due> due(store::Tx& tx, TimePoint now, int limit) {
  std::vector<Due> out;
  for (const auto& r : tx.query(kDue, {to_epoch_ms(now), limit})) {
    out.push_back(Due{r.str(0), state_of(r.str(1)), static_cast<int>(r.i64(2)),
                      channel_of(r.str(3)), r.str(4), r.opt_str(5), r.str(6), r.i64(7) != 0,
                      r.opt_str(8)});
  }
  return out;
}

bool claim(store::Tx& tx, const Due& d, TimePoint lease_until,
           const std::optional<std::string>& token_hash, TimePoint now) {
  return tx.exec(kClaim, {d.id, state_name(d.state), d.attempts, to_epoch_ms(lease_until),
                          token_hash, to_epoch_ms(now)}) == 1;
}

bool mark_accepted(store::Tx& tx, const std::string& id, int attempt, TimePoint now,
                   const std::optional<std::string>& external_ref) {
  return tx.exec(kAccepted, {id, attempt, to_epoch_ms(now), external_ref}) == 1;
}

bool mark_completed(store::Tx& tx, const std::string& id, int attempt, TimePoint now,
                    const std::optional<std::string>& external_ref) {
  return tx.exec(kCompleted, {id, attempt, to_epoch_ms(now), external_ref}) == 1;
}

bool mark_retry(store::Tx& tx, const std::string& id, int attempt, TimePoint next,
                const std::string& error, TimePoint now) {
  return tx.exec(kRetry, {id, attempt, to_epoch_ms(next), error, to_epoch_ms(now)}) == 1;
}

bool mark_failed(store::Tx& tx, const std::string& id, MessageState from, int attempt,
                 const std::string& error, TimePoint now) {
  return tx.exec(kFailed, {id, attempt, error, to_epoch_ms(now), state_name(from)}) == 1;
}

bool release(store::Tx& tx, const std::string& id, int attempt, TimePoint now) {
  return tx.exec(kRelease, {id, attempt, to_epoch_ms(now)}) == 1;
}

std::optional<ReportTarget> report_target(store::Tx& tx, const std::string& id) {
  auto r = tx.query_one(kReportTarget, {id});
  if (!r) return std::nullopt;
  return ReportTarget{state_of(r->str(0)), r->opt_str(1)};
}

bool mark_delivered(store::Tx& tx, const std::string& id, TimePoint now,
                    const std::optional<std::string>& external_ref) {
  return tx.exec(kDelivered, {id, to_epoch_ms(now), external_ref}) == 1;
}

bool mark_undelivered(store::Tx& tx, const std::string& id, TimePoint now,
                      const std::string& reason, const std::optional<std::string>& external_ref) {
  return tx.exec(kUndelivered, {id, to_epoch_ms(now), reason, external_ref}) == 1;
}

}  // namespace abonado::notify::repo
