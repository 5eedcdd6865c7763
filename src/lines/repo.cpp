#include "lines/repo.hpp"

#include <unordered_map>

#include "core/ids.hpp"
#include "lines/products.hpp"
#include "store/time_columns.hpp"

namespace abonado::lines::repo {
namespace {

using store::Sql;

// ---- inventory ----

constexpr Sql kInsertSim{"sims.insert",
                         "INSERT INTO sims (iccid, status, product_id, created_at, updated_at) "
                         "VALUES ($1, 'inStock', NULL, $2, $2) ON CONFLICT DO NOTHING"};
constexpr Sql kInsertNumber{
    "numbers.insert",
    "INSERT INTO numbers (msisdn, status, product_id, created_at, updated_at) "
    "VALUES ($1, 'inStock', NULL, $2, $2) ON CONFLICT DO NOTHING"};
constexpr Sql kSelectSim{"sims.select",
                         "SELECT iccid, status, product_id FROM sims WHERE iccid = $1"};
constexpr Sql kSelectNumber{"numbers.select",
                            "SELECT msisdn, status, product_id FROM numbers WHERE msisdn = $1"};
constexpr Sql kMoveSim{"sims.move",
                       "UPDATE sims SET status = $3, product_id = $4, updated_at = $5 "
                       "WHERE iccid = $1 AND status = $2"};
constexpr Sql kMoveNumber{"numbers.move",
                          "UPDATE numbers SET status = $3, product_id = $4, updated_at = $5 "
                          "WHERE msisdn = $1 AND status = $2"};
// Back in stock since $2 (behind the numbers already there: created_at orders
// the pool) and handed out from $3 (number_quarantine_days).
constexpr Sql kReturnNumber{
    "numbers.return",
    "INSERT INTO numbers (msisdn, status, product_id, created_at, updated_at, available_at) "
    "VALUES ($1, 'inStock', NULL, $2, $2, $3) "
    "ON CONFLICT (msisdn) DO UPDATE SET status = 'inStock', product_id = NULL, created_at = $2, "
    "updated_at = $2, available_at = $3"};
// Oldest first; a number whose attempts the document used up is skipped
// (FL-2 refuses that pair for good). PostgreSQL skips numbers another
// activation is taking right now instead of waiting for it.
#define FREE_NUMBER                                                                        \
  "SELECT n.msisdn FROM numbers n WHERE n.status = 'inStock' AND (n.available_at IS NULL " \
  "OR n.available_at <= $3) AND NOT EXISTS ("                                              \
  "SELECT 1 FROM biometric_attempts a WHERE a.holder_doc = $1 AND a.msisdn = n.msisdn "    \
  "AND a.result = 'noMatch' GROUP BY a.msisdn HAVING COUNT(*) >= $2) "                     \
  "ORDER BY n.status, n.created_at, n.msisdn LIMIT 1"
constexpr Sql kFreeNumber{"numbers.free", FREE_NUMBER, FREE_NUMBER " FOR UPDATE SKIP LOCKED"};
#undef FREE_NUMBER
constexpr Sql kNumberInUse{
    "numbers.in_use",
    "SELECT 1 FROM products WHERE msisdn = $1 AND status IN ('active', 'suspended') "
    "UNION ALL SELECT 1 FROM port_ins WHERE msisdn = $1 AND status = 'inProgress' LIMIT 1"};

// The number's row serialises a port with loads of the same number: the
// second INSERT waits for the first transaction, then finds the row.
constexpr Sql kHoldPortedNumber{
    "numbers.hold_ported",
    "INSERT INTO numbers (msisdn, status, product_id, created_at, updated_at) "
    "VALUES ($1, 'portingIn', $2, $3, $3) ON CONFLICT DO NOTHING"};
constexpr Sql kClaimPortedNumber{
    "numbers.claim_ported",
    "UPDATE numbers SET status = 'active', product_id = $2, updated_at = $3 WHERE msisdn = $1 "
    "AND (status = 'inStock' OR (status = 'portingIn' AND product_id = $2))"};
constexpr Sql kReleasePortedNumber{
    "numbers.release_ported",
    "DELETE FROM numbers WHERE msisdn = $1 AND status = 'portingIn' AND product_id = $2"};

// ---- lines ----

#define LINE_COLUMNS ABONADO_LINE_COLUMNS
constexpr Sql kInsertLine{
    "lines.insert",
    "INSERT INTO products (id, party_id, customer_id, msisdn, iccid, status, offering_id, "
    "holder_doc, activation_channel, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"};
constexpr Sql kSetLineMsisdn{"lines.set_msisdn",
                             "UPDATE products SET msisdn = $2, updated_at = $3 WHERE id = $1"};
constexpr Sql kMoveLine{
    "lines.move", "UPDATE products SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2"};
constexpr Sql kInsertHolder{
    "line_holders.insert",
    "INSERT INTO line_holders (holder_doc, party_id, created_at) VALUES ($1, $2, $3) "
    "ON CONFLICT DO NOTHING"};
// SQLite runs one write transaction at a time: the row needs no lock there.
constexpr Sql kLockHolder{"line_holders.lock",
                          "SELECT holder_doc FROM line_holders WHERE holder_doc = $1",
                          "SELECT holder_doc FROM line_holders WHERE holder_doc = $1 FOR UPDATE"};
constexpr Sql kLiveLines{
    "lines.live_of_holder",
    "SELECT COUNT(*) FROM products WHERE holder_doc = $1 AND status IN ('active', 'suspended')"};
#define LINE_FILTER                                                                    \
  "FROM products WHERE ($1 IS NULL OR party_id = $1) AND ($2 IS NULL OR status = $2) " \
  "AND ($3 IS NULL OR msisdn = $3)"
#define LINE_FILTER_PG                                                                \
  "FROM products WHERE ($1::text IS NULL OR party_id = $1) AND ($2::text IS NULL OR " \
  "status = $2) AND ($3::text IS NULL OR msisdn = $3)"
constexpr Sql kListLines{
    "lines.list",
    "SELECT " LINE_COLUMNS " " LINE_FILTER " ORDER BY created_at, id LIMIT $4 OFFSET $5",
    "SELECT " LINE_COLUMNS " " LINE_FILTER_PG " ORDER BY created_at, id LIMIT $4 OFFSET $5"};
constexpr Sql kCountLines{"lines.count", "SELECT COUNT(*) " LINE_FILTER,
                          "SELECT COUNT(*) " LINE_FILTER_PG};
#undef LINE_FILTER
#undef LINE_FILTER_PG
constexpr Sql kLinesOfParties{
    "lines.of_parties",
    "SELECT " LINE_COLUMNS
    " FROM products WHERE party_id IN (SELECT value FROM json_each($1)) "
    "ORDER BY created_at, id",
    "SELECT " LINE_COLUMNS
    " FROM products WHERE party_id IN "
    "(SELECT json_array_elements_text($1::json)) ORDER BY created_at, id"};
#undef LINE_COLUMNS

// ---- activations ----

#define ACTIVATION_COLUMNS                                                                  \
  "id, party_id, holder_doc, iccid, msisdn, channel, status, product_id, session_ends_at, " \
  "closed_at, agent_id, created_at, updated_at, activated_at"
constexpr Sql kInsertActivation{
    "activations.insert", "INSERT INTO activations (" ACTIVATION_COLUMNS
                          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"};
constexpr Sql kSelectActivation{"activations.select",
                                "SELECT " ACTIVATION_COLUMNS " FROM activations WHERE id = $1"};
constexpr Sql kLockActivation{
    "activations.lock", "SELECT " ACTIVATION_COLUMNS " FROM activations WHERE id = $1",
    "SELECT " ACTIVATION_COLUMNS " FROM activations WHERE id = $1 FOR UPDATE"};
// Matched since $3, and its line still active with the activation's number
// (not ended, nor given a ported number whose temporary one went back to stock).
constexpr Sql kMatchedActivation{
    "activations.matched_of_party_sim",
    "SELECT " ACTIVATION_COLUMNS
    " FROM activations WHERE party_id = $1 AND iccid = $2 AND status = 'active' "
    "AND activated_at >= $3 AND EXISTS (SELECT 1 FROM products WHERE products.id = "
    "activations.product_id AND products.status = 'active' AND products.msisdn = "
    "activations.msisdn) ORDER BY created_at DESC LIMIT 1"};
constexpr Sql kPendingActivationOfSim{
    "activations.pending_of_sim",
    "SELECT " ACTIVATION_COLUMNS
    " FROM activations WHERE iccid = $1 AND status = 'pendingBiometric'",
    "SELECT " ACTIVATION_COLUMNS
    " FROM activations WHERE iccid = $1 AND status = 'pendingBiometric' FOR UPDATE"};
#undef ACTIVATION_COLUMNS
constexpr Sql kUpdateActivation{
    "activations.update",
    "UPDATE activations SET status = $2, session_ends_at = $3, closed_at = $4, updated_at = $5, "
    "activated_at = $6 WHERE id = $1"};
// FL-1's report: the activations matched in [from, to), optionally one leader's,
// with the leader's name (agents are the platform's, migration 0001).
constexpr Sql kActivationTimes{
    "activations.times",
    "SELECT a.agent_id, g.display_name, a.created_at, a.activated_at FROM activations a "
    "LEFT JOIN agents g ON g.id = a.agent_id "
    "WHERE a.activated_at >= $1 AND a.activated_at < $2 AND ($3 IS NULL OR a.agent_id = $3) "
    "ORDER BY a.activated_at",
    "SELECT a.agent_id, g.display_name, a.created_at, a.activated_at FROM activations a "
    "LEFT JOIN agents g ON g.id = a.agent_id "
    "WHERE a.activated_at >= $1 AND a.activated_at < $2 "
    "AND ($3::text IS NULL OR a.agent_id = $3) ORDER BY a.activated_at"};
constexpr Sql kStaleActivations{
    "activations.stale",
    "SELECT id FROM activations WHERE status = 'pendingBiometric' AND created_at < $1 "
    "ORDER BY created_at LIMIT $2"};
constexpr Sql kRejectedActivation{
    "activations.rejected_of_party",
    "SELECT 1 FROM activations WHERE party_id = $1 AND status = 'rejected' LIMIT 1"};
constexpr Sql kFailures{
    "biometric_attempts.failures",
    "SELECT COUNT(*) FROM biometric_attempts WHERE holder_doc = $1 AND msisdn = $2 "
    "AND result = 'noMatch'"};
constexpr Sql kInsertAttempt{
    "biometric_attempts.insert",
    "INSERT INTO biometric_attempts (id, activation_id, party_id, holder_doc, msisdn, result, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"};

// ---- form requests ----

#define REQUEST_COLUMNS                                                                        \
  "id, party_id, holder_doc, category, iccid, documents, status, due_at, reason, product_id, " \
  "msisdn, created_by, decided_by, decided_at, created_at, updated_at"
constexpr Sql kInsertRequest{
    "activation_requests.insert",
    "INSERT INTO activation_requests (" REQUEST_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"};
constexpr Sql kSelectRequest{"activation_requests.select",
                             "SELECT " REQUEST_COLUMNS " FROM activation_requests WHERE id = $1"};
constexpr Sql kLockRequest{
    "activation_requests.lock", "SELECT " REQUEST_COLUMNS " FROM activation_requests WHERE id = $1",
    "SELECT " REQUEST_COLUMNS " FROM activation_requests WHERE id = $1 FOR UPDATE"};
constexpr Sql kListRequests{"activation_requests.list",
                            "SELECT " REQUEST_COLUMNS
                            " FROM activation_requests WHERE ($1 IS NULL OR status = $1) "
                            "ORDER BY due_at, id LIMIT $2 OFFSET $3",
                            "SELECT " REQUEST_COLUMNS
                            " FROM activation_requests WHERE ($1::text IS NULL OR status = $1) "
                            "ORDER BY due_at, id LIMIT $2 OFFSET $3"};
#undef REQUEST_COLUMNS
constexpr Sql kCountRequests{
    "activation_requests.count",
    "SELECT COUNT(*) FROM activation_requests WHERE ($1 IS NULL OR status = $1)",
    "SELECT COUNT(*) FROM activation_requests WHERE ($1::text IS NULL OR status = $1)"};
constexpr Sql kUpdateRequest{
    "activation_requests.update",
    "UPDATE activation_requests SET status = $2, reason = $3, msisdn = $4, decided_by = $5, "
    "decided_at = $6, updated_at = $7 WHERE id = $1"};

// ---- ports in ----

#define PORT_COLUMNS                                                                    \
  "id, party_id, product_id, msisdn, temporary_msisdn, donor_operator, activation_id, " \
  "status, due_at, completed_at, reason, created_by, created_at, updated_at"
constexpr Sql kInsertPort{"port_ins.insert",
                          "INSERT INTO port_ins (" PORT_COLUMNS
                          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"};
constexpr Sql kSelectPort{"port_ins.select", "SELECT " PORT_COLUMNS " FROM port_ins WHERE id = $1"};
constexpr Sql kLockPort{"port_ins.lock", "SELECT " PORT_COLUMNS " FROM port_ins WHERE id = $1",
                        "SELECT " PORT_COLUMNS " FROM port_ins WHERE id = $1 FOR UPDATE"};
constexpr Sql kPortsOfLine{
    "port_ins.of_line", "SELECT " PORT_COLUMNS
                        " FROM port_ins WHERE product_id = $1 ORDER BY created_at DESC, id DESC"};
#undef PORT_COLUMNS
constexpr Sql kPortOpenForNumber{
    "port_ins.open_for_number",
    "SELECT 1 FROM port_ins WHERE msisdn = $1 AND status = 'inProgress' LIMIT 1"};
constexpr Sql kPortOpenForLine{
    "port_ins.open_for_line",
    "SELECT 1 FROM port_ins WHERE product_id = $1 AND status = 'inProgress' LIMIT 1"};
// PIN checks of one number take turns (PostgreSQL; SQLite has one writer):
// parallel guesses must each see the others' attempts.
constexpr Sql kPinTurn{"port_pin_attempts.turn", "SELECT $1",
                       "SELECT pg_advisory_xact_lock(hashtext('port_pin:' || $1))"};
constexpr Sql kPinAttemptsSince{"port_pin_attempts.since",
                                "SELECT COUNT(*), MIN(created_at) FROM port_pin_attempts WHERE "
                                "msisdn = $1 AND created_at > $2"};
constexpr Sql kInsertPinAttempt{
    "port_pin_attempts.insert",
    "INSERT INTO port_pin_attempts (id, msisdn, product_id, agent_id, created_at) "
    "VALUES ($1, $2, $3, $4, $5)"};
constexpr Sql kPurgePinAttempts{"port_pin_attempts.purge",
                                "DELETE FROM port_pin_attempts WHERE created_at <= $1"};
constexpr Sql kDeletePinAttempt{"port_pin_attempts.delete",
                                "DELETE FROM port_pin_attempts WHERE id = $1"};
constexpr Sql kPortDoneForLine{
    "port_ins.done_for_line",
    "SELECT 1 FROM port_ins WHERE product_id = $1 AND status = 'completed' LIMIT 1"};
constexpr Sql kDuePorts{"port_ins.due",
                        "SELECT id FROM port_ins WHERE status = 'inProgress' AND due_at <= $1 "
                        "ORDER BY due_at, id LIMIT $2"};
constexpr Sql kUpdatePort{
    "port_ins.update",
    "UPDATE port_ins SET status = $2, completed_at = $3, reason = $4, updated_at = $5 "
    "WHERE id = $1"};

Activation activation_from(const store::Row& r) {
  Activation a;
  a.id = r.str(0);
  a.party_id = r.str(1);
  a.holder_doc = r.str(2);
  a.iccid = r.str(3);
  a.msisdn = r.str(4);
  a.channel = r.str(5);
  a.status = r.str(6);
  a.product_id = r.str(7);
  a.session_ends_at = store::opt_time(r, 8);
  a.closed_at = store::opt_time(r, 9);
  a.agent_id = r.opt_str(10);
  a.created_at = from_epoch_ms(r.i64(11));
  a.updated_at = from_epoch_ms(r.i64(12));
  a.activated_at = store::opt_time(r, 13);
  return a;
}

std::string join_ids(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += ',';
    out += id;
  }
  return out;
}

std::vector<std::string> split_ids(const std::string& text) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from < text.size()) {
    auto comma = text.find(',', from);
    if (comma == std::string::npos) comma = text.size();
    out.push_back(text.substr(from, comma - from));
    from = comma + 1;
  }
  return out;
}

ActivationRequest request_from(const store::Row& r) {
  ActivationRequest q;
  q.id = r.str(0);
  q.party_id = r.str(1);
  q.holder_doc = r.str(2);
  q.category = r.str(3);
  q.iccid = r.str(4);
  q.documents = split_ids(r.str(5));
  q.status = r.str(6);
  q.due_at = from_epoch_ms(r.i64(7));
  q.reason = r.opt_str(8);
  q.product_id = r.str(9);
  q.msisdn = r.opt_str(10);
  q.created_by = r.opt_str(11);
  q.decided_by = r.opt_str(12);
  q.decided_at = store::opt_time(r, 13);
  q.created_at = from_epoch_ms(r.i64(14));
  q.updated_at = from_epoch_ms(r.i64(15));
  return q;
}

PortIn port_from(const store::Row& r) {
  PortIn p;
  p.id = r.str(0);
  p.party_id = r.str(1);
  p.product_id = r.str(2);
  p.msisdn = r.str(3);
  p.temporary_msisdn = r.str(4);
  p.donor_operator = r.str(5);
  p.activation_id = r.opt_str(6);
  p.status = r.str(7);
  p.due_at = from_epoch_ms(r.i64(8));
  p.completed_at = store::opt_time(r, 9);
  p.reason = r.opt_str(10);
  p.created_by = r.opt_str(11);
  p.created_at = from_epoch_ms(r.i64(12));
  p.updated_at = from_epoch_ms(r.i64(13));
  return p;
}

std::optional<StockItem> stock_item(std::optional<store::Row> row) {
  if (!row) return std::nullopt;
  return StockItem{row->str(0), row->str(1), row->opt_str(2)};
}

// `ids` as a JSON array of strings. The ids come from our own rows (UUIDs):
// quotes and backslashes are escaped all the same.
std::string json_array(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (const auto& id : ids) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char ch : id) {
      if (ch == '"' || ch == '\\') out += '\\';
      if (static_cast<unsigned char>(ch) >= 0x20) out += ch;
    }
    out += '"';
  }
  return out + "]";
}

}  // namespace

