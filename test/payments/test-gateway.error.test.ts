import { describe, expect, it } from "vitest";
import { testGateway } from "../../src/services/gateways/test-gateway";

const NOW = Date.UTC(2026, 10, 25) / 1000; // 25 Nov 2026
const gw = testGateway({ now: () => NOW });
const card = (over: Partial<{ number: string; expiry: string; cvc: string; name: string }>) =>
  gw.tokenize({ type: "card", number: "4242424242424242", expiry: "12/30", cvc: "123", name: "Ada", ...over });
const errorsOf = async (p: ReturnType<typeof card>) => {
  const r = await p;
  return r.ok ? {} : Object.fromEntries(r.errors.map((e) => [e.field, e.message]));
};

describe("test gateway refuses bad input with clear messages", () => {
  it("a mistyped card number fails the Luhn check", async () => {
    expect((await errorsOf(card({ number: "4242 4242 4242 4241" }))).number).toMatch(/not valid/);
  });
  it("a real (non-test) card number is refused in test mode", async () => {
    expect((await errorsOf(card({ number: "4111 1111 1111 1111" }))).number).toMatch(/test mode/);
  });
  it("an expired card is refused; the current month is still valid", async () => {
    expect((await errorsOf(card({ expiry: "10/26" }))).expiry).toBe("This card has expired.");
    expect(await errorsOf(card({ expiry: "11/26" }))).toEqual({});
  });
  it("an unreadable expiry, a short CVC and a missing name are each named", async () => {
    const e = await errorsOf(card({ expiry: "13/30", cvc: "12", name: " " }));
    expect(Object.keys(e).sort()).toEqual(["cvc", "expiry", "name"]);
  });
  it("American Express wants a 4-digit CVC", async () => {
    expect((await errorsOf(card({ number: "378282246310005", cvc: "123" }))).cvc).toMatch(/4 digits/);
  });
  it("a wrong routing number or unknown test account is refused", async () => {
    const r = await gw.tokenize({ type: "bank_account", routingNumber: "123456789", accountNumber: "1", accountHolderName: "" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field).sort()).toEqual(["accountHolderName", "accountNumber", "routingNumber"]);
  });
  it("a non-positive amount is never charged", async () => {
    const r = await gw.charge({ amount: 0, currency: "usd", source: { type: "card", gatewayToken: "tok_test_ok_x" }, idempotencyKey: "k", description: "x" });
    expect(r.status).toBe("failed");
  });
});
