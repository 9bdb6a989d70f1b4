import type { Statement } from "../../db/batch";
import type { Db } from "../../db/client";
import { clearTenantStripeSecrets, setTenantStripeSecrets } from "../../db/queries/stripe-settings";
import { encryptSecret } from "../../lib/crypto";

/**
 * A tenant's Stripe secret key and webhook signing secret, stored encrypted with the
 * Worker secret ENCRYPTION_KEY (S42); `getGateway` and the webhook route decrypt
 * them per request. Whoever calls this (the merchant settings API, a platform
 * script) shows the secrets nowhere afterwards. `alsoInBatch` (an audit event,
 * say) is written in the same atomic batch as the change.
 */

export class StripeSettingsError extends Error {
  constructor(
    message: string,
    readonly param: "secret_key" | "webhook_secret",
  ) {
    super(message);
  }
}

const SECRET_KEY = /^(sk|rk)_(test|live)_[A-Za-z0-9]{16,247}$/;
const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/=]{16,200}$/;

export async function saveStripeSettings(
  db: Db,
  tenantId: number,
  input: { secretKey: string; webhookSecret: string | null },
  encryptionKey: string,
  now: number,
  alsoInBatch: Statement[] = [],
): Promise<{ testMode: boolean }> {
  if (!SECRET_KEY.test(input.secretKey)) throw new StripeSettingsError("secret_key must be a Stripe secret or restricted key (sk_... or rk_...)", "secret_key");
  if (input.webhookSecret !== null && !WEBHOOK_SECRET.test(input.webhookSecret)) {
    throw new StripeSettingsError("webhook_secret must be a Stripe webhook signing secret (whsec_...)", "webhook_secret");
  }
  const update = setTenantStripeSecrets(
    db,
    tenantId,
    {
      secretKeyEnc: await encryptSecret(encryptionKey, input.secretKey),
      webhookSecretEnc: input.webhookSecret === null ? null : await encryptSecret(encryptionKey, input.webhookSecret),
    },
    now,
  );
  await db.batch([update, ...alsoInBatch]);
  return { testMode: input.secretKey.includes("_test_") };
}

export async function removeStripeSettings(db: Db, tenantId: number, now: number, alsoInBatch: Statement[] = []): Promise<void> {
  await db.batch([clearTenantStripeSecrets(db, tenantId, now), ...alsoInBatch]);
}
