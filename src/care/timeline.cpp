#include "care/timeline.hpp"

#include <algorithm>

#include "auth/audit.hpp"
#include "core/error.hpp"

namespace abonado::care {
namespace {

// Summaries are list lines, not documents.
constexpr std::size_t kSummaryBytes = 200;

// `text` cut to at most `max` bytes on a UTF-8 character boundary, with an
// ellipsis when cut.
std::string clip(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return std::string(text.substr(0, n)) + "\u2026";
}

TimelineItem interaction_item(const Interaction& i) {
  std::string summary = i.channel + ", " + i.direction;
  if (i.outcome) summary += ", " + *i.outcome;
  if (i.description) summary += ": " + *i.description;
  return {"interaction",      i.start, i.id, i.reason, clip(summary, kSummaryBytes), i.agent_name,
          "PartyInteraction", i.id};
}

TimelineItem note_item(const Note& n) {
  return {"note",        n.created_at, n.id, n.type + " note", clip(n.text, kSummaryBytes),
          n.author_name, "Note",       n.id};
}

std::string entity_label(std::string_view type) {
  if (type == "party") return "Party";
  if (type == "customer") return "Customer";
  if (type == "billingAccount") return "Billing account";
  return std::string(type);
}

TimelineItem change_item(const auth::AuditRecord& r, const TimelineSubject& s) {
  std::string verb = r.action.substr(r.action.rfind('.') + 1);
  std::string done = verb == "create" ? "created" : verb == "update" ? "updated" : verb;
  std::string ref_type = r.entity_type == "party"            ? s.party_type
                         : r.entity_type == "customer"       ? "Customer"
                         : r.entity_type == "billingAccount" ? "BillingAccount"
                                                             : r.entity_type;
  return {"change",     r.at,     r.id,       r.action, entity_label(r.entity_type) + " " + done,
          r.actor_name, ref_type, r.entity_id};
}

TimelineSlice audit_slice(store::Tx& tx, const TimelineSubject& s, std::int64_t max) {
  std::vector<std::string> ids = {s.party_id, s.customer_id};
  ids.insert(ids.end(), s.account_ids.begin(), s.account_ids.end());
  TimelineSlice out;
  // One query per entity: a customer has few accounts, and each query is an
  // index range on (entity_id, at).
  for (const auto& id : ids) {
    auth::AuditFilter f;
    f.entity_id = id;
    f.limit = max;
    auto [records, total] = auth::list_audit(tx, f);
    for (const auto& r : records) out.items.push_back(change_item(r, s));
    out.total += total;
  }
  return out;
}

bool newer(const TimelineItem& a, const TimelineItem& b) {
  if (a.at != b.at) return a.at > b.at;
  return a.key > b.key;
}

}  // namespace

Timeline::Timeline(const party::PartyService& parties, const Interactions& interactions,
                   const Notes& notes, std::vector<TimelineSource> extra)
    : parties_(parties) {
  sources_.push_back(
      {"interaction", [&interactions](store::Tx& tx, const TimelineSubject& s, std::int64_t max) {
         InteractionFilter f;
         f.party_id = s.party_id;
         f.limit = max;
         auto [items, total] = interactions.list(tx, f);
         TimelineSlice out{{}, total};
         for (const auto& i : items) out.items.push_back(interaction_item(i));
         return out;
       }});
  sources_.push_back({"note", [&notes](store::Tx& tx, const TimelineSubject& s, std::int64_t max) {
                        auto [items, total] = notes.history(tx, s.party_id, max);
                        TimelineSlice out{{}, total};
                        for (const auto& n : items) out.items.push_back(note_item(n));
                        return out;
                      }});
  sources_.push_back({"change", audit_slice});
  for (auto& source : extra) sources_.push_back(std::move(source));
}

TimelineSlice Timeline::page(store::Tx& tx, const std::string& customer_id,
                             const TimelineQuery& q) const {
  if (q.kind &&
      std::find(kTimelineKinds.begin(), kTimelineKinds.end(), *q.kind) == kTimelineKinds.end()) {
    throw Error(Code::kInvalidParameter, "kind must be one of interaction, note, change, message",
                "kind");
  }
  if (q.limit < 1 || q.limit > kMaxTimelineLimit) {
    throw Error(Code::kInvalidParameter,
                "limit must be from 1 to " + std::to_string(kMaxTimelineLimit), "limit");
  }
  if (q.offset < 0 || q.offset + q.limit > kMaxTimelineDepth) {
    throw Error(Code::kInvalidParameter,
                "offset + limit must not exceed " + std::to_string(kMaxTimelineDepth) +
                    "; filter by kind to go further back",
                "offset");
  }
  auto customer = parties_.find_customer(tx, customer_id);
  if (!customer) throw Error(Code::kNotFound, "no customer with id " + customer_id, "id");
  auto party = parties_.find_party(tx, customer->party_id);
  TimelineSubject subject{
      customer->party_id,
      party && party->kind == party::PartyKind::kOrganization ? "Organization" : "Individual",
      customer->id,
      {}};
  for (const auto& a : customer->accounts) subject.account_ids.push_back(a.id);

  // Each source's newest offset+limit items hold every item of the page.
  std::int64_t need = q.offset + q.limit;
  TimelineSlice all;
  for (const auto& source : sources_) {
    if (q.kind && source.kind != *q.kind) continue;
    TimelineSlice s = source.fetch(tx, subject, need);
    all.total += s.total;
    for (auto& item : s.items) all.items.push_back(std::move(item));
  }
  std::sort(all.items.begin(), all.items.end(), newer);
  TimelineSlice page{{}, all.total};
  for (std::int64_t i = q.offset; i < need && i < static_cast<std::int64_t>(all.items.size());
       ++i) {
    page.items.push_back(std::move(all.items[i]));
  }
  return page;
}

}  // namespace abonado::care
