#pragma once
// SQL of the balance module (internal: only balance/*.cpp includes this).
//
// The one way a bucket's remaining amount changes is change_bucket(): the
// UPDATE and the ledger row are written together, so remaining always equals
// the sum of the bucket's ledger. insert_bucket() always starts a bucket at 0.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "balance/model.hpp"
#include "store/tx.hpp"

namespace abonado::balance::repo {

// --- buckets and the ledger ---

// Inserts `b` with remaining 0 (b.remaining is ignored). For the main balance,
// does nothing when the line already has one (returns false).
bool insert_bucket(store::Tx& tx, const Bucket& b);
std::optional<Bucket> find_bucket(store::Tx& tx, const std::string& id);
std::optional<Bucket> main_bucket(store::Tx& tx, const std::string& product_id);
// The main balance and the allowances usable at `now` (not expired, not used up), those
// that expire first first; a page of them and their total.
std::pair<std::vector<Bucket>, std::int64_t> live_buckets_of(store::Tx& tx,
                                                             const std::string& product_id,
                                                             TimePoint now, std::int64_t offset,
                                                             std::int64_t limit);
// The line's allowance buckets of `usage_type` with something left that are valid
// at `at`, those that expire first first; locked for this transaction (PostgreSQL).
std::vector<Bucket> usable_allowances(store::Tx& tx, const std::string& product_id,
                                      const std::string& usage_type, TimePoint at);
// The line's buckets: the main balance first, then allowances oldest first; and the total.
std::pair<std::vector<Bucket>, std::int64_t> buckets_of(store::Tx& tx,
                                                        const std::string& product_id,
                                                        std::int64_t offset, std::int64_t limit);

struct Change {
  std::string bucket_id;
  std::int64_t amount = 0;  // signed
  std::string reason;       // topup | purchase | grant | usage
  std::string ref_id;
  std::string ledger_id;  // a new id for the ledger row
  TimePoint at;
};
// Adds c.amount to the bucket unless that would take it below zero, and writes
// the ledger row. Returns the remaining amount after, or nullopt (nothing
// written) when the bucket does not hold enough or does not exist.
std::optional<std::int64_t> change_bucket(store::Tx& tx, const Change& c);

// --- top-ups ---

void insert_topup(store::Tx& tx, const Topup& t);
std::optional<Topup> find_topup(store::Tx& tx, const std::string& id);
// Newest first, and the total.
std::pair<std::vector<Topup>, std::int64_t> topups_of(store::Tx& tx, const std::string& product_id,
                                                      std::int64_t offset, std::int64_t limit);

// --- scheduled top-ups ---

void insert_auto_topup(store::Tx& tx, const AutoTopup& a);
// find_auto_topup, holding the row until the transaction ends (PostgreSQL).
std::optional<AutoTopup> lock_auto_topup(store::Tx& tx, const std::string& id);
// Holds the line's row until the transaction ends (PostgreSQL).
void lock_product(store::Tx& tx, const std::string& product_id);
std::optional<AutoTopup> find_auto_topup(store::Tx& tx, const std::string& id);
// The line's active schedule, held until the transaction ends (PostgreSQL).
std::optional<AutoTopup> active_auto_topup(store::Tx& tx, const std::string& product_id);
// Every schedule of the line, newest first.
std::vector<AutoTopup> auto_topups_of(store::Tx& tx, const std::string& product_id);
void update_auto_topup(store::Tx& tx, const AutoTopup& a);  // status, next_run_at, updated_at
// Active schedules whose next run is at or before `now`, earliest first, at most `limit`.
std::vector<AutoTopup> due_auto_topups(store::Tx& tx, TimePoint now, std::int64_t limit);

using Run = AutoTopupRun;
// Records the run of a period; false when that line's period already ran.
bool insert_run(store::Tx& tx, const Run& r);
// Whether a period of the schedule is still charging.
bool has_charging_run(store::Tx& tx, const AutoTopup& a);
// Periods still charging (the provider has not answered), oldest first.
std::vector<Run> charging_runs(store::Tx& tx, std::int64_t limit);
// Ends a charging period with `outcome` (completed or declined); false when it
// is not charging (already ended by another try).
bool end_run(store::Tx& tx, const Run& r);
// Counts a try of a charging period that got no answer, and why.
void note_try(store::Tx& tx, const Run& r);
// The schedule's latest period, if it ran.
std::optional<Run> last_run(store::Tx& tx, const AutoTopup& a);

// --- purchases ---

void insert_purchase(store::Tx& tx, const Purchase& p);
std::optional<Purchase> find_purchase(store::Tx& tx, const std::string& id);
std::optional<Purchase> find_purchase_by_key(store::Tx& tx, const std::string& key);
std::pair<std::vector<Purchase>, std::int64_t> purchases_of(store::Tx& tx,
                                                            const std::string& product_id,
                                                            std::int64_t offset,
                                                            std::int64_t limit);
// --- usage (FL-13) ---
void insert_usage(store::Tx& tx, const Usage& u);
std::optional<Usage> find_usage(store::Tx& tx, const std::string& id);
// The line's usage, latest first; and the total.
std::pair<std::vector<Usage>, std::int64_t> usages_of(store::Tx& tx, const std::string& product_id,
                                                      std::int64_t offset, std::int64_t limit);

// The buckets a purchase granted.
std::vector<Bucket> buckets_of_purchase(store::Tx& tx, const std::string& purchase_id);
// Plan purchases that ended at or before `now` and are not marked ended, earliest first.
std::vector<Purchase> ended_plans(store::Tx& tx, TimePoint now, std::int64_t limit);
void mark_plan_ended(store::Tx& tx, const std::string& purchase_id, TimePoint at);
// Whether the line has a plan purchase still valid at `now`.
bool has_valid_plan(store::Tx& tx, const std::string& product_id, TimePoint now);

// --- top-up agents ---

void insert_agent(store::Tx& tx, const TopupAgent& a);
std::optional<TopupAgent> find_agent(store::Tx& tx, const std::string& id);
// Moves the agent from status `from` to `to`; false when it was not in `from`.
bool move_agent(store::Tx& tx, const std::string& id, const std::string& from,
                const std::string& to, TimePoint at);
// Active agents, optionally of one district, by district and name; and the total.
std::pair<std::vector<TopupAgent>, std::int64_t> list_agents(
    store::Tx& tx, const std::optional<std::string>& district, std::int64_t offset,
    std::int64_t limit);

// --- the USSD gateway's key ---

// Replaces any key by the one with this hash.
void replace_gateway_key(store::Tx& tx, const std::string& key_hash,
                         const std::optional<std::string>& by, TimePoint at);
bool gateway_key_exists(store::Tx& tx, const std::string& key_hash);

}  // namespace abonado::balance::repo
