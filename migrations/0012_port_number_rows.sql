-- Ports in and the number pool serialise per number (FL-9): a port in
-- progress holds its number's row in `numbers` (status portingIn, product_id
-- the line it goes to), so a load of the same number into stock and the
-- port's start meet on the primary key instead of both passing their checks.
-- The row becomes the line's (active) when the port completes. A port that
-- cannot complete ends failed, with the reason here.
ALTER TABLE port_ins ADD COLUMN reason TEXT;

-- Ports opened before this migration take their number's row now; one whose
-- number is already in the pool finds out when it completes.
INSERT INTO numbers (msisdn, status, product_id, created_at, updated_at)
  SELECT msisdn, 'portingIn', product_id, created_at, updated_at FROM port_ins
  WHERE status = 'inProgress'
  ON CONFLICT DO NOTHING;
