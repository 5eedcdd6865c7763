// The balance service against a real, migrated database (SQLite, and
// PostgreSQL when ABONADO_TEST_PG is set): every bucket equals the sum of its
// ledger after any mix of top-ups, purchases, refused purchases, scheduled
// runs and concurrent writers; refused operations change nothing; scheduled
// top-ups run once per period.

#include <gtest/gtest.h>

#include <thread>

#include "../notify/fixture.hpp"
#include "balance/service.hpp"
#include "care/service.hpp"
#include "catalog/catalog.hpp"
#include "core/error.hpp"
#include "notify/templates.hpp"
#include "party/service.hpp"
#include "policy/load.hpp"

namespace abonado::balance {
namespace {

using notify::testing::kPostgres;
using notify::testing::kSqlite;
using notify::testing::pg_admin;
using notify::testing::TempDir;
using notify::testing::with_database;

constexpr store::Sql kInsertParty{
    "test.party",
    "INSERT INTO parties (id, kind, full_name, status, created_at, updated_at) "
    "VALUES ($1, 'individual', 'Rosa Huamán', 'validated', 0, 0)"};
constexpr store::Sql kInsertLine{
    "test.line",
    "INSERT INTO products (id, party_id, msisdn, status, created_at, updated_at) "
    "VALUES ($1, $2, $3, 'active', 0, 0)"};
constexpr store::Sql kSetLineStatus{"test.line_status",
                                    "UPDATE products SET status = $2 WHERE id = $1"};
constexpr store::Sql kLineOffering{"test.line_offering",
                                   "SELECT offering_id FROM products WHERE id = $1"};
// Buckets whose remaining differs from the sum of their ledger.
constexpr store::Sql kMismatches{
    "test.mismatches",
    "SELECT b.id, b.remaining, (SELECT COALESCE(SUM(l.amount), 0) FROM balance_ledger l "
    "WHERE l.bucket_id = b.id) AS total FROM balance_buckets b "
    "WHERE b.remaining <> (SELECT COALESCE(SUM(l.amount), 0) FROM balance_ledger l "
    "WHERE l.bucket_id = b.id)"};
constexpr store::Sql kCountBuckets{"test.count_buckets", "SELECT COUNT(*) FROM balance_buckets"};
constexpr store::Sql kCountLedger{"test.count_ledger", "SELECT COUNT(*) FROM balance_ledger"};
constexpr store::Sql kCountTopups{"test.count_topups", "SELECT COUNT(*) FROM topups"};
constexpr store::Sql kCountPurchases{"test.count_purchases", "SELECT COUNT(*) FROM purchases"};
constexpr store::Sql kCountMessages{"test.count_messages", "SELECT COUNT(*) FROM notify_messages"};
constexpr store::Sql kCountInteractions{"test.count_interactions",
                                        "SELECT COUNT(*) FROM party_interactions"};
constexpr store::Sql kRuns{"test.runs",
                           "SELECT outcome, COUNT(*) FROM auto_topup_runs GROUP BY outcome "
                           "ORDER BY outcome"};
constexpr store::Sql kRewindSchedule{"test.rewind",
                                     "UPDATE auto_topups SET next_run_at = $2 WHERE id = $1"};

const Policy& flash() {
  static const Policy p = load_policy("pe-flash");
  return p;
}

class BalanceServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kPostgres) {
      const char* admin = std::getenv("ABONADO_TEST_PG");
      if (!admin || !*admin) GTEST_SKIP() << "ABONADO_TEST_PG is not set";
      std::random_device r;
      pg_name_ = "abonado_balance_" + std::to_string(r()) + std::to_string(r());
      pg_admin_url_ = admin;
      ASSERT_EQ(pg_admin(pg_admin_url_, "CREATE DATABASE " + pg_name_), "");
      db_ = store::open_database(with_database(pg_admin_url_, pg_name_));
    } else {
      db_ = store::open_database("sqlite://" + dir_.file("balance.db"));
    }
    store::migrate(*db_);
    key_ = std::make_unique<notify::SecretKey>(
        notify::SecretKey::load_or_create(dir_.file("outbox.key")));
    outbox_ = std::make_unique<notify::Outbox>(clock_, *key_, templates_);
    balance_ = std::make_unique<BalanceService>(
        clock_, catalog_,
        BalanceRules{flash().currency, flash().country, flash().phone_region, flash().language,
                     flash().topup, flash().calendar.time_zone},
        interactions_, *outbox_);
  }

  void TearDown() override {
    if (db_) db_->close();
    db_.reset();
    if (!pg_name_.empty()) {
      EXPECT_EQ(pg_admin(pg_admin_url_, "DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)"),
                "");
    }
  }

  // A party with one active line; returns the line's id.
  std::string new_line(const std::string& msisdn) {
    std::string id = "line-" + msisdn.substr(1);
    db_->write_sync([&](store::Tx& tx) {
      tx.exec(kInsertParty, {"party-" + id});
      tx.exec(kInsertLine, {id, "party-" + id, msisdn});
    });
    return id;
  }

  TopupResult topup(const std::string& line, std::int64_t amount,
                    std::optional<std::string> period = std::nullopt) {
    NewTopup n;
    n.product_id = line;
    n.amount = amount;
    n.currency = "PEN";
    n.channel = "web";
    n.recurring_period = std::move(period);
    // A schedule charges the card on file each period; without one its periods are skipped.
    if (n.recurring_period) n.payment_ref = "card-on-file";
    TopupResult r;
    db_->write_sync([&](store::Tx& tx) { r = balance_->topup(tx, agent_, n); });
    return r;
  }

  // Claims schedule `id`'s period due now: the charge to ask for, if any.
  std::optional<ScheduledCharge> claim(const std::string& id) {
    std::optional<ScheduledCharge> c;
    db_->write_sync([&](store::Tx& tx) { c = balance_->claim_auto_topup(tx, id, clock_.now()); });
    return c;
  }

  // Claims schedule `id`'s due period and settles it with `answer` (approved
  // by default); whether a top-up was made.
  bool run_schedule(const std::string& id,
                    ChargeResult answer = {ChargeResult::Outcome::kApproved, "ref-1", ""}) {
    auto claimed = claim(id);
    return claimed && settle(*claimed, answer);
  }

  bool settle(const ScheduledCharge& c, const ChargeResult& answer) {
    bool made = false;
    db_->write_sync(
        [&](store::Tx& tx) { made = balance_->settle_auto_topup(tx, c, answer, clock_.now()); });
    return made;
  }

  PurchaseResult purchase(const std::string& line, const std::string& offering) {
    PurchaseResult r;
    db_->write_sync([&](store::Tx& tx) {
      r = balance_->purchase(tx, agent_, {line, "", offering, "web", ""});
    });
    return r;
  }

  // The code of the Error `fn` throws, or nullopt.
  template <typename F>
  std::optional<Code> error_of(F fn) {
    try {
      fn();
    } catch (const Error& e) {
      return e.code();
    }
    return std::nullopt;
  }

  std::int64_t count(const store::Sql& sql) {
    std::int64_t n = 0;
    db_->read_sync([&](store::Tx& tx) { n = tx.query_one(sql)->i64(0); });
    return n;
  }

  std::int64_t main_balance(const std::string& line) {
    std::int64_t out = -1;
    db_->read_sync([&](store::Tx& tx) {
      for (const auto& b : balance_->buckets(tx, line, 0, 100).first) {
        if (b.usage_type == kMonetary) out = b.remaining;
      }
    });
    return out;
  }

  void expect_ledger_matches_buckets() {
    db_->read_sync([&](store::Tx& tx) {
      for (const auto& r : tx.query(kMismatches)) {
        ADD_FAILURE() << "bucket " << r.str(0) << " holds " << r.i64(1)
                      << " but its ledger sums to " << r.i64(2);
      }
    });
  }

  TempDir dir_;
  std::string pg_admin_url_, pg_name_;
  std::unique_ptr<store::Database> db_;
  ManualClock clock_{from_epoch_ms(1'790'000'000'000)};  // 2026-09-21
  notify::Templates templates_{"pe-flash", "es"};
  std::unique_ptr<notify::SecretKey> key_;
  std::unique_ptr<notify::Outbox> outbox_;
  party::PartyService parties_{clock_, "PE"};
  care::Interactions interactions_{clock_, parties_};
  catalog::Catalog catalog_{&*flash().catalog, flash().currency};
  std::unique_ptr<BalanceService> balance_;
  Actor agent_{"agent-1", "oper", "req-1", {Role::kOperator}};
};

