-- Customer care: party interactions (TMF683: every contact with a customer)
-- and notes left on a customer or a line (MN-9). Times are UTC epoch
-- milliseconds. Rows carry party_id, the shard key; both tables are
-- append-only apart from a note's valid_to (ended early, audited).

CREATE TABLE party_interactions (
  id TEXT PRIMARY KEY,
  party_id TEXT NOT NULL REFERENCES parties (id),
  started_at BIGINT NOT NULL,      -- interactionDate.startDateTime
  ended_at BIGINT,                 -- interactionDate.endDateTime
  channel TEXT NOT NULL,           -- phone | ussd | sms | email | web | app | whatsapp | office | field
  direction TEXT NOT NULL,         -- inbound | outbound
  status TEXT NOT NULL,            -- opened | inProgress | completed
  reason TEXT NOT NULL,
  outcome TEXT,                    -- e.g. WILL_STAY, WONT, BLOCKED, REFUSED_TO_ANSWER (MN-10)
  description TEXT,
  product_id TEXT,                 -- the line or service it was about (not checked yet)
  service_line TEXT,               -- the call-center line it came through, e.g. 101
  agent_id TEXT,                   -- NULL when the system recorded it
  agent_name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX party_interactions_party ON party_interactions (party_id, started_at);
CREATE INDEX party_interactions_started ON party_interactions (started_at);

CREATE TABLE party_notes (
  id TEXT PRIMARY KEY,
  party_id TEXT NOT NULL REFERENCES parties (id),
  product_id TEXT,
  note_type TEXT NOT NULL,         -- ordinary | retention | warning | discount
  valid_from BIGINT NOT NULL,
  valid_to BIGINT,                 -- exclusive; NULL: open-ended
  campaign TEXT,
  text TEXT NOT NULL,
  author_id TEXT,
  author_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX party_notes_party ON party_notes (party_id, created_at);
CREATE INDEX party_notes_product ON party_notes (product_id, created_at);
