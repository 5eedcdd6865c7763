-- FL-6: porting PINs asked of the donor for a number. A row is written before
-- the donor is asked and deleted when the PIN opens the port (or the donor
-- gives no answer); what stays are wrong PINs and checks a crash cut short.
-- They count against the number for the policy's hours, so that a PIN cannot
-- be found by trying them all, however many requests go in parallel.
CREATE TABLE port_pin_attempts (
  id TEXT PRIMARY KEY,
  msisdn TEXT NOT NULL,     -- the number being ported in, E.164
  product_id TEXT NOT NULL, -- the line it was to be ported to
  agent_id TEXT,            -- who entered the PIN
  created_at BIGINT NOT NULL
);
CREATE INDEX port_pin_attempts_msisdn ON port_pin_attempts (msisdn, created_at);

-- A line's ports, newest first (the console shows a port in progress on its line).
CREATE INDEX port_ins_product ON port_ins (product_id, created_at);
