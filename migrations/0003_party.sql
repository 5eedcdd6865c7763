-- Parties (TMF632), customers (TMF629), billing accounts (TMF666) and the
-- quick-search index. Every row carries its party_id: the shard key when the
-- data outgrows one primary.

CREATE TABLE parties (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,              -- individual | organization
  given_name TEXT,
  family_name TEXT,
  full_name TEXT NOT NULL,         -- individuals: given + family; organizations: name
  trading_name TEXT,
  birth_date TEXT,                 -- YYYY-MM-DD
  disability INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,            -- initialized | validated
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- One document identifies one party: the key refuses the same document twice.
CREATE TABLE party_identifications (
  id_type TEXT NOT NULL,
  country TEXT NOT NULL,
  number TEXT NOT NULL,
  party_id TEXT NOT NULL REFERENCES parties (id),
  display TEXT NOT NULL,
  parts_json TEXT,                 -- CI department and complement, DNI check character...
  PRIMARY KEY (id_type, country, number)
);
CREATE INDEX party_identifications_party ON party_identifications (party_id);

CREATE TABLE contact_media (
  id TEXT PRIMARY KEY,
  party_id TEXT NOT NULL REFERENCES parties (id),
  medium_type TEXT NOT NULL,       -- mobile | phone | email | postalAddress
  preferred INTEGER NOT NULL DEFAULT 0,
  value TEXT NOT NULL,             -- E.164, e-mail, or the address as JSON
  created_at BIGINT NOT NULL
);
CREATE INDEX contact_media_party ON contact_media (party_id);

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  party_id TEXT NOT NULL REFERENCES parties (id),
  contract_number TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  status TEXT NOT NULL,            -- initialized | active | suspended | closed
  status_reason TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX customers_party ON customers (party_id);

CREATE TABLE billing_accounts (
  id TEXT PRIMARY KEY,
  party_id TEXT NOT NULL REFERENCES parties (id),
  customer_id TEXT NOT NULL REFERENCES customers (id),
  name TEXT NOT NULL,
  billing_cycle_day INTEGER NOT NULL,
  invoice_type TEXT NOT NULL,
  billing_address_json TEXT,
  admin_party_id TEXT REFERENCES parties (id),
  state TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX billing_accounts_customer ON billing_accounts (customer_id);

-- Human numbers (contract numbers, tickets), sequential per name.
CREATE TABLE sequences (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);

-- Quick search: one row per folded name word, phone (E.164 digits), document
-- number and contract number of a party. Prefix scans on the key serve names.
CREATE TABLE search_terms (
  kind TEXT NOT NULL,              -- name | phone | doc | contract
  term TEXT NOT NULL,
  party_id TEXT NOT NULL REFERENCES parties (id),
  PRIMARY KEY (kind, term, party_id)
);
CREATE INDEX search_terms_party ON search_terms (party_id);