bool insert_sim(store::Tx& tx, const std::string& iccid, TimePoint at) {
  return tx.exec(kInsertSim, {iccid, to_epoch_ms(at)}) > 0;
}

bool insert_number(store::Tx& tx, const std::string& e164, TimePoint at) {
  return tx.exec(kInsertNumber, {e164, to_epoch_ms(at)}) > 0;
}

std::optional<StockItem> find_sim(store::Tx& tx, const std::string& iccid) {
  return stock_item(tx.query_one(kSelectSim, {iccid}));
}

std::optional<StockItem> find_number(store::Tx& tx, const std::string& e164) {
  return stock_item(tx.query_one(kSelectNumber, {e164}));
}

bool move_sim(store::Tx& tx, const std::string& iccid, std::string_view from, std::string_view to,
              const std::optional<std::string>& product_id, TimePoint at) {
  return tx.exec(kMoveSim, {iccid, from, to, product_id, to_epoch_ms(at)}) > 0;
}

bool move_number(store::Tx& tx, const std::string& e164, std::string_view from, std::string_view to,
                 const std::optional<std::string>& product_id, TimePoint at) {
  return tx.exec(kMoveNumber, {e164, from, to, product_id, to_epoch_ms(at)}) > 0;
}

void return_number(store::Tx& tx, const std::string& e164, TimePoint at, TimePoint available) {
  tx.exec(kReturnNumber, {e164, to_epoch_ms(at), to_epoch_ms(available)});
}

