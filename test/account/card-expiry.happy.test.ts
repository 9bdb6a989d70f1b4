import { describe, expect, it } from "vitest";
import { cardExpiresAt, expiryState, expiryText } from "../../src/services/payment-methods/card-expiry";

const at = (iso: string) => Date.parse(iso) / 1000;

describe("card expiry (issue 6.3)", () => {
  it("a card works through the last day of its month", () => {
    expect(cardExpiresAt({ type: "card", expMonth: 12, expYear: 2026 })).toBe(at("2027-01-01T00:00:00Z"));
    expect(cardExpiresAt({ type: "card", expMonth: 2, expYear: 2028 })).toBe(at("2028-03-01T00:00:00Z"));
  });

  it("is flagged within 60 days of that, expired after, fine before", () => {
    const card = { type: "card", expMonth: 12, expYear: 2026 };
    expect(expiryState(card, at("2026-11-02T00:00:00Z"))).toBe("expiring"); // 60 days left
    expect(expiryState(card, at("2026-11-01T23:59:59Z"))).toBe("ok"); // a second over 60 days
    expect(expiryState(card, at("2026-12-31T23:59:59Z"))).toBe("expiring");
    expect(expiryState(card, at("2027-01-01T00:00:00Z"))).toBe("expired");
  });

  it("bank accounts and cards without an expiry are never flagged", () => {
    expect(expiryState({ type: "bank_account", expMonth: null, expYear: null }, 0)).toBe("ok");
    expect(expiryState({ type: "card", expMonth: null, expYear: null }, 0)).toBe("ok");
    expect(expiryState({ type: "card", expMonth: 13, expYear: 2026 }, 0)).toBe("ok");
  });

  it("prints MM/YYYY", () => {
    expect(expiryText({ type: "card", expMonth: 3, expYear: 2031 })).toBe("03/2031");
    expect(expiryText({ type: "card", expMonth: null, expYear: 2031 })).toBeNull();
  });
});
