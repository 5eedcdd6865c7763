#include "balance/repo.hpp"

#include <nlohmann/json.hpp>

#include "store/time_columns.hpp"

namespace abonado::balance::repo {
namespace {

using store::Sql;

#define BUCKET_COLUMNS                                                                        \
  "id, product_id, party_id, usage_type, scope, units, remaining, offering_id, purchase_id, " \
  "valid_from, valid_to, created_at, updated_at"
constexpr Sql kInsertBucket{
    "bucket.insert",
    "INSERT INTO balance_buckets (" BUCKET_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9, $10, $11, $11) ON CONFLICT DO NOTHING"};
constexpr Sql kSelectBucket{"bucket.select",
                            "SELECT " BUCKET_COLUMNS " FROM balance_buckets WHERE id = $1"};
constexpr Sql kMainBucket{"bucket.main", "SELECT " BUCKET_COLUMNS
                                         " FROM balance_buckets WHERE product_id = $1 "
                                         "AND usage_type = 'monetary'"};
constexpr Sql kBucketsOf{"bucket.of_product",
                         "SELECT " BUCKET_COLUMNS
                         " FROM balance_buckets WHERE product_id = $1 "
                         "ORDER BY CASE WHEN usage_type = 'monetary' THEN 0 ELSE 1 END, "
                         "created_at, id LIMIT $2 OFFSET $3"};
constexpr Sql kLiveBucketsOf{"bucket.live_of_product",
                             "SELECT " BUCKET_COLUMNS
                             " FROM balance_buckets WHERE product_id = $1 "
                             "AND (usage_type = 'monetary' OR (remaining > 0 AND valid_to > $2)) "
                             "ORDER BY CASE WHEN usage_type = 'monetary' THEN 0 ELSE 1 END, "
                             "valid_to, id LIMIT $3 OFFSET $4"};
constexpr Sql kCountLiveBucketsOf{
    "bucket.count_live_of_product",
    "SELECT COUNT(*) FROM balance_buckets WHERE product_id = $1 "
    "AND (usage_type = 'monetary' OR (remaining > 0 AND valid_to > $2))"};
// Locked on PostgreSQL: two usage records of one line rated at once take turns (SQLite's one
// writer serialises them anyway).
#define USABLE_ALLOWANCES                                            \
  "SELECT " BUCKET_COLUMNS                                           \
  " FROM balance_buckets WHERE product_id = $1 AND usage_type = $2 " \
  "AND remaining > 0 AND valid_from <= $3 AND valid_to > $3 ORDER BY valid_to, id"
constexpr Sql kUsableAllowances{"bucket.usable_allowances", USABLE_ALLOWANCES,
                                USABLE_ALLOWANCES " FOR UPDATE"};
#undef USABLE_ALLOWANCES
constexpr Sql kCountBucketsOf{"bucket.count_of_product",
                              "SELECT COUNT(*) FROM balance_buckets WHERE product_id = $1"};
constexpr Sql kBucketsOfPurchase{"bucket.of_purchase",
                                 "SELECT " BUCKET_COLUMNS
                                 " FROM balance_buckets WHERE purchase_id = $1 ORDER BY id"};
#undef BUCKET_COLUMNS
// Never below zero: a debit the bucket cannot cover changes nothing.
constexpr Sql kChangeBucket{
    "bucket.change",
    "UPDATE balance_buckets SET remaining = remaining + $2, updated_at = $3 "
    "WHERE id = $1 AND remaining + $2 >= 0 RETURNING remaining, product_id, party_id"};
constexpr Sql kInsertLedger{
    "ledger.insert",
    "INSERT INTO balance_ledger (id, bucket_id, product_id, party_id, amount, balance_after, "
    "reason, ref_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};

#define TOPUP_COLUMNS                                                                       \
  "t.id, t.product_id, t.party_id, t.msisdn, t.amount, t.currency, t.channel, "             \
  "t.topup_agent_id, t.invoice_type, t.tax_id, t.payment_ref, t.auto_topup_id, "            \
  "t.balance_after, t.created_by, t.created_at, "                                           \
  "(SELECT b.id FROM balance_buckets b WHERE b.product_id = t.product_id AND b.usage_type " \
  "= 'monetary')"
constexpr Sql kInsertTopup{
    "topup.insert",
    "INSERT INTO topups (id, product_id, party_id, msisdn, amount, currency, channel, "
    "topup_agent_id, invoice_type, tax_id, payment_ref, auto_topup_id, balance_after, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
    "$14, $15)"};
constexpr Sql kSelectTopup{"topup.select",
                           "SELECT " TOPUP_COLUMNS " FROM topups t WHERE t.id = $1"};
// A line's top-ups through its main balance's ledger (every top-up credits the
// main balance; topups has no index by line, migration 0015).
#define MAIN_LEDGER_TOPUPS                                                           \
  " FROM balance_ledger l JOIN topups t ON t.id = l.ref_id "                         \
  "WHERE l.bucket_id = (SELECT b.id FROM balance_buckets b WHERE b.product_id = $1 " \
  "AND b.usage_type = 'monetary') AND l.reason = 'topup'"
constexpr Sql kTopupsOf{"topup.of_product",
                        "SELECT " TOPUP_COLUMNS MAIN_LEDGER_TOPUPS
                        " ORDER BY l.created_at DESC, t.id DESC LIMIT $2 OFFSET $3"};
constexpr Sql kCountTopupsOf{"topup.count_of_product", "SELECT COUNT(*)" MAIN_LEDGER_TOPUPS};
#undef MAIN_LEDGER_TOPUPS
#undef TOPUP_COLUMNS

#define AUTO_COLUMNS                                                                       \
  "id, product_id, party_id, period, amount, channel, invoice_type, tax_id, payment_ref, " \
  "status, next_run_at, created_by, created_at, updated_at"
constexpr Sql kInsertAuto{"auto_topup.insert",
                          "INSERT INTO auto_topups (" AUTO_COLUMNS
                          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                          "$14)"};
constexpr Sql kSelectAuto{"auto_topup.select",
                          "SELECT " AUTO_COLUMNS " FROM auto_topups WHERE id = $1"};
// The job that runs a schedule and an agent cancelling it take turns (PostgreSQL): the
// job must not write back the "active" it read before the cancel committed.
constexpr Sql kLockAuto{"auto_topup.lock", "SELECT " AUTO_COLUMNS " FROM auto_topups WHERE id = $1",
                        "SELECT " AUTO_COLUMNS " FROM auto_topups WHERE id = $1 FOR UPDATE"};
// A plan's end and a purchase of the line take turns on the line's row (PostgreSQL).
constexpr Sql kLockProduct{"product.lock", "SELECT id FROM products WHERE id = $1",
                           "SELECT id FROM products WHERE id = $1 FOR UPDATE"};
// Locked (PostgreSQL) by a top-up that replaces it, before the balance: the schedule's own
// job locks the schedule and then the balance, in that order too.
constexpr Sql kActiveAuto{
    "auto_topup.active_of_product",
    "SELECT " AUTO_COLUMNS " FROM auto_topups WHERE product_id = $1 AND status = 'active'",
    "SELECT " AUTO_COLUMNS
    " FROM auto_topups WHERE product_id = $1 AND status = 'active' FOR UPDATE"};
constexpr Sql kAutosOf{"auto_topup.of_product",
                       "SELECT " AUTO_COLUMNS
                       " FROM auto_topups WHERE product_id = $1 ORDER BY created_at DESC, id DESC"};
constexpr Sql kUpdateAuto{
    "auto_topup.update",
    "UPDATE auto_topups SET status = $2, next_run_at = $3, updated_at = $4 WHERE id = $1"};
constexpr Sql kDueAutos{"auto_topup.due",
                        "SELECT " AUTO_COLUMNS
                        " FROM auto_topups WHERE status = 'active' AND next_run_at <= $1 "
                        "ORDER BY next_run_at, id LIMIT $2"};
#undef AUTO_COLUMNS
#define RUN_COLUMNS                                                                              \
  "product_id, period_start, auto_topup_id, outcome, topup_id, reason, created_at, charge_ref, " \
  "attempts, tried_at"
constexpr Sql kInsertRun{"auto_topup_run.insert",
                         "INSERT INTO auto_topup_runs (" RUN_COLUMNS
                         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                         "ON CONFLICT DO NOTHING"};
constexpr Sql kHasChargingRun{"auto_topup_run.has_charging",
                              "SELECT 1 FROM auto_topup_runs WHERE product_id = $1 "
                              "AND auto_topup_id = $2 AND outcome = 'charging' LIMIT 1"};
constexpr Sql kChargingRuns{"auto_topup_run.charging",
                            "SELECT " RUN_COLUMNS
                            " FROM auto_topup_runs WHERE outcome = 'charging' "
                            "ORDER BY created_at, product_id LIMIT $1"};
constexpr Sql kEndRun{"auto_topup_run.end",
                      "UPDATE auto_topup_runs SET outcome = $3, topup_id = $4, reason = $5, "
                      "charge_ref = $6, attempts = attempts + 1, tried_at = $7 "
                      "WHERE product_id = $1 AND period_start = $2 AND outcome = 'charging'"};
constexpr Sql kNoteTry{"auto_topup_run.note_try",
                       "UPDATE auto_topup_runs SET attempts = attempts + 1, reason = $3, "
                       "tried_at = $4 "
                       "WHERE product_id = $1 AND period_start = $2 AND outcome = 'charging'"};
constexpr Sql kLastRun{"auto_topup_run.last",
                       "SELECT " RUN_COLUMNS
                       " FROM auto_topup_runs WHERE product_id = $1 AND auto_topup_id = $2 "
                       "ORDER BY period_start DESC LIMIT 1"};
#undef RUN_COLUMNS

#define USAGE_COLUMNS                                                                   \
  "id, product_id, party_id, msisdn, usage_type, on_net, quantity, units, allowances, " \
  "tariff_quantity, charged, currency, usage_date, created_by, created_at"
constexpr Sql kInsertUsage{"usage.insert", "INSERT INTO usages (" USAGE_COLUMNS
                                           ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                                           "$11, $12, $13, $14, $15)"};
constexpr Sql kSelectUsage{"usage.select", "SELECT " USAGE_COLUMNS " FROM usages WHERE id = $1"};
constexpr Sql kUsagesOf{"usage.of_product", "SELECT " USAGE_COLUMNS
                                            " FROM usages WHERE product_id = $1 "
                                            "ORDER BY usage_date DESC, id DESC LIMIT $2 OFFSET $3"};
constexpr Sql kCountUsagesOf{"usage.count_of_product",
                             "SELECT COUNT(*) FROM usages WHERE product_id = $1"};
#undef USAGE_COLUMNS

#define PURCHASE_COLUMNS                                                                       \
  "id, product_id, party_id, offering_id, offering_kind, price, currency, channel, valid_to, " \
  "request_key, created_by, created_at"
constexpr Sql kInsertPurchase{"purchase.insert",
                              "INSERT INTO purchases (" PURCHASE_COLUMNS
                              ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"};
constexpr Sql kSelectPurchase{"purchase.select",
                              "SELECT " PURCHASE_COLUMNS " FROM purchases WHERE id = $1"};
constexpr Sql kPurchaseByKey{"purchase.by_request_key",
                             "SELECT " PURCHASE_COLUMNS " FROM purchases WHERE request_key = $1"};
constexpr Sql kPurchasesOf{"purchase.of_product",
                           "SELECT " PURCHASE_COLUMNS
                           " FROM purchases WHERE product_id = $1 "
                           "ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3"};
constexpr Sql kCountPurchasesOf{"purchase.count_of_product",
                                "SELECT COUNT(*) FROM purchases WHERE product_id = $1"};
constexpr Sql kEndedPlans{"purchase.ended_plans",
                          "SELECT " PURCHASE_COLUMNS
                          " FROM purchases WHERE offering_kind = 'plan' AND ended_at IS NULL "
                          "AND valid_to <= $1 ORDER BY valid_to, id LIMIT $2"};
#undef PURCHASE_COLUMNS
constexpr Sql kMarkPlanEnded{"purchase.mark_ended",
                             "UPDATE purchases SET ended_at = $2 WHERE id = $1"};
constexpr Sql kValidPlan{"purchase.valid_plan",
                         "SELECT 1 FROM purchases WHERE product_id = $1 AND offering_kind = 'plan' "
                         "AND valid_to > $2 LIMIT 1"};

#define AGENT_COLUMNS "id, name, brand, address, district, status, created_at, updated_at"
constexpr Sql kInsertAgent{"topup_agent.insert", "INSERT INTO topup_agents (" AGENT_COLUMNS
                                                 ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr Sql kSelectAgent{"topup_agent.select",
                           "SELECT " AGENT_COLUMNS " FROM topup_agents WHERE id = $1"};
constexpr Sql kMoveAgent{
    "topup_agent.move",
    "UPDATE topup_agents SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2"};
constexpr Sql kListAgents{
    "topup_agent.list",
    "SELECT " AGENT_COLUMNS
    " FROM topup_agents WHERE status = 'active' AND ($1 IS NULL OR district = $1) "
    "ORDER BY district, name, id LIMIT $2 OFFSET $3",
    "SELECT " AGENT_COLUMNS
    " FROM topup_agents WHERE status = 'active' AND ($1::text IS NULL OR district = $1) "
    "ORDER BY district, name, id LIMIT $2 OFFSET $3"};
constexpr Sql kCountAgents{
    "topup_agent.count",
    "SELECT COUNT(*) FROM topup_agents WHERE status = 'active' AND ($1 IS NULL OR district = $1)",
    "SELECT COUNT(*) FROM topup_agents WHERE status = 'active' "
    "AND ($1::text IS NULL OR district = $1)"};
#undef AGENT_COLUMNS

constexpr Sql kDeleteGatewayKeys{"ussd_key.delete_all", "DELETE FROM ussd_gateway_keys"};
constexpr Sql kInsertGatewayKey{
    "ussd_key.insert",
    "INSERT INTO ussd_gateway_keys (key_hash, created_by, created_at) VALUES ($1, $2, $3)"};
constexpr Sql kGatewayKeyExists{"ussd_key.exists",
                                "SELECT 1 FROM ussd_gateway_keys WHERE key_hash = $1"};

Bucket bucket_from(const store::Row& r) {
  Bucket b;
  b.id = r.str(0);
  b.product_id = r.str(1);
  b.party_id = r.str(2);
  b.usage_type = r.str(3);
  b.scope = r.opt_str(4);
  b.units = r.str(5);
  b.remaining = r.i64(6);
  b.offering_id = r.opt_str(7);
  b.purchase_id = r.opt_str(8);
  b.valid_from = from_epoch_ms(r.i64(9));
  b.valid_to = store::opt_time(r, 10);
  b.created_at = from_epoch_ms(r.i64(11));
  b.updated_at = from_epoch_ms(r.i64(12));
  return b;
}

Topup topup_from(const store::Row& r) {
  Topup t;
  t.id = r.str(0);
  t.product_id = r.str(1);
  t.party_id = r.str(2);
  t.msisdn = r.str(3);
  t.amount = r.i64(4);
  t.currency = r.str(5);
  t.channel = r.str(6);
  t.topup_agent_id = r.opt_str(7);
  t.invoice_type = r.str(8);
  t.tax_id = r.opt_str(9);
  t.payment_ref = r.opt_str(10);
  t.auto_topup_id = r.opt_str(11);
  t.balance_after = r.i64(12);
  t.created_by = r.opt_str(13);
  t.created_at = from_epoch_ms(r.i64(14));
  t.bucket_id = r.opt_str(15).value_or("");
  return t;
}

AutoTopup auto_from(const store::Row& r) {
  AutoTopup a;
  a.id = r.str(0);
  a.product_id = r.str(1);
  a.party_id = r.str(2);
  a.period = r.str(3);
  a.amount = r.i64(4);
  a.channel = r.str(5);
  a.invoice_type = r.str(6);
  a.tax_id = r.opt_str(7);
  a.payment_ref = r.opt_str(8);
  a.status = r.str(9);
  a.next_run_at = from_epoch_ms(r.i64(10));
  a.created_by = r.opt_str(11);
  a.created_at = from_epoch_ms(r.i64(12));
  a.updated_at = from_epoch_ms(r.i64(13));
  return a;
}

Run run_from(const store::Row& r) {
  Run run;
  run.product_id = r.str(0);
  run.period_start = from_epoch_ms(r.i64(1));
  run.auto_topup_id = r.str(2);
  run.outcome = r.str(3);
  run.topup_id = r.opt_str(4);
  run.reason = r.opt_str(5);
  run.created_at = from_epoch_ms(r.i64(6));
  run.charge_ref = r.opt_str(7);
  run.attempts = r.i64(8);
  run.tried_at = store::opt_time(r, 9);
  return run;
}

// allowances: [{"bucketId": "...", "quantity": 3}, ...]
std::string parts_text(const std::vector<UsagePart>& parts) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : parts) out.push_back({{"bucketId", p.bucket_id}, {"quantity", p.quantity}});
  return out.dump();
}

std::vector<UsagePart> parts_from(const std::string& text) {
  std::vector<UsagePart> out;
  for (const auto& p : nlohmann::json::parse(text)) {
    out.push_back({p.at("bucketId").get<std::string>(), p.at("quantity").get<std::int64_t>()});
  }
  return out;
}

Usage usage_from(const store::Row& r) {
  Usage u;
  u.id = r.str(0);
  u.product_id = r.str(1);
  u.party_id = r.str(2);
  u.msisdn = r.str(3);
  u.usage_type = r.str(4);
  u.on_net = r.i64(5) != 0;
  u.quantity = r.i64(6);
  u.units = r.str(7);
  u.allowances = parts_from(r.str(8));
  u.tariff_quantity = r.i64(9);
  u.charged = r.i64(10);
  u.currency = r.str(11);
  u.usage_date = from_epoch_ms(r.i64(12));
  u.created_by = r.opt_str(13);
  u.created_at = from_epoch_ms(r.i64(14));
  return u;
}

Purchase purchase_from(const store::Row& r) {
  Purchase p;
  p.id = r.str(0);
  p.product_id = r.str(1);
  p.party_id = r.str(2);
  p.offering_id = r.str(3);
  p.offering_kind = r.str(4);
  p.price = r.i64(5);
  p.currency = r.str(6);
  p.channel = r.str(7);
  p.valid_to = from_epoch_ms(r.i64(8));
  p.request_key = r.opt_str(9);
  p.created_by = r.opt_str(10);
  p.created_at = from_epoch_ms(r.i64(11));
  return p;
}

TopupAgent agent_from(const store::Row& r) {
  TopupAgent a;
  a.id = r.str(0);
  a.name = r.str(1);
  a.brand = r.str(2);
  a.address = r.str(3);
  a.district = r.str(4);
  a.status = r.str(5);
  a.created_at = from_epoch_ms(r.i64(6));
  a.updated_at = from_epoch_ms(r.i64(7));
  return a;
}

template <typename T, typename From>
std::vector<T> all(const store::Rows& rows, From from) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from(r));
  return out;
}

}  // namespace

