#include "lines/porting.hpp"

#include "auth/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "lines/activation.hpp"
#include "lines/contacts.hpp"
#include "lines/json.hpp"
#include "lines/repo.hpp"

namespace abonado::lines {

void PortIns::check(store::Tx& tx, const Actor& by, const NewPortIn& n) const {
  auto line = lines_.find(tx, n.product_id);
  if (!line) throw Error(Code::kNotFound, "no line with id " + n.product_id, "productId");
  if (line->status != kLineActive) {
    throw Error(Code::kLineNotActive, "the line is " + line->status + ", not active", "productId");
  }
  if (n.activation_id) {
    auto a = repo::load_activation(tx, *n.activation_id, false);
    if (!a || !reaches(by, *a)) {
      throw Error(Code::kNotFound, "no activation with id " + *n.activation_id, "activationId");
    }
    if (a->product_id != line->id || a->status != kActivated) {
      throw Error(Code::kInvalidField, "the activation did not open this line", "activationId");
    }
    // FL-7: the PIN belongs to the session; once closed, the port starts from the account.
    if (!a->session_open(clock_.now())) {
      throw Error(Code::kActivationSessionClosed,
                  "the activation session is closed: start the port from the customer's account",
                  "activationId");
    }
  }
  if (repo::find_number(tx, n.msisdn) || repo::number_in_use(tx, n.msisdn)) {
    if (repo::port_open_for_number(tx, n.msisdn)) {
      throw Error(Code::kPortInProgress, "the number is already being ported in", "msisdn");
    }
    throw Error(Code::kNumberAlreadyOurs, "the number " + n.msisdn + " is already ours", "msisdn");
  }
  if (repo::port_open_for_line(tx, n.product_id)) {
    throw Error(Code::kPortInProgress, "a port to this line is already in progress", "productId");
  }
  // A second port would hand the first ported number back to our pool as
  // stock: a line takes one ported number (FL-8 ports the customer's one).
  if (repo::port_done_for_line(tx, n.product_id)) {
    throw Error(Code::kConflict, "this line already holds a number ported in", "productId");
  }
}

PinCheck PortIns::claim_pin_check(store::Tx& tx, const Actor& by, const NewPortIn& n) const {
  const LineRules& rules = lines_.rules();
  auto now = clock_.now();
  repo::pin_turn(tx, n.msisdn);
  auto lock = std::chrono::hours(rules.pin_lock_hours);
  auto made = repo::pin_attempts_since(tx, n.msisdn, now - lock);
  // When the oldest counted check (this one, if none) stops counting.
  TimePoint again = made.oldest.value_or(now) + lock;
  if (made.count >= rules.pin_attempts) {
    throw Error(Code::kPortingPinAttemptsExhausted,
                std::to_string(made.count) + " PINs were tried for " + n.msisdn + " within " +
                    std::to_string(rules.pin_lock_hours) +
                    " hours: its port can be tried again after " + format_iso(again),
                "pin")
        .with("retryAt", format_iso(again));
  }
  PinCheck c{new_id(now), rules.pin_attempts - static_cast<int>(made.count) - 1, again};
  repo::insert_pin_attempt(tx, c.id, n.msisdn, n.product_id,
                           by.agent_id.empty() ? std::nullopt : std::optional(by.agent_id), now);
  return c;
}

void PortIns::forget_pin_check(store::Tx& tx, const std::string& id) const {
  repo::delete_pin_attempt(tx, id);
}

std::int64_t PortIns::purge_pin_checks(store::Tx& tx, TimePoint now) const {
  return repo::purge_pin_attempts(tx, now - std::chrono::hours(lines_.rules().pin_lock_hours));
}

PortIn PortIns::start(store::Tx& tx, const Actor& by, const NewPortIn& n) const {
  check(tx, by, n);
  auto line = lines_.find(tx, n.product_id);
  auto now = clock_.now();
  PortIn p;
  p.id = new_id(now);
  p.party_id = line->party_id;
  p.product_id = line->id;
  p.msisdn = n.msisdn;
  p.temporary_msisdn = line->msisdn;
  p.donor_operator = n.donor_operator;
  p.activation_id = n.activation_id;
  p.status = std::string(kPortInProgress);
  p.due_at = now + std::chrono::hours(lines_.rules().port_hours);
  if (!by.agent_id.empty()) p.created_by = by.agent_id;
  p.created_at = now;
  p.updated_at = now;
  try {
    repo::insert_port(tx, p);
  } catch (const store::UniqueViolation&) {
    throw Error(Code::kPortInProgress, "the number or the line is already being ported", "msisdn");
  }
  if (!repo::hold_ported_number(tx, p.msisdn, p.product_id, now)) {
    throw Error(Code::kNumberAlreadyOurs, "the number " + p.msisdn + " is already ours", "msisdn");
  }
  auth::record(tx, by, now, {"portIn.create", "portIn", p.id, std::nullopt, port_json(p).dump()});
  // The leader's app in the street (FL-7); from the account (FL-8), the call
  // center took it by phone, the back office from the customer's request.
  const char* channel = p.activation_id                                             ? "app"
                        : by.roles.intersects({Role::kOperator, Role::kSupervisor}) ? "phone"
                                                                                    : "web";
  interactions_.record(
      tx, by,
      contact(p.party_id, channel, "inbound",
              words(lines_.rules().language, care::ContactText::kPortIn), "inProgress",
              words(lines_.rules().language, care::ContactText::kPortInStarted,
                    {{"msisdn", p.msisdn},
                     {"donor", p.donor_operator},
                     {"due", care::local_time_text(lines_.rules().language, calendar_, p.due_at)}}),
              p.product_id));
  return p;
}

std::optional<PortIn> PortIns::find(store::Tx& tx, const Actor& by, const std::string& id) const {
  auto p = repo::load_port(tx, id, false);
  if (!p || !may_read(tx, by, *p)) return std::nullopt;
  return p;
}

bool PortIns::may_read(store::Tx& tx, const Actor& by, const PortIn& p) const {
  if (sees_every_case(by)) return true;
  if (p.activation_id) {
    auto a = repo::load_activation(tx, *p.activation_id, false);
    return a && reaches(by, *a);
  }
  return p.created_by == by.agent_id;
}

std::pair<std::vector<PortIn>, std::int64_t> PortIns::of_line(store::Tx& tx, const Actor& by,
                                                              const std::string& product_id,
                                                              std::int64_t offset,
                                                              std::int64_t limit) const {
  if (!lines_.find(tx, product_id)) {
    throw Error(Code::kNotFound, "no line with id " + product_id, "productId");
  }
  // A line has a port or two in its life: they are read whole and paged here.
  std::vector<PortIn> readable;
  for (auto& p : repo::ports_of_line(tx, product_id)) {
    if (may_read(tx, by, p)) readable.push_back(std::move(p));
  }
  auto total = static_cast<std::int64_t>(readable.size());
  std::vector<PortIn> page;
  for (std::int64_t i = offset; i < total && i < offset + limit; ++i) {
    page.push_back(std::move(readable[static_cast<std::size_t>(i)]));
  }
  return {std::move(page), total};
}

std::vector<std::string> PortIns::due(store::Tx& tx, TimePoint now) const {
  constexpr int kBatch = 100;
  return repo::due_ports(tx, now, kBatch);
}

bool PortIns::complete(store::Tx& tx, const std::string& id, TimePoint now) const {
  auto p = repo::load_port(tx, id, true);
  // Another node, or an earlier run, may have done it.
  if (!p || p->status != kPortInProgress || p->due_at > now) return false;
  auto holder = find_line_by_msisdn(tx, p->msisdn);
  if (holder && holder->id != p->product_id &&
      (holder->status == kLineActive || holder->status == kLineSuspended)) {
    fail(tx, *p, "the number is on another line", now);
    return false;
  }
  if (!repo::claim_ported_number(tx, p->msisdn, p->product_id, now)) {
    fail(tx, *p, "the number is reserved for another line in the pool", now);
    return false;
  }
  auto system = Actor::system("lines.complete_ports");
  auto before = port_json(*p).dump();
  Line line = lines_.change_number(tx, system, p->product_id, p->msisdn);
  p->status = std::string(kPortCompleted);
  p->completed_at = now;
  p->updated_at = now;
  repo::update_port(tx, *p);
  auth::record(tx, system, now, {"portIn.complete", "portIn", p->id, before, port_json(*p).dump()});
  outbox_.enqueue_template(
      tx, system,
      message(p->party_id, notify::Channel::kSms, line.msisdn, "port_in_done",
              lines_.rules().language, {{"msisdn", national_number(line.msisdn)}}));
  interactions_.record(
      tx, system,
      contact(p->party_id, "sms", "outbound",
              words(lines_.rules().language, care::ContactText::kPortIn), "completed",
              words(lines_.rules().language, care::ContactText::kPortInCompleted,
                    {{"msisdn", p->msisdn}, {"temporary", p->temporary_msisdn}}),
              p->product_id));
  return true;
}

void PortIns::fail(store::Tx& tx, PortIn& p, const std::string& reason, TimePoint now) const {
  auto system = Actor::system("lines.complete_ports");
  auto before = port_json(p).dump();
  repo::release_ported_number(tx, p.msisdn, p.product_id);
  p.status = std::string(kPortFailed);
  p.reason = reason;
  p.updated_at = now;
  repo::update_port(tx, p);
  auth::record(tx, system, now, {"portIn.fail", "portIn", p.id, before, port_json(p).dump()});
  interactions_.record(tx, system,
                       contact(p.party_id, "web", "outbound",
                               words(lines_.rules().language, care::ContactText::kPortIn), "failed",
                               words(lines_.rules().language, care::ContactText::kPortInFailed,
                                     {{"msisdn", p.msisdn},
                                      {"reason", reason},
                                      {"temporary", p.temporary_msisdn}}),
                               p.product_id));
}

}  // namespace abonado::lines
