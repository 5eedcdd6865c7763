-- The notify outbox: every SMS and email, written in the same transaction as the change it
-- reports and sent afterwards by the notify sender job. Times are UTC epoch milliseconds.
CREATE TABLE notify_messages (
  id TEXT PRIMARY KEY,
  party_id TEXT,                   -- the customer or party it concerns: the future shard key
  channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
  recipient TEXT NOT NULL,         -- E.164 number or email address
  subject TEXT,                    -- email only
  text TEXT NOT NULL,              -- with digit runs masked when secret
  secret INTEGER NOT NULL DEFAULT 0,
  secret_text TEXT,                -- secret: the text sealed under the server key, wiped (NULL)
                                   -- once nothing more will be sent
  template TEXT,
  language TEXT,
  state TEXT NOT NULL CHECK (state IN ('initial', 'inProgress', 'completed', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT,          -- when the sender looks at it next: the retry time when
                                   -- initial, the end of the sender's lease when inProgress;
                                   -- NULL when waiting for a delivery report, or final
  last_error TEXT,
  external_ref TEXT,               -- the gateway's reference (SMSC id, Message-ID)
  report_token_hash TEXT,          -- SHA-256 of the last attempt's delivery-report token
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  sent_at BIGINT,
  delivered_at BIGINT
);
-- The sender's due scan reads only messages with a due time.
CREATE INDEX notify_messages_due ON notify_messages (next_attempt_at)
  WHERE next_attempt_at IS NOT NULL;
CREATE INDEX notify_messages_party ON notify_messages (party_id, created_at);
CREATE INDEX notify_messages_created ON notify_messages (created_at);
