-- Quick search (issue 3), two fixes measured at a million customers.
--
-- 1. Document terms are the number's letters and digits, which is how a
--    query is compared; a CI with a complement ("4567890-1A") is also found
--    by the number alone. Terms of the parties already indexed:
INSERT OR IGNORE INTO search_terms (kind, term, party_id)
SELECT 'doc', upper(replace(number, '-', '')), party_id
FROM party_identifications WHERE instr(number, '-') > 0;
INSERT OR IGNORE INTO search_terms (kind, term, party_id)
SELECT 'doc', upper(substr(number, 1, instr(number, '-') - 1)), party_id
FROM party_identifications WHERE instr(number, '-') > 1;

-- 2. A search shows up to ten parties with their documents, contacts,
--    customers and accounts, each read through its index on the party (or
--    customer). Indexes that hold every column read make those reads one
--    B-tree walk instead of two; they replace the narrower ones.
CREATE INDEX party_identifications_party_all
  ON party_identifications (party_id, id_type, number, country, display);
DROP INDEX party_identifications_party;
CREATE INDEX contact_media_party_all
  ON contact_media (party_id, preferred DESC, created_at, id, medium_type, value);
DROP INDEX contact_media_party;
CREATE INDEX customers_party_all
  ON customers (party_id, created_at, id, contract_number, name, status, status_reason, updated_at);
DROP INDEX customers_party;
CREATE INDEX billing_accounts_customer_all
  ON billing_accounts (customer_id, created_at, id, party_id, name, billing_cycle_day,
                       invoice_type, billing_address_json, admin_party_id, state, updated_at);
DROP INDEX billing_accounts_customer;
