-- FL-1: an app activation has a target (the pack's activation.target_minutes,
-- 5 for Flash) from the SIM's scan to the fingerprint's match. activated_at is
-- that match; the activation report measures the time against the target.
ALTER TABLE activations ADD COLUMN activated_at BIGINT;
-- Activations matched before this column: the line was opened at the match.
UPDATE activations SET activated_at =
  (SELECT created_at FROM products WHERE products.id = activations.product_id)
  WHERE status = 'active';
CREATE INDEX activations_activated ON activations (activated_at) WHERE activated_at IS NOT NULL;