std::optional<std::string> free_number(store::Tx& tx, const std::string& holder_doc,
                                       int max_failures, TimePoint now) {
  auto row = tx.query_one(kFreeNumber, {holder_doc, max_failures, to_epoch_ms(now)});
  if (!row) return std::nullopt;
  return row->str(0);
}

bool number_in_use(store::Tx& tx, const std::string& e164) {
  return tx.query_one(kNumberInUse, {e164}).has_value();
}

bool hold_ported_number(store::Tx& tx, const std::string& e164, const std::string& product_id,
                        TimePoint at) {
  return tx.exec(kHoldPortedNumber, {e164, product_id, to_epoch_ms(at)}) > 0;
}

bool claim_ported_number(store::Tx& tx, const std::string& e164, const std::string& product_id,
                         TimePoint at) {
  return tx.exec(kClaimPortedNumber, {e164, product_id, to_epoch_ms(at)}) > 0;
}

void release_ported_number(store::Tx& tx, const std::string& e164, const std::string& product_id) {
  tx.exec(kReleasePortedNumber, {e164, product_id});
}

void insert_line(store::Tx& tx, const NewLine& n) {
  const Line& l = n.line;
  tx.exec(kInsertLine,
          {l.id, l.party_id, l.customer_id, l.msisdn, l.iccid, l.status, l.offering_id,
           n.holder_doc, n.channel, to_epoch_ms(l.created_at), to_epoch_ms(l.updated_at)});
}

