-- Scheduled top-ups charge the card on file through the payment provider
-- (FL-11): a period is claimed as 'charging', the provider is asked outside
-- any transaction, and its answer makes the period 'completed' (topped up)
-- or 'declined'. A period without an answer stays 'charging' and is asked
-- again, under the same key, until the provider answers.
ALTER TABLE auto_topup_runs ADD COLUMN charge_ref TEXT;
ALTER TABLE auto_topup_runs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE auto_topup_runs ADD COLUMN tried_at BIGINT;
CREATE INDEX auto_topup_runs_charging ON auto_topup_runs (created_at)
  WHERE outcome = 'charging';
