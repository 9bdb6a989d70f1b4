-- Issue 12.5: domains claimed before verification existed get a token of their own
-- (128 random bits, hex) and stay unverified, so they are not served until their owner
-- publishes the TXT record and calls POST /settings/domains/{id}/verify (README, deploy).
UPDATE `tenant_domains` SET `verification_token` = lower(hex(randomblob(16))) WHERE `verification_token` = '';
