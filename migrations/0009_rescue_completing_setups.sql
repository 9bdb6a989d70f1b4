-- Custom migration (hand-written; keep it). Until e319c7c a hosted setup was claimed
-- 'pending' -> 'completing' by one write and saved ('completed', with its method) by a
-- second, atomic batch; a request that died between the two left the row 'completing'
-- with no method saved, which neither the return page nor the webhook would touch.
-- The claim and the save are one batch now, so 'completing' is never written; such rows
-- go back to 'pending', where the next return visit or webhook delivery reads the
-- session back from Stripe and saves the method once (S39, S40).
UPDATE `payment_source_setups` SET `status` = 'pending' WHERE `status` = 'completing' AND `payment_source_id` IS NULL;
