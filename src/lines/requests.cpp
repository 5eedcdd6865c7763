#include "lines/requests.hpp"

#include <algorithm>

#include "auth/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "lines/activation.hpp"
#include "lines/contacts.hpp"
#include "lines/json.hpp"
#include "lines/repo.hpp"

namespace abonado::lines {
namespace {

// A category as the customer's history names it, in the operator's language
// (the console's words for it); the code itself for one this does not know.
std::string category_words(const std::string& language, const std::string& category) {
  struct Words {
    std::string_view code, en, es, ru;
  };
  static constexpr Words kWords[] = {
      {"foreigner", "foreigner with CE or passport", "extranjero con CE o pasaporte",
       "иностранец с CE или паспортом"},
      {"disability", "person with a disability", "persona con discapacidad",
       "человек с инвалидностью"},
      {"company", "company with RUC", "empresa con RUC", "компания с RUC"},
      {"appRejected", "refused by the app", "rechazado por la app", "отказ в приложении"}};
  for (const auto& w : kWords) {
    if (w.code != category) continue;
    return std::string(language == "es" ? w.es : language == "ru" ? w.ru : w.en);
  }
  return category;
}

// The address a completion is mailed to (FL-4); none: an SMS on the new line.
const party::ContactMedium* email_of(const party::Party& p) {
  auto it = std::find_if(p.contacts.begin(), p.contacts.end(),
                         [](const party::ContactMedium& c) { return c.medium_type == "email"; });
  return it == p.contacts.end() ? nullptr : &*it;
}

// Where a rejection goes without an email address: the customer's own mobile,
// the preferred one first (the SIM of the request never became a line).
const party::ContactMedium* mobile_of(const party::Party& p) {
  const party::ContactMedium* found = nullptr;
  for (const auto& c : p.contacts) {
    if (c.medium_type != "mobile" || c.phone_e164.empty()) continue;
    if (c.preferred) return &c;
    if (!found) found = &c;
  }
  return found;
}

// How a rejection reaches the customer: "email", "sms" or "none".
const char* rejection_channel(const party::Party& p) {
  return email_of(p) ? "email" : mobile_of(p) ? "sms" : "none";
}

constexpr const char* kCaseType = "activationRequest";
constexpr std::size_t kMaxDocuments = 10;
constexpr std::size_t kMaxReason = 500;

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

Error wrong_category(const std::string& why) { return Error(Code::kInvalidField, why, "category"); }

}  // namespace

void ActivationRequests::check_category(store::Tx& tx, const std::string& category,
                                        const party::Party& p) const {
  const auto& rules = lines_.rules();
  if (!contains(rules.form_categories, category)) {
    std::string list;
    for (const auto& c : rules.form_categories) list += (list.empty() ? "" : ", ") + c;
    throw Error(Code::kInvalidField, "category must be one of " + list, "category");
  }
  bool company = p.kind == party::PartyKind::kOrganization;
  if ((category == "company") != company) {
    throw wrong_category(company ? "a company's request has category company"
                                 : "category company is for organizations");
  }
  if (category == "disability" && !p.disability) {
    throw wrong_category("category disability is for parties registered with a disability");
  }
  if (category == "foreigner" &&
      std::all_of(p.documents.begin(), p.documents.end(), [&](const party::Identification& d) {
        return contains(rules.app_documents, d.type);
      })) {
    throw wrong_category("category foreigner is for holders of a foreign document (CE, passport)");
  }
  if (category == "appRejected" && !repo::party_has_rejected_activation(tx, p.id)) {
    throw wrong_category(
        "category appRejected is for parties whose app activation was rejected (FL-5)");
  }
}

ActivationRequest ActivationRequests::create(store::Tx& tx, const Actor& by,
                                             const NewRequest& n) const {
  party::Party p = lines_.party(tx, n.party_id, "partyId");
  check_category(tx, n.category, p);
  int needed = 1;
  for (const auto& f : lines_.rules().form_documents) {
    if (f.category == n.category) needed = f.min_count;
  }
  if (n.documents.size() < static_cast<std::size_t>(needed)) {
    throw Error(
        Code::kMissingField,
        "a " + n.category + " request needs at least " + std::to_string(needed) + " document(s)",
        "documents");
  }
  if (n.documents.size() > kMaxDocuments) {
    throw Error(Code::kInvalidField,
                "a request takes at most " + std::to_string(kMaxDocuments) + " documents",
                "documents");
  }
  HolderDocument doc = lines_.holder_document(p);
  lines_.check_line_limit(tx, doc.key(), p.id);
  auto now = clock_.now();
  ActivationRequest r;
  r.id = new_id(now);
  r.product_id = new_id(now);
  r.party_id = p.id;
  r.holder_doc = doc.key();
  r.category = n.category;
  r.iccid = n.iccid;
  r.status = std::string(kRequestPending);
  r.due_at = calendar_.add_business_days(now, lines_.rules().form_business_days);
  r.documents = n.documents;
  if (!by.agent_id.empty()) r.created_by = by.agent_id;
  r.created_at = now;
  r.updated_at = now;
  for (std::size_t i = 0; i < n.documents.size(); ++i) {
    std::string field = "documents[" + std::to_string(i) + "]";
    const auto& id = n.documents[i];
    if (std::find(n.documents.begin(), n.documents.begin() + i, id) != n.documents.begin() + i) {
      throw Error(Code::kInvalidField, "the same document is given twice", field);
    }
    auto a = attachments_.find(tx, id);
    // A copy the sender may not read (another agent's upload) is, for them, none.
    if (!a || !attachments::may_read(by, *a)) {
      throw Error(Code::kNotFound, "no attachment with id " + id, field);
    }
    if (a->case_id) throw Error(Code::kInvalidField, "the document belongs to another case", field);
  }
  lines_.reserve_sim(tx, r.iccid, r.product_id);
  repo::insert_request(tx, r);
  for (const auto& id : n.documents) attachments_.link(tx, by, id, kCaseType, r.id);
  auth::record(tx, by, now,
               {"activationRequest.create", "activationRequest", r.id, std::nullopt,
                request_json(r, now).dump()});
  interactions_.record(
      tx, by,
      contact(
          r.party_id, "web", "inbound",
          words(lines_.rules().language, care::ContactText::kActivationRequest), "pending",
          words(lines_.rules().language, care::ContactText::kRequestPending,
                {{"category", category_words(lines_.rules().language, r.category)},
                 {"due", care::local_time_text(lines_.rules().language, calendar_, r.due_at)}})));
  return r;
}

void ActivationRequests::describe(store::Tx& tx, ActivationRequest& r) const {
  party::Party p = lines_.party(tx, r.party_id, "partyId");
  r.party_name = p.full_name;
  r.completion_notice = email_of(p) ? "email" : "sms";
  r.rejection_notice = rejection_channel(p);
}

std::optional<ActivationRequest> ActivationRequests::find(store::Tx& tx, const Actor& by,
                                                          const std::string& id) const {
  auto r = repo::load_request(tx, id, false);
  if (!r || (!sees_every_case(by) && r->created_by != by.agent_id)) return std::nullopt;
  describe(tx, *r);
  return r;
}

std::pair<std::vector<ActivationRequest>, std::int64_t> ActivationRequests::list(
    store::Tx& tx, const std::optional<std::string>& status, std::int64_t offset,
    std::int64_t limit) const {
  auto out = repo::list_requests(tx, status, offset, limit);
  for (auto& r : out.first) describe(tx, r);
  return out;
}

ActivationRequest ActivationRequests::pending(store::Tx& tx, const std::string& id) const {
  auto r = repo::load_request(tx, id, true);
  if (!r) throw Error(Code::kNotFound, "no activation request with id " + id, "id");
  if (r->status != kRequestPending) {
    throw Error(Code::kRequestAlreadyDecided, "the request is already " + r->status, "id");
  }
  return std::move(*r);
}

ActivationRequest ActivationRequests::complete(store::Tx& tx, const Actor& by,
                                               const std::string& id) const {
  ActivationRequest r = pending(tx, id);
  auto now = clock_.now();
  auto before = request_json(r, now).dump();
  std::string msisdn = lines_.reserve_number(tx, r.holder_doc, r.product_id);
  Line line =
      lines_.open_line(tx, by, {r.product_id, r.party_id, r.holder_doc, r.iccid, msisdn, "form"});
  r.status = std::string(kRequestCompleted);
  r.msisdn = line.msisdn;
  if (!by.agent_id.empty()) r.decided_by = by.agent_id;
  r.decided_at = now;
  r.updated_at = now;
  repo::update_request(tx, r);
  auth::record(tx, by, now,
               {"activationRequest.complete", "activationRequest", r.id, before,
                request_json(r, now).dump()});
  // FL-4: the customer hears by email; without an address, by SMS on the new line.
  party::Party p = lines_.party(tx, r.party_id, "partyId");
  const party::ContactMedium* email = email_of(p);
  notify::TemplateMessage m =
      message(r.party_id, notify::Channel::kSms, line.msisdn, "line_activated",
              lines_.rules().language, {{"msisdn", national_number(line.msisdn)}});
  if (email) {
    m.channel = notify::Channel::kEmail;
    m.recipient = email->email;
    m.template_name = "form_completed";
    m.vars["name"] = p.kind == party::PartyKind::kIndividual ? p.given_name : p.full_name;
  }
  outbox_.enqueue_template(tx, by, m);
  interactions_.record(
      tx, by,
      contact(r.party_id, email ? "email" : "sms", "outbound",
              words(lines_.rules().language, care::ContactText::kActivationRequest), "completed",
              words(lines_.rules().language, care::ContactText::kRequestCompleted,
                    {{"category", category_words(lines_.rules().language, r.category)},
                     {"msisdn", line.msisdn}}),
              line.id));
  return r;
}

ActivationRequest ActivationRequests::reject(store::Tx& tx, const Actor& by, const std::string& id,
                                             const std::string& text) const {
  if (text.empty()) throw Error(Code::kMissingField, "field 'reason' is required", "reason");
  // Spaces and line breaks around it say nothing and count toward nothing.
  constexpr std::string_view kAround = " \t\r\n";
  auto first = text.find_first_not_of(kAround);
  std::string reason = first == std::string::npos
                           ? std::string()
                           : text.substr(first, text.find_last_not_of(kAround) - first + 1);
  // The customer reads it in the rejection's email: lines of printed text
  // (tabs and blank lines between them allowed), and blanks say nothing.
  bool says_something = false;
  std::string_view rest = reason;
  while (!rest.empty()) {
    auto end = rest.find('\n');
    std::string line(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::replace(line.begin(), line.end(), '\t', ' ');
    LineProblem problem = line_problem(line);
    if (problem == LineProblem::kBlank) continue;
    if (problem != LineProblem::kNone) {
      throw Error(Code::kInvalidField,
                  "reason must be printed text: no control characters or direction marks",
                  "reason");
    }
    says_something = true;
  }
  if (!says_something) {
    throw Error(Code::kInvalidField, "reason must say why the request is rejected", "reason");
  }
  // Characters, not bytes: a reason in Russian takes two bytes a letter.
  auto characters = std::count_if(reason.begin(), reason.end(), [](char ch) {
    return (static_cast<unsigned char>(ch) & 0xC0) != 0x80;  // not a continuation byte
  });
  if (static_cast<std::size_t>(characters) > kMaxReason) {
    throw Error(Code::kInvalidField,
                "reason must have at most " + std::to_string(kMaxReason) + " characters", "reason");
  }
  ActivationRequest r = pending(tx, id);
  auto now = clock_.now();
  auto before = request_json(r, now).dump();
  lines_.release(tx, r.iccid, std::nullopt);
  r.status = std::string(kRequestRejected);
  r.reason = reason;
  if (!by.agent_id.empty()) r.decided_by = by.agent_id;
  r.decided_at = now;
  r.updated_at = now;
  repo::update_request(tx, r);
  auth::record(
      tx, by, now,
      {"activationRequest.reject", "activationRequest", r.id, before, request_json(r, now).dump()});
  // The customer waited for an answer: the reason by email, else an SMS to
  // their own mobile asking them to get in touch; without either, the agent
  // tells them (the queue said so: rejectionNotice "none").
  party::Party p = lines_.party(tx, r.party_id, "partyId");
  const std::string& lang = lines_.rules().language;
  const char* channel = rejection_channel(p);
  if (const party::ContactMedium* email = email_of(p)) {
    notify::TemplateMessage m = message(r.party_id, notify::Channel::kEmail, email->email,
                                        "form_rejected", lang, {{"reason", reason}});
    m.vars["name"] = p.kind == party::PartyKind::kIndividual ? p.given_name : p.full_name;
    outbox_.enqueue_template(tx, by, m);
  } else if (const party::ContactMedium* mobile = mobile_of(p)) {
    outbox_.enqueue_template(tx, by,
                             message(r.party_id, notify::Channel::kSms, mobile->phone_e164,
                                     "request_rejected", lang, {}));
  }
  interactions_.record(
      tx, by,
      contact(r.party_id, std::string_view(channel) == "none" ? "web" : channel, "outbound",
              words(lines_.rules().language, care::ContactText::kActivationRequest), "rejected",
              words(lines_.rules().language, care::ContactText::kRequestRejected,
                    {{"category", category_words(lines_.rules().language, r.category)},
                     {"reason", reason}})));
  return r;
}

}  // namespace abonado::lines