void set_line_msisdn(store::Tx& tx, const std::string& id, const std::string& e164, TimePoint at) {
  tx.exec(kSetLineMsisdn, {id, e164, to_epoch_ms(at)});
}

bool move_line(store::Tx& tx, const std::string& id, std::string_view from, std::string_view to,
               TimePoint at) {
  return tx.exec(kMoveLine, {id, from, to, to_epoch_ms(at)}) > 0;
}

void lock_holder(store::Tx& tx, const std::string& holder_doc, const std::string& party_id,
                 TimePoint at) {
  tx.exec(kInsertHolder, {holder_doc, party_id, to_epoch_ms(at)});
  tx.query(kLockHolder, {holder_doc});
}

std::int64_t live_lines(store::Tx& tx, const std::string& holder_doc) {
  return tx.query_one(kLiveLines, {holder_doc})->i64(0);
}

std::pair<std::vector<Line>, std::int64_t> list_lines(store::Tx& tx, const LineFilter& f) {
  std::vector<Line> out;
  for (const auto& r : tx.query(kListLines, {f.party_id, f.status, f.msisdn, f.limit, f.offset})) {
    out.push_back(line_from(r));
  }
  return {std::move(out), tx.query_one(kCountLines, {f.party_id, f.status, f.msisdn})->i64(0)};
}

