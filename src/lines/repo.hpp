#pragma once
// SQL of lines/ (internal: only the services of lines/ include this). Rows
// that two requests could fight over are taken with a conditional UPDATE (or
// FOR UPDATE SKIP LOCKED on PostgreSQL), so the loser sees that it lost.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lines/model.hpp"
#include "store/tx.hpp"

namespace abonado::lines::repo {

// ---- inventory ----

struct StockItem {
  std::string id;      // ICCID or E.164 number
  std::string status;  // inStock | reserved | active
  std::optional<std::string> product_id;
};

// False when the SIM or number is already there.
bool insert_sim(store::Tx& tx, const std::string& iccid, TimePoint at);
bool insert_number(store::Tx& tx, const std::string& e164, TimePoint at);
std::optional<StockItem> find_sim(store::Tx& tx, const std::string& iccid);
std::optional<StockItem> find_number(store::Tx& tx, const std::string& e164);
// Moves the SIM from `from` to `to` for `product_id` (nullopt: none). False
// when it was not in `from` (another request took it first).
bool move_sim(store::Tx& tx, const std::string& iccid, std::string_view from, std::string_view to,
              const std::optional<std::string>& product_id, TimePoint at);
bool move_number(store::Tx& tx, const std::string& e164, std::string_view from, std::string_view to,
                 const std::optional<std::string>& product_id, TimePoint at);
// Puts a number that was a line's back in stock at `at`, behind the numbers
// there, to be handed out from `available` (the quarantine); or adds it there
// if it came in by a port (FL-9: the temporary number returns to the pool).
void return_number(store::Tx& tx, const std::string& e164, TimePoint at, TimePoint available);
// The oldest number in stock and available at `now` whose fingerprint
// attempts for `holder_doc` are not exhausted, locked for this transaction on
// PostgreSQL.
std::optional<std::string> free_number(store::Tx& tx, const std::string& holder_doc,
                                       int max_failures, TimePoint now);
// Whether a live line has the number or a port in progress brings it in.
bool number_in_use(store::Tx& tx, const std::string& e164);
// The number's row for a port starting into `product_id` (status portingIn).
// False when the number already has a row: it is ours, or being ported.
bool hold_ported_number(store::Tx& tx, const std::string& e164, const std::string& product_id,
                        TimePoint at);
// Makes the number the line's (active) if the port into `product_id` holds it
// or it is free in stock; false when another line or activation has it.
bool claim_ported_number(store::Tx& tx, const std::string& e164, const std::string& product_id,
                         TimePoint at);
// Drops the row a port into `product_id` held for the number, if it still does.
void release_ported_number(store::Tx& tx, const std::string& e164, const std::string& product_id);

// ---- lines ----

struct NewLine {
  Line line;
  std::string holder_doc;
  std::string channel;  // app | form
};
void insert_line(store::Tx& tx, const NewLine& n);
void set_line_msisdn(store::Tx& tx, const std::string& id, const std::string& e164, TimePoint at);
// Moves the line from status `from` to `to`; false when it was not in `from`
// (no such line, or another request changed it first).
bool move_line(store::Tx& tx, const std::string& id, std::string_view from, std::string_view to,
               TimePoint at);

// Takes the document's holder row (created on first use) for the rest of the
// transaction: on PostgreSQL a second writer waits here until the first
// commits, so the line count it reads next is current (FL-3).
void lock_holder(store::Tx& tx, const std::string& holder_doc, const std::string& party_id,
                 TimePoint at);
// Active and suspended lines counted against the document.
std::int64_t live_lines(store::Tx& tx, const std::string& holder_doc);

struct LineFilter {
  std::optional<std::string> party_id;
  std::optional<std::string> status;
  std::optional<std::string> msisdn;
  std::int64_t offset = 0;
  std::int64_t limit = 20;
};
std::pair<std::vector<Line>, std::int64_t> list_lines(store::Tx& tx, const LineFilter& f);
// The lines of each party, in the order of `party_ids`.
std::vector<std::vector<Line>> lines_of_parties(store::Tx& tx,
                                                const std::vector<std::string>& party_ids);

// ---- activations ----

void insert_activation(store::Tx& tx, const Activation& a);
// With `lock`, the row stays locked for the transaction (PostgreSQL).
std::optional<Activation> load_activation(store::Tx& tx, const std::string& id, bool lock);
// The activation waiting for a fingerprint with this SIM, if any (at most one), locked.
std::optional<Activation> pending_activation_of_sim(store::Tx& tx, const std::string& iccid);
// The party's activation that matched with this SIM at or after `since`,
// while its line is active with the activation's number.
std::optional<Activation> matched_activation(store::Tx& tx, const std::string& party_id,
                                             const std::string& iccid, TimePoint since);
void update_activation(store::Tx& tx, const Activation& a);
// The activations matched in [from, to), all or one leader's, in the order of their match.
std::vector<ActivationTime> activation_times(store::Tx& tx, TimePoint from, TimePoint to,
                                             const std::optional<std::string>& agent_id);
// Ids of activations still waiting for the fingerprint that started before `cutoff`.
std::vector<std::string> stale_activations(store::Tx& tx, TimePoint cutoff, int limit);
bool party_has_rejected_activation(store::Tx& tx, const std::string& party_id);

// FL-2: failed fingerprint checks of the document for the number.
std::int64_t biometric_failures(store::Tx& tx, const std::string& holder_doc,
                                const std::string& msisdn);
void insert_attempt(store::Tx& tx, const Activation& a, bool match, TimePoint at);

// ---- form requests ----

void insert_request(store::Tx& tx, const ActivationRequest& r);
std::optional<ActivationRequest> load_request(store::Tx& tx, const std::string& id, bool lock);
void update_request(store::Tx& tx, const ActivationRequest& r);
// By due date, oldest first.
std::pair<std::vector<ActivationRequest>, std::int64_t> list_requests(
    store::Tx& tx, const std::optional<std::string>& status, std::int64_t offset,
    std::int64_t limit);

// ---- ports in ----

void insert_port(store::Tx& tx, const PortIn& p);
std::optional<PortIn> load_port(store::Tx& tx, const std::string& id, bool lock);
// Every port into the line, newest first.
std::vector<PortIn> ports_of_line(store::Tx& tx, const std::string& product_id);
// Whether a port in progress has the number or the line.
bool port_open_for_number(store::Tx& tx, const std::string& e164);
bool port_open_for_line(store::Tx& tx, const std::string& product_id);
// PIN checks of a number (FL-6): take the number's turn, count those made
// after `since` (and the oldest of them), add one, forget one.
void pin_turn(store::Tx& tx, const std::string& e164);
struct PinAttempts {
  std::int64_t count = 0;
  std::optional<TimePoint> oldest;
};
PinAttempts pin_attempts_since(store::Tx& tx, const std::string& e164, TimePoint since);
void insert_pin_attempt(store::Tx& tx, const std::string& id, const std::string& e164,
                        const std::string& product_id, const std::optional<std::string>& agent_id,
                        TimePoint at);
void delete_pin_attempt(store::Tx& tx, const std::string& id);
// Forgets the checks made at or before `until`; returns how many.
std::int64_t purge_pin_attempts(store::Tx& tx, TimePoint until);
// Whether a port into the line has completed: it holds a ported number.
bool port_done_for_line(store::Tx& tx, const std::string& product_id);
// Ids of ports in progress due at `now`, oldest first.
std::vector<std::string> due_ports(store::Tx& tx, TimePoint now, int limit);
void update_port(store::Tx& tx, const PortIn& p);

}  // namespace abonado::lines::repo
