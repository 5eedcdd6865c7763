#pragma once
// Customer care records: party interactions (TMF683, every contact with a
// customer), notes left on a customer or one of its lines (MN-9), and the
// items of a customer's timeline. Values here are already validated.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace abonado::care {

// Where a contact took place. A fixed vocabulary: reports and KPIs group by it.
inline constexpr std::array<std::string_view, 9> kChannels = {
    "phone", "ussd", "sms", "email", "web", "app", "whatsapp", "office", "field"};
// Who started the contact: the customer (inbound) or the operator (outbound).
inline constexpr std::array<std::string_view, 2> kDirections = {"inbound", "outbound"};
// TMF683 statuses; a contact recorded after the fact is completed.
inline constexpr std::array<std::string_view, 3> kInteractionStatuses = {"opened", "inProgress",
                                                                         "completed"};
// The contact outcomes of the port-out retention desk (MN-10). An outcome is
// free text, since each desk has its own words; these are the MNP desk's:
// WILL_STAY (keeps the number), WONT (refused, wants to think, note expired,
// fifth inconvenient call, hung up), BLOCKED (deadline passed, answering
// machine, already saved, cancelled by themselves, already ported) and
// REFUSED_TO_ANSWER (hung up before the agent introduced themselves).
inline constexpr std::array<std::string_view, 4> kRetentionOutcomes = {
    "WILL_STAY", "WONT", "BLOCKED", "REFUSED_TO_ANSWER"};
// Note types (MN-9): retention (customer saved or thinking it over), warning
// (something to know before acting), discount (terms given on a number).
inline constexpr std::array<std::string_view, 4> kNoteTypes = {"ordinary", "retention", "warning",
                                                               "discount"};

struct Interaction {
  std::string id;
  std::string party_id;          // the customer's party
  TimePoint start;               // interactionDate.startDateTime
  std::optional<TimePoint> end;  // interactionDate.endDateTime
  std::string channel;           // one of kChannels
  std::string direction;         // one of kDirections
  std::string status;            // one of kInteractionStatuses
  std::string reason;
  std::optional<std::string> outcome;
  std::optional<std::string> description;
  std::optional<std::string> product_id;    // the line or service it was about
  std::optional<std::string> service_line;  // the call-center line, e.g. "101" (CC-1)
  std::string agent_id;                     // empty when the system recorded it
  std::string agent_name;                   // the agent's username, or the system actor's name
  TimePoint created_at;
};

struct Note {
  std::string id;
  std::string party_id;
  std::optional<std::string> product_id;
  std::string type;  // one of kNoteTypes
  TimePoint valid_from;
  std::optional<TimePoint> valid_to;  // exclusive; none: until ended
  std::optional<std::string> campaign;
  std::string text;
  std::string author_id;    // empty for the system
  std::string author_name;  // the author's login
  TimePoint created_at;
  TimePoint updated_at;

  // Valid from valid_from (inclusive) to valid_to (exclusive).
  bool valid_at(TimePoint t) const { return valid_from <= t && (!valid_to || t < *valid_to); }
};

// One entry of a customer's timeline.
struct TimelineItem {
  std::string kind;  // interaction | note | change | message
  TimePoint at;
  // The record's own id (UUIDv7: time-ordered); orders items of the same
  // millisecond, newest first.
  std::string key;
  std::string title;    // short: a reason, an audit action, a subject
  std::string summary;  // a line or two for the list
  std::string actor;    // username of who did it
  std::string
      ref_type;  // TMF @referredType of what it is about: PartyInteraction, Note, Customer...
  std::string ref_id;
};

}  // namespace abonado::care