bool insert_bucket(store::Tx& tx, const Bucket& b) {
  return tx.exec(kInsertBucket, {b.id, b.product_id, b.party_id, b.usage_type, b.scope, b.units,
                                 b.offering_id, b.purchase_id, to_epoch_ms(b.valid_from),
                                 store::opt_epoch_ms(b.valid_to), to_epoch_ms(b.created_at)}) > 0;
}

std::optional<Bucket> find_bucket(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kSelectBucket, {id});
  if (!row) return std::nullopt;
  return bucket_from(*row);
}

std::optional<Bucket> main_bucket(store::Tx& tx, const std::string& product_id) {
  auto row = tx.query_one(kMainBucket, {product_id});
  if (!row) return std::nullopt;
  return bucket_from(*row);
}

std::pair<std::vector<Bucket>, std::int64_t> buckets_of(store::Tx& tx,
                                                        const std::string& product_id,
                                                        std::int64_t offset, std::int64_t limit) {
  auto items = all<Bucket>(tx.query(kBucketsOf, {product_id, limit, offset}), bucket_from);
  return {std::move(items), tx.query_one(kCountBucketsOf, {product_id})->i64(0)};
}

std::pair<std::vector<Bucket>, std::int64_t> live_buckets_of(store::Tx& tx,
                                                             const std::string& product_id,
                                                             TimePoint now, std::int64_t offset,
                                                             std::int64_t limit) {
  auto at = to_epoch_ms(now);
  auto items = all<Bucket>(tx.query(kLiveBucketsOf, {product_id, at, limit, offset}), bucket_from);
  return {std::move(items), tx.query_one(kCountLiveBucketsOf, {product_id, at})->i64(0)};
}