TEST_P(BalanceServiceTest, EveryBucketEqualsItsLedger) {
  auto a = new_line("+51999000001");
  auto b = new_line("+51999000002");
  topup(a, 1050);
  topup(a, 2000);
  topup(b, 300);
  EXPECT_EQ(main_balance(a), 3050);
  purchase(a, "plan_15");  // 15.00: data, minutes, on-net minutes and SMS buckets
  purchase(a, "megas_1_dia");
  EXPECT_EQ(error_of([&] { purchase(b, "plan_39"); }), Code::kInsufficientBalance);
  topup(b, 5000, "weekly");
  clock_.advance(std::chrono::days(7));
  std::vector<std::string> due;
  db_->read_sync([&](store::Tx& tx) { due = balance_->due_auto_topups(tx, clock_.now(), 10); });
  ASSERT_EQ(due.size(), 1u);
  EXPECT_TRUE(run_schedule(due[0]));
  purchase(b, "plan_39");
  EXPECT_EQ(main_balance(a), 3050 - 1500 - 100);
  EXPECT_EQ(main_balance(b), 300 + 5000 + 5000 - 3900);
  // 2 main balances, 4 + 1 + 3 allowance buckets.
  EXPECT_EQ(count(kCountBuckets), 10);
  // One ledger row per change: 5 top-ups, 3 debits, 8 grants.
  EXPECT_EQ(count(kCountLedger), 16);
  expect_ledger_matches_buckets();
  std::optional<std::string> plan;
  db_->read_sync([&](store::Tx& tx) { plan = tx.query_one(kLineOffering, {a})->opt_str(0); });
  EXPECT_EQ(plan, std::optional<std::string>("plan_15"));  // the package left the plan in place
}

