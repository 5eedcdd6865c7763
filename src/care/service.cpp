#include "care/service.hpp"

#include <algorithm>

#include "auth/audit.hpp"
#include "care/json.hpp"
#include "care/repo.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

namespace abonado::care {
namespace {

// Agents' and devices' clocks run a little ahead of ours; a contact dated
// within this margin is not "in the future".
constexpr Millis kClockSkew = std::chrono::minutes(1);

template <std::size_t N>
void check_one_of(const std::string& value, const std::array<std::string_view, N>& allowed,
                  const char* field) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  if (value.empty()) {
    throw Error(Code::kMissingField, std::string("field '") + field + "' is required", field);
  }
  throw Error(Code::kInvalidField, std::string(field) + " must be one of " + list, field);
}

void check_length(const std::string& value, std::size_t max, const char* field) {
  if (value.size() > max) {
    throw Error(Code::kInvalidField,
                std::string("field '") + field + "' is longer than " + std::to_string(max), field);
  }
}

void check_required(const std::string& value, std::size_t max, const char* field) {
  if (value.empty()) {
    throw Error(Code::kMissingField, std::string("field '") + field + "' is required", field);
  }
  check_length(value, max, field);
}

std::optional<std::string> non_empty(std::string s) {
  if (s.empty()) return std::nullopt;
  return s;
}

void check_interaction(const NewInteraction& n, TimePoint now) {
  check_required(n.party_id, 64, "relatedParty[0].id");
  check_one_of(n.channel, kChannels, "channel");
  check_one_of(n.direction, kDirections, "direction");
  check_one_of(n.status, kInteractionStatuses, "status");
  check_required(n.reason, 200, "reason");
  check_length(n.outcome, 100, "outcome");
  check_length(n.description, 4000, "description");
  check_length(n.product_id, 64, "product.id");
  check_length(n.service_line, 20, "serviceLine");
  if (n.start && *n.start > now + kClockSkew) {
    throw Error(Code::kInvalidDate, "interactionDate must not be in the future", "interactionDate");
  }
  if (n.end && *n.end > now + kClockSkew) {
    throw Error(Code::kInvalidDate, "interactionDate.endDateTime must not be in the future",
                "interactionDate.endDateTime");
  }
  if (n.end && *n.end < n.start.value_or(now)) {
    throw Error(Code::kInvalidDate,
                "interactionDate.endDateTime must not be before its startDateTime",
                "interactionDate.endDateTime");
  }
}

void check_note(const NewNote& n, TimePoint valid_from) {
  check_required(n.party_id, 64, "partyId");
  check_length(n.product_id, 64, "productId");
  check_one_of(n.type, kNoteTypes, "type");
  check_length(n.campaign, 100, "campaign");
  check_required(n.text, 4000, "text");
  if (n.valid_to && *n.valid_to <= valid_from) {
    throw Error(Code::kInvalidDate, "validTo must be after validFrom", "validTo");
  }
}

}  // namespace

Interaction Interactions::record(store::Tx& tx, const Actor& by, NewInteraction n) const {
  auto now = clock_.now();
  check_interaction(n, now);
  if (!parties_.party_exists(tx, n.party_id)) {
    throw Error(Code::kNotFound, "no party with id " + n.party_id, "relatedParty[0].id");
  }
  Interaction i;
  i.id = new_id(now);
  i.party_id = std::move(n.party_id);
  i.start = n.start.value_or(now);
  i.end = n.end;
  i.channel = std::move(n.channel);
  i.direction = std::move(n.direction);
  i.status = std::move(n.status);
  i.reason = std::move(n.reason);
  i.outcome = non_empty(std::move(n.outcome));
  i.description = non_empty(std::move(n.description));
  i.product_id = non_empty(std::move(n.product_id));
  i.service_line = non_empty(std::move(n.service_line));
  i.agent_id = by.agent_id;
  i.agent_name = by.username;
  i.created_at = now;
  repo::insert_interaction(tx, i);
  if (n.audited_by_caller) return i;
  auth::record(tx, by, now,
               {"partyInteraction.create", "partyInteraction", i.id, std::nullopt,
                interaction_json(i).dump()});
  return i;
}

std::optional<Interaction> Interactions::find(store::Tx& tx, const std::string& id) const {
  return repo::load_interaction(tx, id);
}

std::pair<std::vector<Interaction>, std::int64_t> Interactions::list(
    store::Tx& tx, const InteractionFilter& f) const {
  return repo::list_interactions(tx, f);
}

Note Notes::add(store::Tx& tx, const Actor& by, NewNote n) const {
  auto now = clock_.now();
  auto valid_from = n.valid_from.value_or(now);
  check_note(n, valid_from);
  if (!parties_.party_exists(tx, n.party_id)) {
    throw Error(Code::kNotFound, "no party with id " + n.party_id, "partyId");
  }
  Note note;
  note.id = new_id(now);
  note.party_id = std::move(n.party_id);
  note.product_id = non_empty(std::move(n.product_id));
  note.type = std::move(n.type);
  note.valid_from = valid_from;
  note.valid_to = n.valid_to;
  note.campaign = non_empty(std::move(n.campaign));
  note.text = std::move(n.text);
  note.author_id = by.agent_id;
  note.author_name = by.username;
  note.created_at = now;
  note.updated_at = now;
  repo::insert_note(tx, note);
  auth::record(tx, by, now,
               {"note.create", "note", note.id, std::nullopt, note_json(note, now).dump()});
  return note;
}

std::optional<Note> Notes::find(store::Tx& tx, const std::string& id) const {
  return repo::load_note(tx, id);
}

std::pair<std::vector<Note>, std::int64_t> Notes::list(store::Tx& tx, const NoteFilter& f) const {
  if (!f.party_id && !f.product_id) {
    throw Error(Code::kMissingField, "query parameter 'partyId' or 'productId' is required",
                "partyId");
  }
  if (f.party_id && !parties_.find_party(tx, *f.party_id)) {
    throw Error(Code::kNotFound, "no party with id " + *f.party_id, "partyId");
  }
  return repo::list_notes(tx, f, clock_.now());
}

std::pair<std::vector<Note>, std::int64_t> Notes::history(store::Tx& tx,
                                                          const std::string& party_id,
                                                          std::int64_t max) const {
  return repo::party_notes(tx, party_id, max);
}

Note Notes::end(store::Tx& tx, const Actor& by, const std::string& id, TimePoint valid_to) const {
  auto before = repo::load_note(tx, id, true);
  if (!before) throw Error(Code::kNotFound, "no note with id " + id, "id");
  if (valid_to <= before->valid_from) {
    throw Error(Code::kInvalidDate, "validTo must be after validFrom", "validTo");
  }
  // Ending early only: a longer life would be a new note, with its own author.
  if (before->valid_to && valid_to > *before->valid_to) {
    throw Error(
        Code::kInvalidDate,
        "validTo must not be later than the note's end (" + format_iso(*before->valid_to) + ")",
        "validTo");
  }
  auto now = clock_.now();
  Note after = *before;
  after.valid_to = valid_to;
  after.updated_at = now;
  repo::update_note_end(tx, after);
  auth::record(
      tx, by, now,
      {"note.end", "note", id, note_json(*before, now).dump(), note_json(after, now).dump()});
  return after;
}

}  // namespace abonado::care