std::vector<std::vector<Line>> lines_of_parties(store::Tx& tx,
                                                const std::vector<std::string>& party_ids) {
  std::vector<std::vector<Line>> out(party_ids.size());
  if (party_ids.empty()) return out;
  std::unordered_map<std::string, std::size_t> slot;
  for (std::size_t i = 0; i < party_ids.size(); ++i) slot.emplace(party_ids[i], i);
  for (const auto& r : tx.query(kLinesOfParties, {json_array(party_ids)})) {
    Line l = line_from(r);
    if (auto it = slot.find(l.party_id); it != slot.end()) out[it->second].push_back(std::move(l));
  }
  return out;
}

void insert_activation(store::Tx& tx, const Activation& a) {
  tx.exec(kInsertActivation,
          {a.id, a.party_id, a.holder_doc, a.iccid, a.msisdn, a.channel, a.status, a.product_id,
           store::opt_epoch_ms(a.session_ends_at), store::opt_epoch_ms(a.closed_at), a.agent_id,
           to_epoch_ms(a.created_at), to_epoch_ms(a.updated_at),
           store::opt_epoch_ms(a.activated_at)});
}

std::optional<Activation> load_activation(store::Tx& tx, const std::string& id, bool lock) {
  auto row = tx.query_one(lock ? kLockActivation : kSelectActivation, {id});
  if (!row) return std::nullopt;
  return activation_from(*row);
}

