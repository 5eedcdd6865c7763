#include "lines/activation.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

#include "auth/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "lines/contacts.hpp"
#include "lines/json.hpp"
#include "lines/repo.hpp"

namespace abonado::lines {
namespace {

Error exhausted() {
  return Error(Code::kBiometricAttemptsExhausted,
               "the fingerprint did not match too many times for this document and number: "
               "send a form request (POST /api/v1/activationRequests) with category appRejected",
               "id");
}

// Nearest rank: the smallest value with at least `percent`% of `sorted` at or below it.
std::int64_t percentile(const std::vector<std::int64_t>& sorted, int percent) {
  if (sorted.empty()) return 0;
  auto rank = (sorted.size() * static_cast<std::size_t>(percent) + 99) / 100;
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

Error not_pending(const Activation& a) {
  return Error(Code::kActivationNotPending,
               "the activation is " + a.status + ", not waiting for a fingerprint", "id");
}

}  // namespace

HolderDocument holder_from_key(const std::string& key) {
  auto first = key.find(':');
  auto second = key.find(':', first + 1);
  if (first == std::string::npos || second == std::string::npos) {
    throw std::logic_error("malformed holder document key");
  }
  return {key.substr(0, first), key.substr(first + 1, second - first - 1), key.substr(second + 1)};
}

int Activations::attempts_left(store::Tx& tx, const Activation& a) const {
  auto failures = repo::biometric_failures(tx, a.holder_doc, a.msisdn);
  return std::max<int>(0, lines_.rules().biometric_attempts - static_cast<int>(failures));
}

ActivationView Activations::start(store::Tx& tx, const Actor& by, const NewActivation& n) const {
  party::Party p = lines_.party(tx, n.party_id, "partyId");
  HolderDocument doc = lines_.app_document(p);
  auto now = clock_.now();
  auto session = std::chrono::minutes(lines_.rules().session_minutes);
  // The phone lost the match's answer: the leader who matched it, starting
  // again within the session's minutes, is shown the line (its number, and
  // the port while the session is open), not told that the SIM is taken and
  // to use another one (a second line).
  auto matched = [&]() -> std::optional<ActivationView> {
    auto m = repo::matched_activation(tx, p.id, n.iccid, now - session);
    if (!m || by.agent_id.empty() || m->agent_id != by.agent_id) return std::nullopt;
    int left = attempts_left(tx, *m);
    return ActivationView{std::move(*m), left, true};
  };
  if (auto v = matched()) return std::move(*v);
  // FL-3 now, so the leader does not take a fingerprint for nothing; the
  // match checks it again under the document's lock.
  lines_.check_line_limit(tx, doc.key(), p.id);
  // The same leader starting the same customer's activation with the same SIM
  // again (the phone's browser lost the wizard: logged out, another device)
  // resumes it, instead of finding the SIM held by their own activation
  // until the session expires. One whose session has run out is the expiry
  // job's, not resumed.
  if (auto waiting = repo::pending_activation_of_sim(tx, n.iccid);
      waiting && waiting->party_id == p.id && !by.agent_id.empty() &&
      waiting->agent_id == by.agent_id && waiting->created_at >= now - session) {
    int left = attempts_left(tx, *waiting);
    return {std::move(*waiting), left, true};
  }
  // On PostgreSQL the lookup above waits for a match committing meanwhile
  // (the lost answer's own request) and then finds nothing pending: that
  // match is visible now.
  if (auto v = matched()) return std::move(*v);
  Activation a;
  a.id = new_id(now);
  a.product_id = new_id(now);
  a.party_id = p.id;
  a.holder_doc = doc.key();
  a.iccid = n.iccid;
  a.channel = "app";
  a.status = std::string(kPendingBiometric);
  if (!by.agent_id.empty()) a.agent_id = by.agent_id;
  a.created_at = now;
  a.updated_at = now;
  lines_.reserve_sim(tx, a.iccid, a.product_id);
  a.msisdn = lines_.reserve_number(tx, a.holder_doc, a.product_id);
  try {
    repo::insert_activation(tx, a);
  } catch (const store::UniqueViolation&) {
    // The SIM's conditional move decides races; the index is the backstop.
    throw Error(Code::kSimNotAvailable, "the SIM card " + a.iccid + " is already being activated",
                "iccid");
  }
  auth::record(
      tx, by, now,
      {"activation.create", "activation", a.id, std::nullopt, activation_json(a, now).dump()});
  return {a, attempts_left(tx, a)};
}

bool sees_every_case(const Actor& by) {
  return by.agent_id.empty() ||  // the system's jobs
         by.roles.intersects({Role::kAdmin, Role::kOperator, Role::kBackoffice});
}

bool reaches(const Actor& by, const Activation& a) {
  return sees_every_case(by) || a.agent_id == by.agent_id;
}

std::optional<ActivationView> Activations::find(store::Tx& tx, const Actor& by,
                                                const std::string& id) const {
  auto a = repo::load_activation(tx, id, false);
  if (!a || !reaches(by, *a)) return std::nullopt;
  int left = attempts_left(tx, *a);
  return ActivationView{std::move(*a), left};
}

Activation Activations::locked(store::Tx& tx, const Actor& by, const std::string& id) const {
  auto a = repo::load_activation(tx, id, true);
  if (!a || !reaches(by, *a)) throw Error(Code::kNotFound, "no activation with id " + id, "id");
  return std::move(*a);
}

HolderDocument Activations::pending_document(store::Tx& tx, const Actor& by,
                                             const std::string& id) const {
  auto a = repo::load_activation(tx, id, false);
  if (!a || !reaches(by, *a)) throw Error(Code::kNotFound, "no activation with id " + id, "id");
  if (a->status == kRejected) throw exhausted();
  if (a->status != kPendingBiometric) throw not_pending(*a);
  return holder_from_key(a->holder_doc);
}

void Activations::end_pending(store::Tx& tx, const Actor& by, Activation& a,
                              std::string_view status) const {
  auto before = activation_json(a, clock_.now()).dump();
  lines_.release(tx, a.iccid, a.msisdn);
  a.status = std::string(status);
  a.updated_at = clock_.now();
  a.closed_at = a.updated_at;  // whoever ended it, its session is over
  repo::update_activation(tx, a);
  auth::record(
      tx, by, a.updated_at,
      {"activation.end", "activation", a.id, before, activation_json(a, a.updated_at).dump()});
}

BiometricOutcome Activations::record_check(store::Tx& tx, const Actor& by, const std::string& id,
                                           bool match) const {
  Activation a = locked(tx, by, id);
  if (a.status == kRejected) throw exhausted();
  if (a.status != kPendingBiometric) throw not_pending(a);
  int left = attempts_left(tx, a);
  if (left <= 0) throw exhausted();  // attempts of an earlier activation of the same pair
  auto now = clock_.now();
  repo::insert_attempt(tx, a, match, now);
  if (!match) {
    --left;
    if (left == 0) {
      // FL-2, FL-5: no more attempts for this number; the form channel takes over.
      end_pending(tx, by, a, kRejected);
      interactions_.record(
          tx, by,
          contact(a.party_id, "app", "inbound",
                  words(lines_.rules().language, care::ContactText::kActivation), "rejected",
                  words(lines_.rules().language, care::ContactText::kActivationRejected,
                        {{"attempts", std::to_string(lines_.rules().biometric_attempts)}}),
                  a.product_id));
    }
    return {false, left, a};
  }
  auto before = activation_json(a, now).dump();
  Line line =
      lines_.open_line(tx, by, {a.product_id, a.party_id, a.holder_doc, a.iccid, a.msisdn, "app"});
  a.status = std::string(kActivated);
  a.session_ends_at = now + std::chrono::minutes(lines_.rules().session_minutes);
  a.activated_at = now;
  a.updated_at = now;
  repo::update_activation(tx, a);
  auth::record(tx, by, now,
               {"activation.activate", "activation", a.id, before, activation_json(a, now).dump()});
  // The SIM is in the customer's phone: the message goes to the new line.
  outbox_.enqueue_template(
      tx, by,
      message(a.party_id, notify::Channel::kSms, line.msisdn, "line_activated",
              lines_.rules().language, {{"msisdn", national_number(line.msisdn)}}));
  interactions_.record(tx, by,
                       contact(a.party_id, "app", "inbound",
                               words(lines_.rules().language, care::ContactText::kActivation),
                               "activated",
                               words(lines_.rules().language, care::ContactText::kActivated,
                                     {{"msisdn", line.msisdn}}),
                               line.id));
  return {true, left, a};
}

Activation Activations::close(store::Tx& tx, const Actor& by, const std::string& id) const {
  Activation a = locked(tx, by, id);
  auto now = clock_.now();
  if (a.status == kPendingBiometric) {
    end_pending(tx, by, a, kCancelled);
    return a;
  }
  if (!a.session_open(now)) return a;
  auto before = activation_json(a, now).dump();
  a.closed_at = now;
  a.updated_at = now;
  repo::update_activation(tx, a);
  auth::record(tx, by, now,
               {"activation.close", "activation", a.id, before, activation_json(a, now).dump()});
  return a;
}

void Activations::end_refused(store::Tx& tx, const Actor& by, const std::string& id) const {
  Activation a = locked(tx, by, id);
  if (a.status == kPendingBiometric) end_pending(tx, by, a, kCancelled);
}

int Activations::expire_stale(store::Tx& tx, TimePoint now) const {
  constexpr int kBatch = 100;
  auto cutoff = now - std::chrono::minutes(lines_.rules().session_minutes);
  int ended = 0;
  auto system = Actor::system("lines.expire_activations");
  for (const auto& id : repo::stale_activations(tx, cutoff, kBatch)) {
    Activation a = locked(tx, system, id);
    if (a.status != kPendingBiometric) continue;  // ended meanwhile
    end_pending(tx, system, a, kExpired);
    ++ended;
  }
  return ended;
}

ActivationReport Activations::report(store::Tx& tx, std::chrono::year_month_day first,
                                     std::chrono::year_month_day last,
                                     const std::optional<std::string>& agent_id) const {
  ActivationReport out;
  out.target_minutes = lines_.rules().target_minutes;
  const std::int64_t target_ms = std::int64_t{out.target_minutes} * 60'000;
  auto from = calendar_.start_of(first);
  auto to = calendar_.start_of(std::chrono::sys_days{last} + std::chrono::days{1});
  // Milliseconds each took ("under 5 minutes" compares those); seconds in the report.
  std::vector<std::int64_t> all;
  std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> by_leader;
  for (const auto& t : repo::activation_times(tx, from, to, agent_id)) {
    // A clock set back between the scan and the match gives no negative time.
    auto took = std::max<std::int64_t>(
        0, std::chrono::duration_cast<Millis>(t.activated_at - t.started_at).count());
    all.push_back(took);
    if (t.agent_id) by_leader[{t.agent_name, *t.agent_id}].push_back(took);
  }
  auto within = [&](const std::vector<std::int64_t>& sorted) {
    return static_cast<std::int64_t>(
        std::lower_bound(sorted.begin(), sorted.end(), target_ms) - sorted.begin());
  };
  auto seconds = [](std::int64_t ms) { return ms / 1000; };
  std::sort(all.begin(), all.end());
  out.activated = static_cast<std::int64_t>(all.size());
  out.within_target = within(all);
  out.median_seconds = seconds(percentile(all, 50));
  out.p90_seconds = seconds(percentile(all, 90));
  out.longest_seconds = all.empty() ? 0 : seconds(all.back());
  for (auto& [leader, took] : by_leader) {  // by name
    std::sort(took.begin(), took.end());
    out.leaders.push_back({leader.second, leader.first, static_cast<std::int64_t>(took.size()),
                           within(took), seconds(percentile(took, 50))});
  }
  return out;
}

}  // namespace abonado::lines
