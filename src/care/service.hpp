#pragma once
// Party interactions (TMF683) and notes (MN-9). Every function runs inside a
// database job on the Tx it is given; writes are audited in the same
// transaction. The services hold only references and are immutable: any
// thread may call them.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "care/model.hpp"
#include "core/clock.hpp"
#include "core/roles.hpp"
#include "party/service.hpp"
#include "store/tx.hpp"

namespace abonado::care {

// A contact to record. Only party_id, channel, direction and reason are
// required; empty strings mean "not given". Other modules record their
// contacts from their own write jobs, e.g.:
//   interactions.record(tx, by, {.party_id = p, .channel = "app",
//                                .direction = "inbound", .reason = "Line activation",
//                                .product_id = line.id});
struct NewInteraction {
  std::string party_id;
  std::string channel;       // one of kChannels
  std::string direction;     // one of kDirections
  std::string reason;        // 1..200 characters
  std::string outcome;       // <= 100, e.g. one of kRetentionOutcomes
  std::string description;   // <= 4000
  std::string product_id;    // <= 64
  std::string service_line;  // <= 20
  std::string status = "completed";
  std::optional<TimePoint> start;  // default: now; never in the future
  std::optional<TimePoint> end;    // not before start, never in the future
  // Made as part of another change whose own audit record names this
  // interaction (a top-up, a purchase): no audit record of its own.
  bool audited_by_caller = false;
};

struct InteractionFilter {
  std::optional<std::string> party_id;
  std::optional<std::string> channel;
  std::optional<std::string> direction;
  std::int64_t offset = 0;
  std::int64_t limit = 20;
};

class Interactions {
 public:
  // Both must outlive this object.
  Interactions(const Clock& clock, const party::PartyService& parties)
      : clock_(clock), parties_(parties) {}

  // Validates and stores a contact made by `by` (the agent, or the system).
  // Throws Error (kMissingField, kInvalidField, kInvalidDate) naming the TMF
  // field at fault ("channel", "reason", "interactionDate"...), and
  // Error(kNotFound, field "relatedParty[0].id") for an unknown party.
  Interaction record(store::Tx& tx, const Actor& by, NewInteraction n) const;
  std::optional<Interaction> find(store::Tx& tx, const std::string& id) const;
  // Newest first (by interaction date), and the total count before paging.
  std::pair<std::vector<Interaction>, std::int64_t> list(store::Tx& tx,
                                                         const InteractionFilter& f) const;

 private:
  const Clock& clock_;
  const party::PartyService& parties_;
};

struct NewNote {
  std::string party_id;
  std::string product_id;  // optional, <= 64
  std::string type = "ordinary";
  std::optional<TimePoint> valid_from;  // default: now
  std::optional<TimePoint> valid_to;    // optional; after valid_from
  std::string campaign;                 // optional, <= 100
  std::string text;                     // 1..4000
};

struct NoteFilter {
  std::optional<std::string> party_id;
  std::optional<std::string> product_id;
  // False: only notes valid now. True: also expired and not-yet-valid ones.
  bool include_expired = false;
  std::int64_t offset = 0;
  std::int64_t limit = 20;
};

// Notes are append-only: the one change allowed is ending one early.
class Notes {
 public:
  // Both must outlive this object.
  Notes(const Clock& clock, const party::PartyService& parties)
      : clock_(clock), parties_(parties) {}

  // Throws Error(kNotFound, "partyId") for an unknown party, kInvalidField /
  // kMissingField / kInvalidDate naming the field otherwise.
  Note add(store::Tx& tx, const Actor& by, NewNote n) const;
  std::optional<Note> find(store::Tx& tx, const std::string& id) const;
  // Valid notes first, then the rest; newest first within each. Needs a
  // party or a product; Error(kNotFound, "partyId") for an unknown party.
  std::pair<std::vector<Note>, std::int64_t> list(store::Tx& tx, const NoteFilter& f) const;
  // Every note of a party (valid or not), newest first, at most `max`, and
  // how many there are: for timelines.
  std::pair<std::vector<Note>, std::int64_t> history(store::Tx& tx, const std::string& party_id,
                                                     std::int64_t max) const;
  // Ends note `id` at `valid_to`: after its start, and never later than it
  // would have ended anyway (400 INVALID_DATE, field "validTo"). Audited.
  Note end(store::Tx& tx, const Actor& by, const std::string& id, TimePoint valid_to) const;

 private:
  const Clock& clock_;
  const party::PartyService& parties_;
};

}  // namespace abonado::care
