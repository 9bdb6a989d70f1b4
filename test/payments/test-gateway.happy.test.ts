import { describe, expect, it } from "vitest";
import { cardBrand, luhnValid, testGateway } from "../../src/services/gateways/test-gateway";

const NOW = Date.UTC(2026, 10, 25) / 1000;
const gw = testGateway({ now: () => NOW });
const card = (number: string, over: Partial<{ expiry: string; cvc: string; name: string }> = {}) =>
  gw.tokenize({ type: "card", number, expiry: "12/30", cvc: "123", name: "Ada Lovelace", ...over });

describe("test gateway", () => {
  it("4242 4242 4242 4242 is stored as token, brand, last 4 and expiry only, and charges", async () => {
    const r = await card("4242 4242 4242 4242");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.source).toMatchObject({ type: "card", gateway: "test", brand: "Visa", last4: "4242", expMonth: 12, expYear: 2030 });
    expect(JSON.stringify(r.source)).not.toContain("4242424242424242");
    const charged = await gw.charge({ amount: 1500, currency: "usd", source: r.source, idempotencyKey: "att_1", description: "x" });
    expect(charged.status).toBe("succeeded");
    expect(charged.providerRef).toMatch(/^ch_test_/);
  });

  it("the same idempotency key gives the same charge id", async () => {
    const r = await card("4242424242424242");
    if (!r.ok) throw new Error("tokenize failed");
    const a = await gw.charge({ amount: 100, currency: "usd", source: r.source, idempotencyKey: "same", description: "x" });
    const b = await gw.charge({ amount: 100, currency: "usd", source: r.source, idempotencyKey: "same", description: "x" });
    const c = await gw.charge({ amount: 100, currency: "usd", source: r.source, idempotencyKey: "other", description: "x" });
    expect(a.providerRef).toBe(b.providerRef);
    expect(c.providerRef).not.toBe(a.providerRef);
  });

  it("4000 0000 0000 0002 is declined and 4000 0000 0000 9995 fails for insufficient funds, in plain words", async () => {
    for (const [number, message] of [
      ["4000 0000 0000 0002", "Your card was declined."],
      ["4000 0000 0000 9995", "Your card has insufficient funds."],
    ] as const) {
      const r = await card(number);
      if (!r.ok) throw new Error("tokenize failed");
      const charged = await gw.charge({ amount: 100, currency: "usd", source: r.source, idempotencyKey: number, description: "x" });
      expect(charged).toMatchObject({ status: "failed", failureMessage: message });
    }
  });

  it("the test bank account is accepted and stored by last 4", async () => {
    const r = await gw.tokenize({ type: "bank_account", routingNumber: "110000000", accountNumber: "000123456789", accountHolderName: "Ada" });
    expect(r).toMatchObject({ ok: true, source: { type: "bank_account", last4: "6789", bankName: "Test Bank" } });
  });

  it("knows Luhn and brands", () => {
    expect(luhnValid("4242424242424242")).toBe(true);
    expect(luhnValid("4242424242424241")).toBe(false);
    expect(cardBrand("5555555555554444")).toBe("Mastercard");
    expect(cardBrand("378282246310005")).toBe("American Express");
  });
});
