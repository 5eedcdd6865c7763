-- Usage charged to a line (FL-13, TMF635). Each record the network's
-- mediation sends (a call's minutes, SMS, data MB) is rated once, in one
-- transaction: from the line's allowance buckets that cover it, those that
-- expire first first, then what is left from the main balance at the
-- standard tariff. The buckets' ledger rows (reason 'usage') name the usage.
CREATE TABLE usages (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products (id),
  party_id TEXT NOT NULL,
  msisdn TEXT NOT NULL,            -- the line's number when used
  usage_type TEXT NOT NULL,        -- voice | sms | data
  on_net INTEGER NOT NULL,         -- 1: a call to one of the operator's own numbers
  quantity BIGINT NOT NULL,        -- minutes, SMS or MB
  units TEXT NOT NULL,             -- minutes | SMS | MB
  allowances TEXT NOT NULL,        -- JSON [{"bucketId", "quantity"}]: what buckets covered
  tariff_quantity BIGINT NOT NULL, -- what no bucket covered, charged at the standard tariff
  charged BIGINT NOT NULL,         -- minor units taken from the main balance
  currency TEXT NOT NULL,
  usage_date BIGINT NOT NULL,      -- when it happened, by the network
  created_by TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX usages_product ON usages (product_id, usage_date);
