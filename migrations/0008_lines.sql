-- Mobile lines (TMF637 products), the SIM and number inventory they draw on,
-- activations in the app (FL-1..FL-3), form-channel requests (FL-4, FL-5) and
-- ports in (FL-6..FL-9). Times are UTC epoch milliseconds. Hot rows carry
-- party_id, the shard key.

-- A line: one product instance of a party. msisdn is the current number
-- (E.164); offering_id the current plan, NULL for the standard tariff (FL-13).
CREATE TABLE products (
  id TEXT PRIMARY KEY,
  party_id TEXT NOT NULL REFERENCES parties (id),
  customer_id TEXT,
  msisdn TEXT NOT NULL,
  iccid TEXT,
  status TEXT NOT NULL,            -- active | suspended | terminated | portedOut
  offering_id TEXT,
  holder_doc TEXT,                 -- the identity document the line counts against (FL-3)
  activation_channel TEXT,         -- app | form
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX products_party ON products (party_id, created_at);
CREATE INDEX products_holder ON products (holder_doc, status);
-- A number is on one live line at most.
CREATE UNIQUE INDEX products_live_msisdn ON products (msisdn)
  WHERE status IN ('active', 'suspended');
-- Top-ups, USSD and the quick search find a line by its number, live or not.
CREATE INDEX products_msisdn ON products (msisdn, created_at);

-- SIM cards in stock. ICCID digits only, check digit included.
CREATE TABLE sims (
  iccid TEXT PRIMARY KEY,
  status TEXT NOT NULL,            -- inStock | reserved | active
  product_id TEXT,                 -- set while reserved for or assigned to a line
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- The number pool (E.164). Ported-in numbers never enter it: they are on a line.
CREATE TABLE numbers (
  msisdn TEXT PRIMARY KEY,
  status TEXT NOT NULL,            -- inStock | reserved | active
  product_id TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- Free numbers are taken oldest first.
CREATE INDEX numbers_status ON numbers (status, created_at, msisdn);

-- One row per identity document holding or requesting lines: the row a write
-- locks (PostgreSQL) so that two activations cannot both pass the line limit.
CREATE TABLE line_holders (
  holder_doc TEXT PRIMARY KEY,     -- id_type:country:number
  party_id TEXT NOT NULL REFERENCES parties (id),
  created_at BIGINT NOT NULL
);

-- An activation in the app: SIM and number reserved, then the fingerprint
-- check, then a session in which a port may start (FL-7).
CREATE TABLE activations (
  id TEXT PRIMARY KEY,
  party_id TEXT NOT NULL REFERENCES parties (id),
  holder_doc TEXT NOT NULL,
  iccid TEXT NOT NULL,
  msisdn TEXT NOT NULL,
  channel TEXT NOT NULL,           -- app
  status TEXT NOT NULL,            -- pendingBiometric | active | rejected | cancelled | expired
  product_id TEXT NOT NULL,        -- the line's id, chosen when the SIM is reserved
  session_ends_at BIGINT,          -- set on activation; the policy timeout
  closed_at BIGINT,                -- the leader closed the session
  agent_id TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX activations_party ON activations (party_id, created_at);
-- A SIM is in one open activation at most: the loser of a race gets a 409.
CREATE UNIQUE INDEX activations_pending_iccid ON activations (iccid)
  WHERE status = 'pendingBiometric';

-- Every fingerprint check (FL-2 counts failures per document and number).
CREATE TABLE biometric_attempts (
  id TEXT PRIMARY KEY,
  activation_id TEXT NOT NULL REFERENCES activations (id),
  party_id TEXT NOT NULL REFERENCES parties (id),
  holder_doc TEXT NOT NULL,
  msisdn TEXT NOT NULL,
  result TEXT NOT NULL,            -- match | noMatch
  created_at BIGINT NOT NULL
);
CREATE INDEX biometric_attempts_doc ON biometric_attempts (holder_doc, msisdn);

-- Form-channel requests (FL-4, FL-5), worked by the back office by due date.
CREATE TABLE activation_requests (
  id TEXT PRIMARY KEY,
  party_id TEXT NOT NULL REFERENCES parties (id),
  holder_doc TEXT NOT NULL,
  category TEXT NOT NULL,          -- foreigner | disability | company | appRejected
  iccid TEXT NOT NULL,
  documents TEXT NOT NULL,         -- attachment ids, comma-separated (also linked to the case)
  status TEXT NOT NULL,            -- pending | completed | rejected
  due_at BIGINT NOT NULL,
  reason TEXT,                     -- rejection reason
  product_id TEXT NOT NULL,        -- the line's id, chosen when the SIM is reserved
  msisdn TEXT,                     -- the line's number, once completed
  created_by TEXT,
  decided_by TEXT,
  decided_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX activation_requests_queue ON activation_requests (status, due_at);
CREATE INDEX activation_requests_party ON activation_requests (party_id, created_at);

-- Ports in (FL-6..FL-9): the line keeps its temporary number until due_at.
CREATE TABLE port_ins (
  id TEXT PRIMARY KEY,
  party_id TEXT NOT NULL REFERENCES parties (id),
  product_id TEXT NOT NULL REFERENCES products (id),
  msisdn TEXT NOT NULL,            -- the number brought in (E.164)
  temporary_msisdn TEXT NOT NULL,  -- the line's number when the port started
  donor_operator TEXT NOT NULL,
  activation_id TEXT,
  status TEXT NOT NULL,            -- inProgress | completed
  due_at BIGINT NOT NULL,
  completed_at BIGINT,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX port_ins_due ON port_ins (status, due_at);
CREATE INDEX port_ins_party ON port_ins (party_id, created_at);
-- One port in progress per number and per line.
CREATE UNIQUE INDEX port_ins_open_msisdn ON port_ins (msisdn) WHERE status = 'inProgress';
CREATE UNIQUE INDEX port_ins_open_product ON port_ins (product_id) WHERE status = 'inProgress';