std::optional<std::int64_t> change_bucket(store::Tx& tx, const Change& c) {
  auto row = tx.query_one(kChangeBucket, {c.bucket_id, c.amount, to_epoch_ms(c.at)});
  if (!row) return std::nullopt;
  std::int64_t after = row->i64(0);
  tx.exec(kInsertLedger, {c.ledger_id, c.bucket_id, row->str(1), row->str(2), c.amount, after,
                          c.reason, c.ref_id, to_epoch_ms(c.at)});
  return after;
}

void insert_topup(store::Tx& tx, const Topup& t) {
  tx.exec(kInsertTopup, {t.id, t.product_id, t.party_id, t.msisdn, t.amount, t.currency, t.channel,
                         t.topup_agent_id, t.invoice_type, t.tax_id, t.payment_ref, t.auto_topup_id,
                         t.balance_after, t.created_by, to_epoch_ms(t.created_at)});
}

std::optional<Topup> find_topup(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kSelectTopup, {id});
  if (!row) return std::nullopt;
  return topup_from(*row);
}

std::pair<std::vector<Topup>, std::int64_t> topups_of(store::Tx& tx, const std::string& product_id,
                                                      std::int64_t offset, std::int64_t limit) {
  auto items = all<Topup>(tx.query(kTopupsOf, {product_id, limit, offset}), topup_from);
  return {std::move(items), tx.query_one(kCountTopupsOf, {product_id})->i64(0)};
}