std::optional<Activation> pending_activation_of_sim(store::Tx& tx, const std::string& iccid) {
  auto row = tx.query_one(kPendingActivationOfSim, {iccid});
  if (!row) return std::nullopt;
  return activation_from(*row);
}

std::optional<Activation> matched_activation(store::Tx& tx, const std::string& party_id,
                                             const std::string& iccid, TimePoint since) {
  auto row = tx.query_one(kMatchedActivation, {party_id, iccid, to_epoch_ms(since)});
  if (!row) return std::nullopt;
  return activation_from(*row);
}

void update_activation(store::Tx& tx, const Activation& a) {
  tx.exec(kUpdateActivation, {a.id, a.status, store::opt_epoch_ms(a.session_ends_at),
                              store::opt_epoch_ms(a.closed_at), to_epoch_ms(a.updated_at),
                              store::opt_epoch_ms(a.activated_at)});
}

std::vector<ActivationTime> activation_times(store::Tx& tx, TimePoint from, TimePoint to,
                                             const std::optional<std::string>& agent_id) {
  std::vector<ActivationTime> out;
  for (const auto& r : tx.query(kActivationTimes, {to_epoch_ms(from), to_epoch_ms(to), agent_id})) {
    out.push_back({r.opt_str(0), r.opt_str(1).value_or(""), from_epoch_ms(r.i64(2)),
                   from_epoch_ms(r.i64(3))});
  }
  return out;
}

