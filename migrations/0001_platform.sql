-- Platform tables: agents and their sessions, login throttling, the audit
-- log and stored idempotent responses. Times are UTC epoch milliseconds.

CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  roles TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE agent_sessions (
  token_hash TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agents (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX agent_sessions_expires ON agent_sessions (expires_at);

CREATE TABLE login_failures (
  username TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures (username, at);

CREATE TABLE login_locks (
  username TEXT PRIMARY KEY,
  locked_until BIGINT NOT NULL
);

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  request_id TEXT,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity_id, at);

CREATE TABLE idempotency_keys (
  agent_id TEXT NOT NULL,
  route TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  body TEXT NOT NULL,
  location TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (agent_id, route, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