void insert_auto_topup(store::Tx& tx, const AutoTopup& a) {
  tx.exec(kInsertAuto,
          {a.id, a.product_id, a.party_id, a.period, a.amount, a.channel, a.invoice_type, a.tax_id,
           a.payment_ref, a.status, to_epoch_ms(a.next_run_at), a.created_by,
           to_epoch_ms(a.created_at), to_epoch_ms(a.updated_at)});
}

std::optional<AutoTopup> lock_auto_topup(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kLockAuto, {id});
  if (!row) return std::nullopt;
  return auto_from(*row);
}

void lock_product(store::Tx& tx, const std::string& product_id) {
  tx.query(kLockProduct, {product_id});
}

std::optional<AutoTopup> find_auto_topup(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kSelectAuto, {id});
  if (!row) return std::nullopt;
  return auto_from(*row);
}

std::optional<AutoTopup> active_auto_topup(store::Tx& tx, const std::string& product_id) {
  auto row = tx.query_one(kActiveAuto, {product_id});
  if (!row) return std::nullopt;
  return auto_from(*row);
}

std::vector<AutoTopup> auto_topups_of(store::Tx& tx, const std::string& product_id) {
  return all<AutoTopup>(tx.query(kAutosOf, {product_id}), auto_from);
}

void update_auto_topup(store::Tx& tx, const AutoTopup& a) {
  tx.exec(kUpdateAuto, {a.id, a.status, to_epoch_ms(a.next_run_at), to_epoch_ms(a.updated_at)});
}