std::vector<std::string> stale_activations(store::Tx& tx, TimePoint cutoff, int limit) {
  std::vector<std::string> out;
  for (const auto& r : tx.query(kStaleActivations, {to_epoch_ms(cutoff), limit})) {
    out.push_back(r.str(0));
  }
  return out;
}

bool party_has_rejected_activation(store::Tx& tx, const std::string& party_id) {
  return tx.query_one(kRejectedActivation, {party_id}).has_value();
}

std::int64_t biometric_failures(store::Tx& tx, const std::string& holder_doc,
                                const std::string& msisdn) {
  return tx.query_one(kFailures, {holder_doc, msisdn})->i64(0);
}

void insert_attempt(store::Tx& tx, const Activation& a, bool match, TimePoint at) {
  tx.exec(kInsertAttempt, {new_id(at), a.id, a.party_id, a.holder_doc, a.msisdn,
                           match ? "match" : "noMatch", to_epoch_ms(at)});
}

void insert_request(store::Tx& tx, const ActivationRequest& r) {
  tx.exec(
      kInsertRequest,
      {r.id, r.party_id, r.holder_doc, r.category, r.iccid, join_ids(r.documents), r.status,
       to_epoch_ms(r.due_at), r.reason, r.product_id, r.msisdn, r.created_by, r.decided_by,
       store::opt_epoch_ms(r.decided_at), to_epoch_ms(r.created_at), to_epoch_ms(r.updated_at)});
}