// FL-13: usage goes through the ledger like every change, and without a standard tariff
// (a pack without a catalog) usage beyond the allowances is refused, not given away.
TEST_P(BalanceServiceTest, UsageGoesThroughTheLedgerAndNeedsATariff) {
  auto a = new_line("+51999000009");
  topup(a, 1000);
  purchase(a, "combo_7_dias");  // 5.00: 60 minutes
  auto use = [&](const BalanceService& s, const std::string& type, std::int64_t quantity,
                 const std::string& units) {
    Usage u;
    db_->write_sync([&](store::Tx& tx) {
      u = s.charge_usage(tx, agent_, {a, "", type, false, quantity, units, std::nullopt});
    });
    return u;
  };
  Usage u = use(*balance_, "voice", 70, "minutes");  // 60 included, 10 at S/ 0.29
  EXPECT_EQ(u.charged, 290);
  ASSERT_EQ(u.allowances.size(), 1u);
  EXPECT_EQ(u.allowances[0].quantity, 60);
  EXPECT_EQ(main_balance(a), 1000 - 500 - 290);
  expect_ledger_matches_buckets();
  catalog::Catalog none(nullptr, flash().currency);
  BalanceService plain(clock_, none,
                       BalanceRules{flash().currency, flash().country, flash().phone_region,
                                    flash().language, flash().topup, flash().calendar.time_zone},
                       interactions_, *outbox_);
  EXPECT_EQ(error_of([&] { use(plain, "voice", 1, "minutes"); }), Code::kConflict);  // none left
  EXPECT_EQ(main_balance(a), 210);
  // What an allowance covers needs no tariff.
  EXPECT_EQ(use(plain, "data", 100, "MB").charged, 0);
  expect_ledger_matches_buckets();
}

TEST_P(BalanceServiceTest, ARefusedPurchaseChangesNothing) {
  auto a = new_line("+51999000003");
  topup(a, 1000);
  auto before =
      std::vector<std::int64_t>{count(kCountBuckets), count(kCountLedger), count(kCountPurchases),
                                count(kCountMessages), count(kCountInteractions)};
  EXPECT_EQ(error_of([&] { purchase(a, "plan_15"); }), Code::kInsufficientBalance);
  EXPECT_EQ(error_of([&] { purchase(a, "plan_99"); }), Code::kUnknownOffering);
  auto b = new_line("+51999000004");  // no balance at all
  EXPECT_EQ(error_of([&] { purchase(b, "megas_1_dia"); }), Code::kInsufficientBalance);
  auto after =
      std::vector<std::int64_t>{count(kCountBuckets), count(kCountLedger), count(kCountPurchases),
                                count(kCountMessages), count(kCountInteractions)};
  EXPECT_EQ(before, after);
  EXPECT_EQ(main_balance(a), 1000);
  expect_ledger_matches_buckets();
}