std::vector<AutoTopup> due_auto_topups(store::Tx& tx, TimePoint now, std::int64_t limit) {
  return all<AutoTopup>(tx.query(kDueAutos, {to_epoch_ms(now), limit}), auto_from);
}

bool insert_run(store::Tx& tx, const Run& r) {
  return tx.exec(kInsertRun, {r.product_id, to_epoch_ms(r.period_start), r.auto_topup_id, r.outcome,
                              r.topup_id, r.reason, to_epoch_ms(r.created_at), r.charge_ref,
                              r.attempts, store::opt_epoch_ms(r.tried_at)}) > 0;
}

bool has_charging_run(store::Tx& tx, const AutoTopup& a) {
  return tx.query_one(kHasChargingRun, {a.product_id, a.id}).has_value();
}

std::vector<Run> charging_runs(store::Tx& tx, std::int64_t limit) {
  return all<Run>(tx.query(kChargingRuns, {limit}), run_from);
}

bool end_run(store::Tx& tx, const Run& r) {
  return tx.exec(kEndRun, {r.product_id, to_epoch_ms(r.period_start), r.outcome, r.topup_id,
                           r.reason, r.charge_ref, store::opt_epoch_ms(r.tried_at)}) > 0;
}

void note_try(store::Tx& tx, const Run& r) {
  tx.exec(kNoteTry,
          {r.product_id, to_epoch_ms(r.period_start), r.reason, store::opt_epoch_ms(r.tried_at)});
}

