import { afterEach, describe, expect, it, vi } from "vitest";
import { GatewayError } from "../../src/services/gateways";
import { stripeGateway } from "../../src/services/gateways/stripe-gateway";
import { fakeStripe } from "../helpers/stripe-fake";

const gw = () => stripeGateway({ secretKey: "sk_test_51AdapterTestsOnlyAbcdefgh" });

afterEach(() => vi.restoreAllMocks());

describe("Stripe adapter failures", () => {
  it("a declined card is a failed charge in plain words, never Stripe's own text", async () => {
    fakeStripe();
    const declined = await gw().charge({
      amount: 100,
      currency: "usd",
      source: { type: "card", gatewayToken: "cus_1/pm_card_chargeDeclined" },
      idempotencyKey: "pa_d1",
      description: "x",
    });
    expect(declined).toMatchObject({ status: "failed", failureMessage: "Your card was declined.", failureCode: "generic_decline" });
    expect(declined.providerRef).toMatch(/^pi_/);
    const poor = await gw().charge({
      amount: 100,
      currency: "usd",
      source: { type: "card", gatewayToken: "cus_1/pm_card_insufficientFunds" },
      idempotencyKey: "pa_d2",
      description: "x",
    });
    expect(poor.failureMessage).toBe("Your card has insufficient funds.");
    expect(JSON.stringify([declined, poor])).not.toContain("(fake)");
  });

  it("a charge that is still processing is pending, for the webhook to settle", async () => {
    fakeStripe();
    const r = await gw().charge({
      amount: 100,
      currency: "usd",
      source: { type: "bank_account", gatewayToken: "cus_1/pm_processing" },
      idempotencyKey: "pa_p1",
      description: "x",
    });
    expect(r.status).toBe("pending");
  });

  it("an unreachable Stripe is a GatewayError with a safe message (S30)", async () => {
    const s = fakeStripe();
    s.failNetwork = true;
    const err = await gw()
      .charge({ amount: 100, currency: "usd", source: { type: "card", gatewayToken: "cus_1/pm_card_visa" }, idempotencyKey: "pa_n1", description: "x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).publicMessage).toMatch(/could not be reached/);
    expect((err as GatewayError).message).not.toContain("fake network");
  });

  it("refuses a non-positive or fractional amount before calling Stripe", async () => {
    const s = fakeStripe();
    for (const amount of [0, -5, 1.5]) {
      await expect(
        gw().charge({ amount, currency: "usd", source: { type: "card", gatewayToken: "pm_x" }, idempotencyKey: `pa_bad${amount}`, description: "x" }),
      ).rejects.toBeInstanceOf(GatewayError);
    }
    expect(s.calls).toEqual([]);
  });
});
