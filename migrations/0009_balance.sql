-- Prepaid balance (TMF654, FL-10..FL-14): a line's buckets (its main monetary
-- balance and the allowances its plans and packages give), the append-only
-- ledger, top-ups, scheduled top-ups, purchases, top-up agents (FL-12) and the
-- USSD gateway's key. Every change of a bucket's remaining amount is a ledger
-- row written by the same statement sequence in the same job, so a bucket's
-- remaining always equals the sum of its ledger. Times are UTC epoch
-- milliseconds; amounts are integers (minor units of the currency, MB,
-- minutes, SMS). Hot rows carry party_id, the shard key.

CREATE TABLE balance_buckets (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products (id),
  party_id TEXT NOT NULL,
  usage_type TEXT NOT NULL,        -- monetary | data | voice | sms
  scope TEXT,                      -- onNet: voice to the operator's own numbers only
  units TEXT NOT NULL,             -- the currency code, MB, minutes or SMS
  remaining BIGINT NOT NULL,       -- = SUM(balance_ledger.amount) of the bucket
  offering_id TEXT,                -- the plan or package that granted it
  purchase_id TEXT,
  valid_from BIGINT NOT NULL,
  valid_to BIGINT,                 -- exclusive; NULL: no expiry (the main balance)
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX balance_buckets_product ON balance_buckets (product_id, created_at);
-- One main (monetary) balance per line.
CREATE UNIQUE INDEX balance_buckets_main ON balance_buckets (product_id)
  WHERE usage_type = 'monetary';

-- Append-only: rows are never updated or deleted.
CREATE TABLE balance_ledger (
  id TEXT PRIMARY KEY,
  bucket_id TEXT NOT NULL REFERENCES balance_buckets (id),
  product_id TEXT NOT NULL,
  party_id TEXT NOT NULL,
  amount BIGINT NOT NULL,          -- the change, signed
  balance_after BIGINT NOT NULL,   -- the bucket's remaining after it
  reason TEXT NOT NULL,            -- topup | purchase | grant
  ref_id TEXT NOT NULL,            -- the top-up or purchase
  created_at BIGINT NOT NULL
);
CREATE INDEX balance_ledger_bucket ON balance_ledger (bucket_id, created_at);

CREATE TABLE topups (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products (id),
  party_id TEXT NOT NULL,
  msisdn TEXT NOT NULL,            -- the line's number when topped up
  amount BIGINT NOT NULL,
  currency TEXT NOT NULL,
  channel TEXT NOT NULL,           -- web | account | agent | ussd | callCenter
  topup_agent_id TEXT,             -- channel agent: where the cash was paid (FL-12)
  invoice_type TEXT NOT NULL,      -- boleta | factura (FL-10)
  tax_id TEXT,                     -- a factura's RUC
  payment_ref TEXT,                -- the card's reference at the payment provider
  auto_topup_id TEXT,              -- the schedule that made it (FL-11)
  balance_after BIGINT NOT NULL,
  created_by TEXT,                 -- the agent; NULL for the system
  created_at BIGINT NOT NULL
);
CREATE INDEX topups_product ON topups (product_id, created_at);

-- Scheduled top-ups (FL-11): at most one active schedule per line.
CREATE TABLE auto_topups (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products (id),
  party_id TEXT NOT NULL,
  period TEXT NOT NULL,            -- weekly | fortnightly | monthly
  amount BIGINT NOT NULL,
  channel TEXT NOT NULL,
  invoice_type TEXT NOT NULL,
  tax_id TEXT,
  payment_ref TEXT,
  status TEXT NOT NULL,            -- active | cancelled
  next_run_at BIGINT NOT NULL,     -- the start of the next period to top up
  created_by TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX auto_topups_active ON auto_topups (product_id) WHERE status = 'active';
CREATE INDEX auto_topups_due ON auto_topups (status, next_run_at);

-- One run per line and period: the key that makes a scheduled top-up happen
-- at most once, however often the job runs.
CREATE TABLE auto_topup_runs (
  product_id TEXT NOT NULL,
  period_start BIGINT NOT NULL,
  auto_topup_id TEXT NOT NULL,
  outcome TEXT NOT NULL,           -- completed | skipped
  topup_id TEXT,                   -- completed: the top-up made
  reason TEXT,                     -- skipped: why
  created_at BIGINT NOT NULL,
  PRIMARY KEY (product_id, period_start)
);

-- Plans and packages bought from the balance (FL-14).
CREATE TABLE purchases (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products (id),
  party_id TEXT NOT NULL,
  offering_id TEXT NOT NULL,
  offering_kind TEXT NOT NULL,     -- plan | package
  price BIGINT NOT NULL,
  currency TEXT NOT NULL,
  channel TEXT NOT NULL,           -- web | account | ussd | callCenter
  valid_to BIGINT NOT NULL,        -- when its allowances expire
  ended_at BIGINT,                 -- a plan: when its end was processed (FL-13)
  request_key TEXT,                -- "ussd:<sessionId>": a gateway's retry buys nothing more
  created_by TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX purchases_product ON purchases (product_id, created_at);
CREATE UNIQUE INDEX purchases_request_key ON purchases (request_key)
  WHERE request_key IS NOT NULL;
-- Plans whose end is still to process, by when they end.
CREATE INDEX purchases_open_plans ON purchases (valid_to)
  WHERE offering_kind = 'plan' AND ended_at IS NULL;

-- Shops where customers top up in cash (FL-12), listed on the web.
CREATE TABLE topup_agents (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  brand TEXT NOT NULL,             -- the brand on the sign: Flash, or older Inkacel, Virgin
  address TEXT NOT NULL,
  district TEXT NOT NULL,
  status TEXT NOT NULL,            -- active | inactive
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX topup_agents_district ON topup_agents (status, district, name);

-- The USSD gateway's shared secret, only as its SHA-256: one row at most.
CREATE TABLE ussd_gateway_keys (
  key_hash TEXT PRIMARY KEY,
  created_by TEXT,
  created_at BIGINT NOT NULL
);