TEST_P(BalanceServiceTest, ALineThatIsNotActiveTakesNoMoney) {
  auto a = new_line("+51999000005");
  topup(a, 2000);
  db_->write_sync([&](store::Tx& tx) { tx.exec(kSetLineStatus, {a, "suspended"}); });
  EXPECT_EQ(error_of([&] { topup(a, 1000); }), Code::kLineNotActive);
  EXPECT_EQ(error_of([&] { purchase(a, "megas_1_dia"); }), Code::kLineNotActive);
  EXPECT_EQ(main_balance(a), 2000);
  EXPECT_EQ(count(kCountTopups), 1);
}

// FL-11's periods, counted from the schedule's start in Lima's time (UTC-5).
TEST(NextPeriod, MonthsKeepTheDayOfTheStartInTheOperatorsZone) {
  BusinessCalendar lima("America/Lima", {});
  auto at = [](const char* iso) { return *parse_iso(iso); };
  // Begun Jan 31 10:00 in Lima: Feb 28, then Mar 31 (not Mar 28), Apr 30, May 31.
  TimePoint start = at("2027-01-31T15:00:00Z");
  EXPECT_EQ(next_period(start, start, "monthly", lima), at("2027-02-28T15:00:00Z"));
  EXPECT_EQ(next_period(start, at("2027-02-28T15:00:00Z"), "monthly", lima),
            at("2027-03-31T15:00:00Z"));
  EXPECT_EQ(next_period(start, at("2027-03-31T15:00:00Z"), "monthly", lima),
            at("2027-04-30T15:00:00Z"));
  EXPECT_EQ(next_period(start, at("2027-04-30T15:00:00Z"), "monthly", lima),
            at("2027-05-31T15:00:00Z"));
  // A second early or a year late, the next start is still on the same grid.
  EXPECT_EQ(next_period(start, at("2027-02-28T14:59:59Z"), "monthly", lima),
            at("2027-02-28T15:00:00Z"));
  EXPECT_EQ(next_period(start, at("2028-02-15T00:00:00Z"), "monthly", lima),
            at("2028-02-29T15:00:00Z"));  // a leap year
  // Begun Jan 30 20:00 in Lima (Jan 31 in UTC): Feb 28 20:00 in Lima, not Feb 27.
  TimePoint evening = at("2027-01-31T01:00:00Z");
  EXPECT_EQ(next_period(evening, evening, "monthly", lima), at("2027-03-01T01:00:00Z"));
  EXPECT_EQ(next_period(start, start, "weekly", lima), start + std::chrono::days(7));
  EXPECT_EQ(next_period(start, start + std::chrono::days(15), "fortnightly", lima),
            start + std::chrono::days(28));
}

TEST_P(BalanceServiceTest, AScheduledTopupRunsOncePerPeriod) {
  auto a = new_line("+51999000006");
  auto first = topup(a, 1000, "weekly");
  ASSERT_TRUE(first.schedule);
  std::string id = first.schedule->id;
  auto run = [&] { return run_schedule(id); };
  EXPECT_FALSE(run());  // not due yet
  clock_.advance(std::chrono::days(7));
  EXPECT_TRUE(run());
  EXPECT_FALSE(run());  // the schedule moved on a week
  // Even if the schedule were set back (a crash between steps, a second node),
  // the key (line, period start) keeps the period from running twice.
  db_->write_sync([&](store::Tx& tx) {
    tx.exec(kRewindSchedule, {id, to_epoch_ms(first.topup.created_at + std::chrono::days(7))});
  });
  EXPECT_FALSE(run());
  EXPECT_EQ(main_balance(a), 2000);
  // Three weeks later: one top-up for the current period, not three.
  clock_.advance(std::chrono::days(21));
  EXPECT_TRUE(run());
  EXPECT_EQ(main_balance(a), 3000);
  // A suspended line skips its period, and the schedule goes on.
  db_->write_sync([&](store::Tx& tx) { tx.exec(kSetLineStatus, {a, "suspended"}); });
  clock_.advance(std::chrono::days(7));
  EXPECT_FALSE(run());
  EXPECT_EQ(main_balance(a), 3000);
  db_->read_sync([&](store::Tx& tx) {
    auto rows = tx.query(kRuns);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].str(0), "completed");
    EXPECT_EQ(rows[0].i64(1), 3);  // the first top-up and two runs
    EXPECT_EQ(rows[1].str(0), "skipped");
    EXPECT_EQ(rows[1].i64(1), 1);
  });
  expect_ledger_matches_buckets();
}

