#include "care/repo.hpp"

#include "store/time_columns.hpp"

namespace abonado::care::repo {
namespace {

using store::Sql;

#define INTERACTION_COLUMNS                                                           \
  "id, party_id, started_at, ended_at, channel, direction, status, reason, outcome, " \
  "description, product_id, service_line, agent_id, agent_name, created_at"
constexpr Sql kInsertInteraction{
    "interaction.insert",
    "INSERT INTO party_interactions (" INTERACTION_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"};
constexpr Sql kSelectInteraction{
    "interaction.select", "SELECT " INTERACTION_COLUMNS " FROM party_interactions WHERE id = $1"};
// Optional filters as "($n IS NULL OR col = $n)": one statement, one plan.
constexpr Sql kListInteractions{
    "interaction.list",
    "SELECT " INTERACTION_COLUMNS
    " FROM party_interactions WHERE ($1 IS NULL OR party_id = $1) "
    "AND ($2 IS NULL OR channel = $2) AND ($3 IS NULL OR direction = $3) "
    "ORDER BY started_at DESC, id DESC LIMIT $4 OFFSET $5",
    "SELECT " INTERACTION_COLUMNS
    " FROM party_interactions "
    "WHERE ($1::text IS NULL OR party_id = $1) AND ($2::text IS NULL OR channel = $2) "
    "AND ($3::text IS NULL OR direction = $3) "
    "ORDER BY started_at DESC, id DESC LIMIT $4 OFFSET $5"};
constexpr Sql kCountInteractions{
    "interaction.count",
    "SELECT COUNT(*) FROM party_interactions WHERE ($1 IS NULL OR party_id = $1) "
    "AND ($2 IS NULL OR channel = $2) AND ($3 IS NULL OR direction = $3)",
    "SELECT COUNT(*) FROM party_interactions WHERE ($1::text IS NULL OR party_id = $1) "
    "AND ($2::text IS NULL OR channel = $2) AND ($3::text IS NULL OR direction = $3)"};
#undef INTERACTION_COLUMNS

#define NOTE_COLUMNS                                                                       \
  "id, party_id, product_id, note_type, valid_from, valid_to, campaign, text, author_id, " \
  "author_name, created_at, updated_at"
// Valid at $n: from valid_from (inclusive) to valid_to (exclusive).
#define NOTE_VALID_AT(n) "(valid_from <= " n " AND (valid_to IS NULL OR valid_to > " n "))"
constexpr Sql kInsertNote{"note.insert",
                          "INSERT INTO party_notes (" NOTE_COLUMNS
                          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"};
constexpr Sql kUpdateNoteEnd{"note.update_end",
                             "UPDATE party_notes SET valid_to = $2, updated_at = $3 WHERE id = $1"};
constexpr Sql kSelectNote{"note.select", "SELECT " NOTE_COLUMNS " FROM party_notes WHERE id = $1"};
// Two early ends of one note take turns (PostgreSQL): the second checks against the first.
constexpr Sql kLockNote{"note.lock", "SELECT " NOTE_COLUMNS " FROM party_notes WHERE id = $1",
                        "SELECT " NOTE_COLUMNS " FROM party_notes WHERE id = $1 FOR UPDATE"};
// $3 = 1 includes notes not valid at $4.
constexpr Sql kListNotes{
    "note.list",
    "SELECT " NOTE_COLUMNS " FROM party_notes WHERE ($1 IS NULL OR party_id = $1) "
    "AND ($2 IS NULL OR product_id = $2) AND ($3 = 1 OR " NOTE_VALID_AT("$4") ") "
    "ORDER BY CASE WHEN " NOTE_VALID_AT("$4") " THEN 0 ELSE 1 END, created_at DESC, id DESC "
    "LIMIT $5 OFFSET $6",
    "SELECT " NOTE_COLUMNS " FROM party_notes WHERE ($1::text IS NULL OR party_id = $1) "
    "AND ($2::text IS NULL OR product_id = $2) AND ($3 = 1 OR " NOTE_VALID_AT("$4::bigint") ") "
    "ORDER BY CASE WHEN " NOTE_VALID_AT("$4::bigint") " THEN 0 ELSE 1 END, created_at DESC, "
    "id DESC LIMIT $5 OFFSET $6"};
constexpr Sql kCountNotes{
    "note.count",
    "SELECT COUNT(*) FROM party_notes WHERE ($1 IS NULL OR party_id = $1) "
    "AND ($2 IS NULL OR product_id = $2) AND ($3 = 1 OR " NOTE_VALID_AT("$4") ")",
    "SELECT COUNT(*) FROM party_notes WHERE ($1::text IS NULL OR party_id = $1) "
    "AND ($2::text IS NULL OR product_id = $2) AND ($3 = 1 OR " NOTE_VALID_AT("$4::bigint") ")"};
constexpr Sql kPartyNotes{"note.of_party", "SELECT " NOTE_COLUMNS
                                           " FROM party_notes WHERE party_id = $1 "
                                           "ORDER BY created_at DESC, id DESC LIMIT $2"};
constexpr Sql kCountPartyNotes{"note.count_of_party",
                               "SELECT COUNT(*) FROM party_notes WHERE party_id = $1"};
#undef NOTE_VALID_AT
#undef NOTE_COLUMNS

std::optional<std::string> non_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

Interaction interaction_from(const store::Row& r) {
  Interaction i;
  i.id = r.str(0);
  i.party_id = r.str(1);
  i.start = from_epoch_ms(r.i64(2));
  i.end = store::opt_time(r, 3);
  i.channel = r.str(4);
  i.direction = r.str(5);
  i.status = r.str(6);
  i.reason = r.str(7);
  i.outcome = r.opt_str(8);
  i.description = r.opt_str(9);
  i.product_id = r.opt_str(10);
  i.service_line = r.opt_str(11);
  i.agent_id = r.opt_str(12).value_or("");
  i.agent_name = r.str(13);
  i.created_at = from_epoch_ms(r.i64(14));
  return i;
}

Note note_from(const store::Row& r) {
  Note n;
  n.id = r.str(0);
  n.party_id = r.str(1);
  n.product_id = r.opt_str(2);
  n.type = r.str(3);
  n.valid_from = from_epoch_ms(r.i64(4));
  n.valid_to = store::opt_time(r, 5);
  n.campaign = r.opt_str(6);
  n.text = r.str(7);
  n.author_id = r.opt_str(8).value_or("");
  n.author_name = r.str(9);
  n.created_at = from_epoch_ms(r.i64(10));
  n.updated_at = from_epoch_ms(r.i64(11));
  return n;
}

}  // namespace

void insert_interaction(store::Tx& tx, const Interaction& i) {
  tx.exec(kInsertInteraction,
          {i.id, i.party_id, to_epoch_ms(i.start), store::opt_epoch_ms(i.end), i.channel,
           i.direction, i.status, i.reason, i.outcome, i.description, i.product_id, i.service_line,
           non_empty(i.agent_id), i.agent_name, to_epoch_ms(i.created_at)});
}

std::optional<Interaction> load_interaction(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kSelectInteraction, {id});
  if (!row) return std::nullopt;
  return interaction_from(*row);
}

std::pair<std::vector<Interaction>, std::int64_t> list_interactions(store::Tx& tx,
                                                                    const InteractionFilter& f) {
  std::vector<Interaction> out;
  for (const auto& r :
       tx.query(kListInteractions, {f.party_id, f.channel, f.direction, f.limit, f.offset})) {
    out.push_back(interaction_from(r));
  }
  auto total = tx.query_one(kCountInteractions, {f.party_id, f.channel, f.direction})->i64(0);
  return {std::move(out), total};
}

void insert_note(store::Tx& tx, const Note& n) {
  tx.exec(kInsertNote, {n.id, n.party_id, n.product_id, n.type, to_epoch_ms(n.valid_from),
                        store::opt_epoch_ms(n.valid_to), n.campaign, n.text, non_empty(n.author_id),
                        n.author_name, to_epoch_ms(n.created_at), to_epoch_ms(n.updated_at)});
}

void update_note_end(store::Tx& tx, const Note& n) {
  tx.exec(kUpdateNoteEnd, {n.id, store::opt_epoch_ms(n.valid_to), to_epoch_ms(n.updated_at)});
}

std::optional<Note> load_note(store::Tx& tx, const std::string& id, bool lock) {
  auto row = tx.query_one(lock ? kLockNote : kSelectNote, {id});
  if (!row) return std::nullopt;
  return note_from(*row);
}

std::pair<std::vector<Note>, std::int64_t> list_notes(store::Tx& tx, const NoteFilter& f,
                                                      TimePoint now) {
  std::int64_t all = f.include_expired ? 1 : 0;
  std::int64_t at = to_epoch_ms(now);
  std::vector<Note> out;
  for (const auto& r :
       tx.query(kListNotes, {f.party_id, f.product_id, all, at, f.limit, f.offset})) {
    out.push_back(note_from(r));
  }
  auto total = tx.query_one(kCountNotes, {f.party_id, f.product_id, all, at})->i64(0);
  return {std::move(out), total};
}

std::pair<std::vector<Note>, std::int64_t> party_notes(store::Tx& tx, const std::string& party_id,
                                                       std::int64_t max) {
  std::vector<Note> out;
  for (const auto& r : tx.query(kPartyNotes, {party_id, max})) out.push_back(note_from(r));
  return {std::move(out), tx.query_one(kCountPartyNotes, {party_id})->i64(0)};
}

}  // namespace abonado::care::repo
