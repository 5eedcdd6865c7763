-- Search cards (src/party/cards.hpp): each party as the quick search shows
-- it, so that a search reads one row per hit. Parties created before this
-- migration get theirs from the backfill job, and are shown from their
-- tables until then.
CREATE TABLE search_cards (
  party_id TEXT PRIMARY KEY REFERENCES parties (id),
  full_name TEXT NOT NULL,
  trading_name TEXT NOT NULL,
  party_json TEXT NOT NULL,
  customers_json TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