std::optional<Run> last_run(store::Tx& tx, const AutoTopup& a) {
  auto row = tx.query_one(kLastRun, {a.product_id, a.id});
  if (!row) return std::nullopt;
  return run_from(*row);
}

std::vector<Bucket> usable_allowances(store::Tx& tx, const std::string& product_id,
                                      const std::string& usage_type, TimePoint at) {
  return all<Bucket>(tx.query(kUsableAllowances, {product_id, usage_type, to_epoch_ms(at)}),
                     bucket_from);
}

void insert_usage(store::Tx& tx, const Usage& u) {
  tx.exec(kInsertUsage, {u.id, u.product_id, u.party_id, u.msisdn, u.usage_type,
                         static_cast<std::int64_t>(u.on_net ? 1 : 0), u.quantity, u.units,
                         parts_text(u.allowances), u.tariff_quantity, u.charged, u.currency,
                         to_epoch_ms(u.usage_date), u.created_by, to_epoch_ms(u.created_at)});
}

std::optional<Usage> find_usage(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kSelectUsage, {id});
  if (!row) return std::nullopt;
  return usage_from(*row);
}

std::pair<std::vector<Usage>, std::int64_t> usages_of(store::Tx& tx, const std::string& product_id,
                                                      std::int64_t offset, std::int64_t limit) {
  auto items = all<Usage>(tx.query(kUsagesOf, {product_id, limit, offset}), usage_from);
  return {std::move(items), tx.query_one(kCountUsagesOf, {product_id})->i64(0)};
}

