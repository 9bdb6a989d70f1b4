import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeStripe } from "../helpers/stripe-fake";
import { attemptsOf, eventsOf, invoiceRow, outboxFor, paymentsOf } from "../pay/helpers";
import { chargePending, checkoutWaiting, event, send, sessionPayload } from "./stripe-helpers";

afterEach(() => vi.restoreAllMocks());

describe("Stripe webhooks settle payments", () => {
  it("checkout.session.completed records the payment, marks the invoice paid and mails the receipt", async () => {
    const s = fakeStripe();
    const w = await checkoutWaiting(s);
    s.completeSession(w.sessionId, { brand: "amex", last4: "0005" });
    const res = await send(w.tenant.username, event("checkout.session.completed", sessionPayload(s, w.sessionId)));
    expect(res).toEqual({ status: 200, body: { received: true } });
    expect((await invoiceRow(w, w.inv.id)).status).toBe("paid");
    const [p] = await paymentsOf(w, w.customer.id);
    expect(p).toMatchObject({ amount: 4_200, methodBrand: "American Express", methodLast4: "0005", gateway: "stripe" });
    expect((await attemptsOf(w, w.customer.id))[0]!.status).toBe("succeeded");
    expect(await eventsOf(w, "invoice.paid")).toHaveLength(1);
    expect(await outboxFor(w.tenant.id, w.customer.email!)).toHaveLength(1);
    // the customer's return afterwards shows it paid, without paying again
    expect((await w.client.get(`/pay/result/${w.key}`)).html).toContain("your payment was received");
    expect(await paymentsOf(w, w.customer.id)).toHaveLength(1);
  });

  it("payment_intent.succeeded settles a saved-method charge that was still processing", async () => {
    fakeStripe();
    const w = await chargePending();
    expect(w.attempt.status).toBe("processing");
    expect((await w.client.get(`/pay/result/${w.key}`)).html).toContain("being processed");
    const pi = {
      id: w.attempt.providerRef,
      object: "payment_intent",
      amount: 3_000,
      amount_received: 3_000,
      currency: "usd",
      status: "succeeded",
      metadata: { attempt: w.attempt.id },
    };
    expect((await send(w.tenant.username, event("payment_intent.succeeded", pi))).status).toBe(200);
    expect((await invoiceRow(w, w.inv.id)).balance).toBe(0);
    const [p] = await paymentsOf(w, w.customer.id);
    expect([p!.method, p!.methodLast4, p!.gatewayId]).toEqual(["ach", "6789", w.attempt.providerRef]);
  });

  it("payment_intent.payment_failed ends a processing charge in plain words and frees the invoice", async () => {
    fakeStripe();
    const w = await chargePending();
    const pi = {
      id: w.attempt.providerRef,
      object: "payment_intent",
      amount: 3_000,
      currency: "usd",
      status: "requires_payment_method",
      metadata: { attempt: w.attempt.id },
      last_payment_error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds", message: "raw provider text" },
    };
    await send(w.tenant.username, event("payment_intent.payment_failed", pi));
    const row = await invoiceRow(w, w.inv.id);
    expect([row.balance, row.paymentLock]).toEqual([3_000, null]);
    const page = await w.client.get(`/pay/result/${w.key}`);
    expect(page.html).toContain("insufficient funds");
    expect(page.html).not.toContain("raw provider text");
  });

  it("checkout.session.expired ends the attempt and frees the invoice for another payment", async () => {
    const s = fakeStripe();
    const w = await checkoutWaiting(s);
    s.sessions.get(w.sessionId)!.status = "expired";
    await send(w.tenant.username, event("checkout.session.expired", sessionPayload(s, w.sessionId)));
    expect((await attemptsOf(w, w.customer.id))[0]!.status).toBe("failed");
    expect((await invoiceRow(w, w.inv.id)).paymentLock).toBeNull();
  });

  it("events that are not ours to handle (setup sessions, other types) are acknowledged and change nothing", async () => {
    const s = fakeStripe();
    const w = await checkoutWaiting(s);
    const setup = { ...sessionPayload(s, w.sessionId), mode: "setup", status: "complete" };
    expect((await send(w.tenant.username, event("checkout.session.completed", setup))).status).toBe(200);
    expect((await send(w.tenant.username, event("customer.updated", { id: "cus_1", object: "customer" }))).status).toBe(200);
    expect(await paymentsOf(w, w.customer.id)).toEqual([]);
  });
});
