#pragma once
// SQL of the care module (internal: only care/*.cpp includes this).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "care/model.hpp"
#include "care/service.hpp"
#include "store/tx.hpp"

namespace abonado::care::repo {

void insert_interaction(store::Tx& tx, const Interaction& i);
std::optional<Interaction> load_interaction(store::Tx& tx, const std::string& id);
// Newest first, and the total before paging.
std::pair<std::vector<Interaction>, std::int64_t> list_interactions(store::Tx& tx,
                                                                    const InteractionFilter& f);

void insert_note(store::Tx& tx, const Note& n);
void update_note_end(store::Tx& tx, const Note& n);
// `lock`: hold the note's row until the transaction ends (PostgreSQL; write jobs only).
std::optional<Note> load_note(store::Tx& tx, const std::string& id, bool lock = false);
// Valid at `now` first, then newest first; and the total before paging.
std::pair<std::vector<Note>, std::int64_t> list_notes(store::Tx& tx, const NoteFilter& f,
                                                      TimePoint now);
// A party's notes, newest first, at most `max`; and how many it has.
std::pair<std::vector<Note>, std::int64_t> party_notes(store::Tx& tx, const std::string& party_id,
                                                       std::int64_t max);

}  // namespace abonado::care::repo
