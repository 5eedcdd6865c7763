#pragma once
// The API shapes of interactions (TMF683 PartyInteraction) and notes, used
// by the routes and by audit snapshots (internal to care/: it pulls in
// nlohmann-json).

#include <nlohmann/json.hpp>

#include "care/model.hpp"
#include "core/clock.hpp"

namespace abonado::care {

inline constexpr const char* kInteractionPath = "/tmf-api/partyInteraction/v4/partyInteraction";
inline constexpr const char* kNotePath = "/api/v1/notes";

nlohmann::json interaction_json(const Interaction& i);
// `now` decides the note's state: valid, expired or notYetValid.
nlohmann::json note_json(const Note& n, TimePoint now);

}  // namespace abonado::care
