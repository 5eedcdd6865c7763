-- Quick search at a million customers (issue 3); see the SQLite variant. The
-- wider index answers "does this party have a name word starting with ..."
-- with an index-only scan; it replaces the index on party_id alone.
DROP INDEX search_terms_party;
CREATE INDEX search_terms_party ON search_terms (party_id, kind, term);

-- Pairs of name words ("quispe rosa", the two words in byte order: the
-- column's collation is C), which index_party now writes: a search for two
-- whole words is one lookup, however common each word is. Built here for the
-- parties already indexed.
INSERT INTO search_terms (kind, term, party_id)
SELECT DISTINCT 'pair', a.term || ' ' || b.term, a.party_id
FROM search_terms a JOIN search_terms b
  ON b.party_id = a.party_id AND b.kind = 'name' AND a.term < b.term
WHERE a.kind = 'name';
