#include "lines/service.hpp"

#include <algorithm>
#include <stdexcept>

#include "auth/audit.hpp"
#include "core/error.hpp"
#include "lines/json.hpp"
#include "lines/repo.hpp"

namespace abonado::lines {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

HolderDocument holder_of(const party::Identification& d) { return {d.type, d.country, d.number}; }

}  // namespace

LineRules line_rules(const Policy& policy) {
  LineRules r;
  r.max_active_lines = policy.limits.max_active_lines;
  if (policy.limits.biometric_attempts) r.biometric_attempts = *policy.limits.biometric_attempts;
  if (policy.activation) {
    r.session_minutes = policy.activation->session_minutes;
    r.number_quarantine_days = policy.activation->number_quarantine_days;
    r.target_minutes = policy.activation->target_minutes;
    r.app_documents = policy.activation->app_documents;
    r.form_categories = policy.activation->form_categories;
    r.form_documents = policy.activation->form_documents;
  }
  if (policy.deadlines.form_business_days) {
    r.form_business_days = *policy.deadlines.form_business_days;
  }
  if (policy.deadlines.port_hours) r.port_hours = *policy.deadlines.port_hours;
  if (policy.porting_pin && policy.porting_pin->max_attempts) {
    r.pin_attempts = *policy.porting_pin->max_attempts;
  }
  if (policy.porting_pin && policy.porting_pin->lock_hours) {
    r.pin_lock_hours = *policy.porting_pin->lock_hours;
  }
  if (policy.porting_pin) r.donors = policy.porting_pin->donors;
  r.phone_region = policy.phone_region;
  r.language = policy.language;
  return r;
}

party::Party Lines::party(store::Tx& tx, const std::string& id, const std::string& field) const {
  auto p = parties_.find_party(tx, id);
  if (!p) throw Error(Code::kNotFound, "no party with id " + id, field);
  return std::move(*p);
}

HolderDocument Lines::holder_document(const party::Party& p) const {
  if (p.documents.empty()) {
    throw Error(Code::kInvalidField, "the party has no identity document", "partyId");
  }
  for (const auto& d : p.documents) {
    if (contains(rules_.app_documents, d.type)) return holder_of(d);
  }
  return holder_of(p.documents.front());
}

HolderDocument Lines::app_document(const party::Party& p) const {
  // FL-4: companies, persons with a disability and foreigners use the form.
  auto refuse = [](const std::string& who, const char* category) {
    throw Error(Code::kAppNotAllowed,
                who +
                    " cannot be activated in the app: send a form request "
                    "(POST /api/v1/activationRequests) with category " +
                    category,
                "partyId");
  };
  if (p.kind == party::PartyKind::kOrganization) refuse("A company", "company");
  if (p.disability) refuse("A person with a disability", "disability");
  if (p.documents.empty()) refuse("A party without an identity document", "foreigner");
  HolderDocument doc = holder_document(p);
  if (!contains(rules_.app_documents, doc.type)) refuse("A holder of " + doc.type, "foreigner");
  return doc;
}

void Lines::check_line_limit(store::Tx& tx, const std::string& holder_doc,
                             const std::string& party_id) const {
  repo::lock_holder(tx, holder_doc, party_id, clock_.now());
  if (!rules_.max_active_lines) return;
  if (repo::live_lines(tx, holder_doc) >= *rules_.max_active_lines) {
    throw Error(Code::kLineLimitReached,
                "the document already holds " + std::to_string(*rules_.max_active_lines) +
                    " active lines, the most allowed",
                "partyId");
  }
}

void Lines::reserve_sim(store::Tx& tx, const std::string& iccid,
                        const std::string& product_id) const {
  auto sim = repo::find_sim(tx, iccid);
  if (!sim) throw Error(Code::kSimNotFound, "no SIM card with ICCID " + iccid, "iccid");
  // The conditional move is what decides a race for the same SIM.
  if (sim->status != kInStock ||
      !repo::move_sim(tx, iccid, kInStock, kReserved, product_id, clock_.now())) {
    throw Error(Code::kSimNotAvailable, "the SIM card " + iccid + " is already reserved or in use",
                "iccid");
  }
}

std::string Lines::reserve_number(store::Tx& tx, const std::string& holder_doc,
                                  const std::string& product_id) const {
  auto msisdn = repo::free_number(tx, holder_doc, rules_.biometric_attempts, clock_.now());
  if (!msisdn || !repo::move_number(tx, *msisdn, kInStock, kReserved, product_id, clock_.now())) {
    throw Error(Code::kNoNumberAvailable, "no number is free in the pool");
  }
  return *msisdn;
}

void Lines::release(store::Tx& tx, const std::string& iccid,
                    const std::optional<std::string>& msisdn) const {
  auto now = clock_.now();
  repo::move_sim(tx, iccid, kReserved, kInStock, std::nullopt, now);
  if (msisdn) repo::move_number(tx, *msisdn, kReserved, kInStock, std::nullopt, now);
}

Line Lines::open_line(store::Tx& tx, const Actor& by, const OpenLine& o) const {
  check_line_limit(tx, o.holder_doc, o.party_id);
  auto now = clock_.now();
  if (!repo::move_sim(tx, o.iccid, kReserved, kAssigned, o.product_id, now) ||
      !repo::move_number(tx, o.msisdn, kReserved, kAssigned, o.product_id, now)) {
    // Reservations are only undone by the same row's own steps, under its lock.
    throw std::logic_error("a line's reserved SIM or number was not reserved");
  }
  Line l;
  l.id = o.product_id;
  l.party_id = o.party_id;
  party::CustomerFilter f;
  f.party_id = o.party_id;
  f.limit = 1;
  auto customers = parties_.list_customers(tx, f).first;
  if (!customers.empty()) l.customer_id = customers.front().id;
  l.msisdn = o.msisdn;
  l.iccid = o.iccid;
  l.status = std::string(kLineActive);
  l.created_at = now;
  l.updated_at = now;
  repo::insert_line(tx, {l, o.holder_doc, o.channel});
  parties_.index_phone(tx, l.party_id, l.msisdn);
  auth::record(tx, by, now, {"product.create", "product", l.id, std::nullopt, line_json(l).dump()});
  if (opened_) opened_(tx, l);
  return l;
}

Line Lines::change_number(store::Tx& tx, const Actor& by, const std::string& id,
                          const std::string& e164) const {
  auto before = find_line(tx, id);
  if (!before) throw Error(Code::kNotFound, "no line with id " + id, "productId");
  auto now = clock_.now();
  Line after = *before;
  after.msisdn = e164;
  after.updated_at = now;
  repo::set_line_msisdn(tx, id, e164, now);
  repo::return_number(tx, before->msisdn, now,
                      now + std::chrono::days(rules_.number_quarantine_days));
  parties_.unindex_phone(tx, after.party_id, before->msisdn);
  parties_.index_phone(tx, after.party_id, e164);
  auth::record(
      tx, by, now,
      {"product.change_number", "product", id, line_json(*before).dump(), line_json(after).dump()});
  return after;
}

std::optional<Line> Lines::find(store::Tx& tx, const std::string& id) const {
  return find_line(tx, id);
}

std::pair<std::vector<Line>, std::int64_t> Lines::list(store::Tx& tx,
                                                       const ProductFilter& f) const {
  return repo::list_lines(tx, {f.party_id, f.status, f.msisdn, f.offset, f.limit});
}

std::vector<std::vector<Line>> Lines::of_parties(store::Tx& tx,
                                                 const std::vector<std::string>& party_ids) const {
  return repo::lines_of_parties(tx, party_ids);
}

}  // namespace abonado::lines
