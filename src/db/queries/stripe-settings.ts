import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { tenants } from "../schema";

/** Stores a tenant's Stripe secrets, already encrypted by the caller (S42), and switches its gateway. */
export function setTenantStripeSecrets(db: Db, tenantId: number, enc: { secretKeyEnc: string; webhookSecretEnc: string | null }, now: number) {
  return db
    .update(tenants)
    .set({ paymentGateway: "stripe", stripeSecretKeyEnc: enc.secretKeyEnc, stripeWebhookSecretEnc: enc.webhookSecretEnc, updatedAt: now })
    .where(eq(tenants.id, tenantId))
    .run();
}

/** Back to the offline test gateway; the stored secrets are dropped. */
export function clearTenantStripeSecrets(db: Db, tenantId: number, now: number) {
  return db
    .update(tenants)
    .set({ paymentGateway: "test", stripeSecretKeyEnc: null, stripeWebhookSecretEnc: null, updatedAt: now })
    .where(eq(tenants.id, tenantId))
    .run();
}