void insert_purchase(store::Tx& tx, const Purchase& p) {
  tx.exec(kInsertPurchase, {p.id, p.product_id, p.party_id, p.offering_id, p.offering_kind, p.price,
                            p.currency, p.channel, to_epoch_ms(p.valid_to), p.request_key,
                            p.created_by, to_epoch_ms(p.created_at)});
}

std::optional<Purchase> find_purchase(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kSelectPurchase, {id});
  if (!row) return std::nullopt;
  return purchase_from(*row);
}

std::optional<Purchase> find_purchase_by_key(store::Tx& tx, const std::string& key) {
  auto row = tx.query_one(kPurchaseByKey, {key});
  if (!row) return std::nullopt;
  return purchase_from(*row);
}

std::pair<std::vector<Purchase>, std::int64_t> purchases_of(store::Tx& tx,
                                                            const std::string& product_id,
                                                            std::int64_t offset,
                                                            std::int64_t limit) {
  auto items = all<Purchase>(tx.query(kPurchasesOf, {product_id, limit, offset}), purchase_from);
  return {std::move(items), tx.query_one(kCountPurchasesOf, {product_id})->i64(0)};
}

std::vector<Bucket> buckets_of_purchase(store::Tx& tx, const std::string& purchase_id) {
  return all<Bucket>(tx.query(kBucketsOfPurchase, {purchase_id}), bucket_from);
}

std::vector<Purchase> ended_plans(store::Tx& tx, TimePoint now, std::int64_t limit) {
  return all<Purchase>(tx.query(kEndedPlans, {to_epoch_ms(now), limit}), purchase_from);
}

void mark_plan_ended(store::Tx& tx, const std::string& purchase_id, TimePoint at) {
  tx.exec(kMarkPlanEnded, {purchase_id, to_epoch_ms(at)});
}

bool has_valid_plan(store::Tx& tx, const std::string& product_id, TimePoint now) {
  return tx.query_one(kValidPlan, {product_id, to_epoch_ms(now)}).has_value();
}

void insert_agent(store::Tx& tx, const TopupAgent& a) {
  tx.exec(kInsertAgent, {a.id, a.name, a.brand, a.address, a.district, a.status,
                         to_epoch_ms(a.created_at), to_epoch_ms(a.updated_at)});
}

std::optional<TopupAgent> find_agent(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kSelectAgent, {id});
  if (!row) return std::nullopt;
  return agent_from(*row);
}

bool move_agent(store::Tx& tx, const std::string& id, const std::string& from,
                const std::string& to, TimePoint at) {
  return tx.exec(kMoveAgent, {id, from, to, to_epoch_ms(at)}) > 0;
}

std::pair<std::vector<TopupAgent>, std::int64_t> list_agents(
    store::Tx& tx, const std::optional<std::string>& district, std::int64_t offset,
    std::int64_t limit) {
  auto items = all<TopupAgent>(tx.query(kListAgents, {district, limit, offset}), agent_from);
  return {std::move(items), tx.query_one(kCountAgents, {district})->i64(0)};
}

void replace_gateway_key(store::Tx& tx, const std::string& key_hash,
                         const std::optional<std::string>& by, TimePoint at) {
  tx.exec(kDeleteGatewayKeys);
  tx.exec(kInsertGatewayKey, {key_hash, by, to_epoch_ms(at)});
}

bool gateway_key_exists(store::Tx& tx, const std::string& key_hash) {
  return tx.query_one(kGatewayKeyExists, {key_hash}).has_value();
}

}  // namespace abonado::balance::repo