// FL-11: a period is charged before it is credited. A declined card ends the
// period without a top-up and tells the customer; a charge without an answer
// stays to be asked again under the same key, and whichever answer comes
// first settles the period once.
TEST_P(BalanceServiceTest, AScheduledTopupCreditsOnlyWhatTheProviderApproved) {
  using Outcome = ChargeResult::Outcome;
  auto a = new_line("+51999000010");
  auto first = topup(a, 1000, "weekly");
  ASSERT_TRUE(first.schedule);
  std::string id = first.schedule->id;
  std::int64_t messages = count(kCountMessages);

  clock_.advance(std::chrono::days(7));
  EXPECT_FALSE(run_schedule(id, {Outcome::kDeclined, "", "insufficient funds"}));
  EXPECT_EQ(main_balance(a), 1000);
  EXPECT_EQ(count(kCountMessages), messages + 1);  // the customer is told
  std::optional<AutoTopup> s;
  db_->read_sync([&](store::Tx& tx) { s = balance_->find_auto_topup(tx, id); });
  ASSERT_TRUE(s && s->last_run);
  EXPECT_EQ(s->last_run->outcome, "declined");
  EXPECT_EQ(s->last_run->reason, std::optional<std::string>("insufficient funds"));
  EXPECT_EQ(s->status, "active");  // the next period tries again

  clock_.advance(std::chrono::days(7));
  auto claimed = claim(id);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->charge.amount, 1000);
  EXPECT_EQ(claimed->charge.currency, "PEN");
  EXPECT_FALSE(settle(*claimed, {Outcome::kUnavailable, "", "timed out"}));
  EXPECT_EQ(main_balance(a), 1000);
  std::vector<ScheduledCharge> waiting;
  db_->read_sync([&](store::Tx& tx) { waiting = balance_->unanswered_charges(tx, 10); });
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(waiting[0].charge.key, claimed->charge.key);  // asked again as the same charge
  EXPECT_NE(waiting[0].charge.key, "");

  EXPECT_TRUE(settle(waiting[0], {Outcome::kApproved, "psp-77", ""}));
  EXPECT_FALSE(settle(*claimed, {Outcome::kApproved, "psp-77", ""}));  // answered twice
  EXPECT_FALSE(settle(*claimed, {Outcome::kDeclined, "", "late"}));
  EXPECT_EQ(main_balance(a), 2000);
  db_->read_sync([&](store::Tx& tx) {
    EXPECT_TRUE(balance_->unanswered_charges(tx, 10).empty());
    s = balance_->find_auto_topup(tx, id);
  });
  ASSERT_TRUE(s && s->last_run);
  EXPECT_EQ(s->last_run->outcome, "completed");
  EXPECT_EQ(s->last_run->charge_ref, std::optional<std::string>("psp-77"));
  EXPECT_EQ(s->last_run->attempts, 2);
  std::optional<Topup> made;
  db_->read_sync([&](store::Tx& tx) { made = balance_->find_topup(tx, *s->last_run->topup_id); });
  ASSERT_TRUE(made);
  EXPECT_EQ(made->payment_ref, std::optional<std::string>("psp-77"));
  EXPECT_EQ(made->auto_topup_id, std::optional<std::string>(id));
  expect_ledger_matches_buckets();
}

