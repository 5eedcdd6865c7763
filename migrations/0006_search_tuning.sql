-- Quick search at a million customers (issue 3). A name search by prefixes
-- walks the terms of one word and asks, for each party found, whether it also
-- has a name word starting with each other word: an index on
-- (party_id, kind, term) answers that from the index alone.
--
-- SQLite: the table becomes WITHOUT ROWID, so that the primary key is the
-- table itself (one B-tree less to write and to cache); its index on
-- (party_id, kind, term) then holds every column.
CREATE TABLE search_terms_tuned (
  kind TEXT NOT NULL,
  term TEXT NOT NULL,
  party_id TEXT NOT NULL REFERENCES parties (id),
  PRIMARY KEY (kind, term, party_id)
) WITHOUT ROWID;
INSERT INTO search_terms_tuned (kind, term, party_id) SELECT kind, term, party_id FROM search_terms;
DROP TABLE search_terms;
ALTER TABLE search_terms_tuned RENAME TO search_terms;
CREATE INDEX search_terms_party ON search_terms (party_id, kind, term);

-- Pairs of name words ("quispe rosa", the two words in byte order), which
-- index_party now writes: a search for two whole words is one lookup, however
-- common each word is. Built here for the parties already indexed.
INSERT INTO search_terms (kind, term, party_id)
SELECT DISTINCT 'pair', a.term || ' ' || b.term, a.party_id
FROM search_terms a JOIN search_terms b
  ON b.party_id = a.party_id AND b.kind = 'name' AND a.term < b.term
WHERE a.kind = 'name';
