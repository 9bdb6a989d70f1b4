import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { tenants } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { getGateway, stripeWebhookSecret } from "../../src/services/gateways";
import { removeStripeSettings, StripeSettingsError, saveStripeSettings } from "../../src/services/pay/stripe-settings";
import { makeTenant, testDb } from "../helpers/tenants";

const KEY = "sk_test_51SettingsTestOnlyAbcdefghijkl";
const WHSEC = "whsec_settingsTestOnly0123456789abcd";

describe("S42: a tenant's Stripe secrets are stored encrypted", () => {
  it("stores neither secret in clear, and the gateway and webhook route get them back", async () => {
    const t = await makeTenant();
    await saveStripeSettings(testDb(), t.tenant.id, { secretKey: KEY, webhookSecret: WHSEC }, env.ENCRYPTION_KEY, nowSeconds());
    const row = (await testDb().select().from(tenants).where(eq(tenants.id, t.tenant.id)).get())!;
    const dump = JSON.stringify(await env.DB.prepare("SELECT * FROM tenants WHERE id = ?").bind(t.tenant.id).all());
    expect(dump).not.toContain(KEY);
    expect(dump).not.toContain(WHSEC);
    expect(row.paymentGateway).toBe("stripe");
    expect(row.stripeSecretKeyEnc).toMatch(/^v1\./);
    const gw = await getGateway(row, env);
    expect([gw.kind, gw.flow, gw.testMode]).toEqual(["stripe", "hosted", true]);
    expect(await stripeWebhookSecret(row, env)).toBe(WHSEC);
  });

  it("refuses what is not a Stripe secret key or webhook secret (a publishable key, say)", async () => {
    const t = await makeTenant();
    await expect(
      saveStripeSettings(testDb(), t.tenant.id, { secretKey: "pk_test_51abcdefghijklmnopqrst", webhookSecret: null }, env.ENCRYPTION_KEY, 1),
    ).rejects.toBeInstanceOf(StripeSettingsError);
    await expect(saveStripeSettings(testDb(), t.tenant.id, { secretKey: KEY, webhookSecret: "secret" }, env.ENCRYPTION_KEY, 1)).rejects.toBeInstanceOf(
      StripeSettingsError,
    );
    expect((await testDb().select().from(tenants).where(eq(tenants.id, t.tenant.id)).get())!.paymentGateway).toBe("test");
  });

  it("removing the settings goes back to the test gateway and forgets the secrets", async () => {
    const t = await makeTenant();
    await saveStripeSettings(testDb(), t.tenant.id, { secretKey: KEY, webhookSecret: WHSEC }, env.ENCRYPTION_KEY, 1);
    await removeStripeSettings(testDb(), t.tenant.id, 2);
    const row = (await testDb().select().from(tenants).where(eq(tenants.id, t.tenant.id)).get())!;
    expect([row.paymentGateway, row.stripeSecretKeyEnc, row.stripeWebhookSecretEnc]).toEqual(["test", null, null]);
  });
});