// A provider's outage never ends in several periods charged at once: while a
// period's charge has no answer, later periods are skipped, not queued.
TEST_P(BalanceServiceTest, NoPeriodIsChargedWhileAnEarlierChargeHasNoAnswer) {
  using Outcome = ChargeResult::Outcome;
  auto a = new_line("+51999000011");
  auto first = topup(a, 1000, "weekly");
  ASSERT_TRUE(first.schedule);
  std::string id = first.schedule->id;
  clock_.advance(std::chrono::days(7));
  auto waiting = claim(id);
  ASSERT_TRUE(waiting);
  EXPECT_FALSE(settle(*waiting, {Outcome::kUnavailable, "", "down"}));
  for (int week = 0; week < 2; ++week) {
    clock_.advance(std::chrono::days(7));
    EXPECT_FALSE(claim(id));
  }
  std::optional<AutoTopup> s;
  db_->read_sync([&](store::Tx& tx) { s = balance_->find_auto_topup(tx, id); });
  ASSERT_TRUE(s && s->last_run);
  EXPECT_EQ(s->last_run->outcome, "skipped");
  EXPECT_EQ(s->last_run->reason,
            std::optional<std::string>("the charge of an earlier period has no answer yet"));
  EXPECT_TRUE(settle(*waiting, {Outcome::kApproved, "psp-1", ""}));
  EXPECT_EQ(main_balance(a), 2000);  // the first top-up and the one period answered
  clock_.advance(std::chrono::days(7));
  auto next = claim(id);
  ASSERT_TRUE(next);
  EXPECT_NE(next->charge.key, waiting->charge.key);
  EXPECT_TRUE(settle(*next, {Outcome::kApproved, "psp-2", ""}));
  EXPECT_EQ(main_balance(a), 3000);
  db_->read_sync([&](store::Tx& tx) {
    auto rows = tx.query(kRuns);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].str(0), "completed");
    EXPECT_EQ(rows[0].i64(1), 3);
    EXPECT_EQ(rows[1].str(0), "skipped");
    EXPECT_EQ(rows[1].i64(1), 2);
  });
}

// A charge without an answer whose schedule was cancelled meanwhile is not
// made any more, only looked up: if it was made, the line gets the money; if
// not, the period ends uncharged.
TEST_P(BalanceServiceTest, ACancelledSchedulesUnansweredChargeIsLookedUpNotMade) {
  using Outcome = ChargeResult::Outcome;
  auto made = new_line("+51999000012");
  auto never = new_line("+51999000013");
  std::vector<ScheduledCharge> claimed;
  for (const auto& line : {made, never}) {
    auto first = topup(line, 1000, "weekly");
    ASSERT_TRUE(first.schedule);
    clock_.advance(std::chrono::days(7));
    auto c = claim(first.schedule->id);
    ASSERT_TRUE(c);
    EXPECT_FALSE(c->lookup_only);
    EXPECT_FALSE(settle(*c, {Outcome::kUnavailable, "", "timed out"}));
    db_->write_sync(
        [&](store::Tx& tx) { balance_->cancel_auto_topup(tx, agent_, first.schedule->id); });
    claimed.push_back(*c);
  }
  std::vector<ScheduledCharge> waiting;
  db_->read_sync([&](store::Tx& tx) { waiting = balance_->unanswered_charges(tx, 10); });
  ASSERT_EQ(waiting.size(), 2u);
  EXPECT_TRUE(waiting[0].lookup_only);
  EXPECT_TRUE(waiting[1].lookup_only);
  EXPECT_EQ(waiting[0].charge.key, claimed[0].charge.key);
  EXPECT_TRUE(settle(waiting[0], {Outcome::kApproved, "psp-9", ""}));
  EXPECT_FALSE(settle(waiting[1], {Outcome::kNotCharged, "", ""}));
  EXPECT_EQ(main_balance(made), 2000);
  EXPECT_EQ(main_balance(never), 1000);
  db_->read_sync([&](store::Tx& tx) {
    EXPECT_TRUE(balance_->unanswered_charges(tx, 10).empty());
    auto s = balance_->find_auto_topup(tx, claimed[1].auto_topup_id);
    ASSERT_TRUE(s && s->last_run);
    EXPECT_EQ(s->last_run->outcome, "skipped");
  });
  expect_ledger_matches_buckets();
}

TEST_P(BalanceServiceTest, ConcurrentWritersKeepBucketsEqualToTheirLedger) {
  auto a = new_line("+51999000007");
  constexpr int kThreads = 8, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> refused{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (t % 2 == 0) {
          topup(a, 300 + i);
        } else if (error_of([&] { purchase(a, "megas_1_dia"); })) {
          ++refused;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  std::int64_t credited = 0;
  for (int i = 0; i < kEach; ++i) credited += (300 + i) * (kThreads / 2);
  std::int64_t bought = kThreads / 2 * kEach - refused.load();
  EXPECT_EQ(main_balance(a), credited - bought * 100);
  EXPECT_EQ(count(kCountTopups), kThreads / 2 * kEach);
  EXPECT_EQ(count(kCountPurchases), bought);
  expect_ledger_matches_buckets();
}

INSTANTIATE_TEST_SUITE_P(Databases, BalanceServiceTest, ::testing::Values(kSqlite, kPostgres),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace abonado::balance
