-- A number a line gave up (ended, or replaced by a ported number, FL-9) rests
-- before it is handed out again, so that calls and SMS meant for its last
-- holder do not reach a new customer: the policy's number_quarantine_days.
-- NULL: free as soon as it is in stock (numbers loaded into the pool).
ALTER TABLE numbers ADD COLUMN available_at BIGINT;
