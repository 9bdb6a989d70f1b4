-- S32: subscriptions made before portal URLs carried a random id get one (20 hex characters, 80 bits;
-- new rows get publicId()'s 20 alphanumerics). Run before the unique index of the next migration.
UPDATE `subscriptions` SET `public_id` = lower(hex(randomblob(10))) WHERE `public_id` IS NULL;
