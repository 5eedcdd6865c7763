-- Quick search (issue 3); see the SQLite variant.
--
-- 1. Document terms are the number's letters and digits; a CI with a
--    complement is also found by the number alone.
INSERT INTO search_terms (kind, term, party_id)
SELECT 'doc', upper(replace(number, '-', '')), party_id
FROM party_identifications WHERE strpos(number, '-') > 0
ON CONFLICT DO NOTHING;
INSERT INTO search_terms (kind, term, party_id)
SELECT 'doc', upper(split_part(number, '-', 1)), party_id
FROM party_identifications WHERE strpos(number, '-') > 1
ON CONFLICT DO NOTHING;

-- 2. Index-only reads of what a search shows (INCLUDE keeps the keys short).
CREATE INDEX party_identifications_party_all
  ON party_identifications (party_id) INCLUDE (id_type, number, country, display);
DROP INDEX party_identifications_party;
CREATE INDEX contact_media_party_all
  ON contact_media (party_id, preferred DESC, created_at, id) INCLUDE (medium_type, value);
DROP INDEX contact_media_party;
CREATE INDEX customers_party_all
  ON customers (party_id, created_at, id)
  INCLUDE (contract_number, name, status, status_reason, updated_at);
DROP INDEX customers_party;
CREATE INDEX billing_accounts_customer_all
  ON billing_accounts (customer_id, created_at, id)
  INCLUDE (party_id, name, billing_cycle_day, invoice_type, billing_address_json,
           admin_party_id, state, updated_at);
DROP INDEX billing_accounts_customer;