std::optional<ActivationRequest> load_request(store::Tx& tx, const std::string& id, bool lock) {
  auto row = tx.query_one(lock ? kLockRequest : kSelectRequest, {id});
  if (!row) return std::nullopt;
  return request_from(*row);
}

void update_request(store::Tx& tx, const ActivationRequest& r) {
  tx.exec(kUpdateRequest, {r.id, r.status, r.reason, r.msisdn, r.decided_by,
                           store::opt_epoch_ms(r.decided_at), to_epoch_ms(r.updated_at)});
}

std::pair<std::vector<ActivationRequest>, std::int64_t> list_requests(
    store::Tx& tx, const std::optional<std::string>& status, std::int64_t offset,
    std::int64_t limit) {
  std::vector<ActivationRequest> out;
  for (const auto& r : tx.query(kListRequests, {status, limit, offset})) {
    out.push_back(request_from(r));
  }
  return {std::move(out), tx.query_one(kCountRequests, {status})->i64(0)};
}

void insert_port(store::Tx& tx, const PortIn& p) {
  tx.exec(kInsertPort,
          {p.id, p.party_id, p.product_id, p.msisdn, p.temporary_msisdn, p.donor_operator,
           p.activation_id, p.status, to_epoch_ms(p.due_at), store::opt_epoch_ms(p.completed_at),
           p.reason, p.created_by, to_epoch_ms(p.created_at), to_epoch_ms(p.updated_at)});
}

std::optional<PortIn> load_port(store::Tx& tx, const std::string& id, bool lock) {
  auto row = tx.query_one(lock ? kLockPort : kSelectPort, {id});
  if (!row) return std::nullopt;
  return port_from(*row);
}

bool port_open_for_number(store::Tx& tx, const std::string& e164) {
  return tx.query_one(kPortOpenForNumber, {e164}).has_value();
}

std::vector<PortIn> ports_of_line(store::Tx& tx, const std::string& product_id) {
  std::vector<PortIn> out;
  for (const auto& r : tx.query(kPortsOfLine, {product_id})) out.push_back(port_from(r));
  return out;
}

void pin_turn(store::Tx& tx, const std::string& e164) { tx.query(kPinTurn, {e164}); }

PinAttempts pin_attempts_since(store::Tx& tx, const std::string& e164, TimePoint since) {
  auto row = tx.query_one(kPinAttemptsSince, {e164, to_epoch_ms(since)});
  PinAttempts out;
  out.count = row->i64(0);
  if (!row->is_null(1)) out.oldest = from_epoch_ms(row->i64(1));
  return out;
}

void insert_pin_attempt(store::Tx& tx, const std::string& id, const std::string& e164,
                        const std::string& product_id, const std::optional<std::string>& agent_id,
                        TimePoint at) {
  tx.exec(kInsertPinAttempt, {id, e164, product_id, agent_id, to_epoch_ms(at)});
}

void delete_pin_attempt(store::Tx& tx, const std::string& id) { tx.exec(kDeletePinAttempt, {id}); }

std::int64_t purge_pin_attempts(store::Tx& tx, TimePoint until) {
  return tx.exec(kPurgePinAttempts, {to_epoch_ms(until)});
}

bool port_open_for_line(store::Tx& tx, const std::string& product_id) {
  return tx.query_one(kPortOpenForLine, {product_id}).has_value();
}

bool port_done_for_line(store::Tx& tx, const std::string& product_id) {
  return tx.query_one(kPortDoneForLine, {product_id}).has_value();
}

std::vector<std::string> due_ports(store::Tx& tx, TimePoint now, int limit) {
  std::vector<std::string> out;
  for (const auto& r : tx.query(kDuePorts, {to_epoch_ms(now), limit})) out.push_back(r.str(0));
  return out;
}

void update_port(store::Tx& tx, const PortIn& p) {
  tx.exec(kUpdatePort, {p.id, p.status, store::opt_epoch_ms(p.completed_at), p.reason,
                        to_epoch_ms(p.updated_at)});
}

}  // namespace abonado::lines::repo
