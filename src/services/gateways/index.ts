import type { Tenant } from "../../db/queries/types";
import { decryptSecret } from "../../lib/crypto";
import { nowSeconds } from "../../lib/time";
import { stripeGateway } from "./stripe-gateway";
import { testGateway } from "./test-gateway";
import { GatewayError, type PaymentGateway } from "./types";

export type { PaymentGateway } from "./types";
export * from "./types";

export type GatewayOptions = {
  /** Stripe's HTTP, faked in tests */
  fetch?: typeof fetch;
  /** unix seconds, for card-expiry checks of the test gateway */
  now?: () => number;
};

/**
 * The gateway a tenant is configured for. Stripe's secret key is stored encrypted
 * (S42) and decrypted here, per request, with the Worker secret ENCRYPTION_KEY.
 *
 * @example const gw = await getGateway(c.var.tenant, c.env);
 */
export async function getGateway(
  tenant: Pick<Tenant, "paymentGateway" | "stripeSecretKeyEnc">,
  env: { ENCRYPTION_KEY: string },
  opts: GatewayOptions = {},
): Promise<PaymentGateway> {
  if (tenant.paymentGateway === "stripe") {
    if (!tenant.stripeSecretKeyEnc)
      throw new GatewayError("stripe is selected but no secret key is stored", "Online payments are not set up yet. Please contact the merchant.");
    const secretKey = await decryptSecret(env.ENCRYPTION_KEY, tenant.stripeSecretKeyEnc);
    return stripeGateway({ secretKey, fetch: opts.fetch });
  }
  return testGateway({ now: opts.now ?? nowSeconds });
}

/** The webhook signing secret of a Stripe tenant, or null when none is stored. */
export async function stripeWebhookSecret(tenant: Pick<Tenant, "stripeWebhookSecretEnc">, env: { ENCRYPTION_KEY: string }): Promise<string | null> {
  return tenant.stripeWebhookSecretEnc ? decryptSecret(env.ENCRYPTION_KEY, tenant.stripeWebhookSecretEnc) : null;
}
