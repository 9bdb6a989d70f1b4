import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers } from "../../src/db/schema";
import { makeEstimate, makeInvoice } from "../helpers/fixtures";
import { attemptsOf, DECLINED_CARD, eventsOf, invoiceRow, NO_FUNDS_CARD, pay, paymentsOf, review, TEST_CARD, world } from "./helpers";

describe("the server refuses what the tenant does not allow (not only hidden)", () => {
  it("a partial payment when the tenant disallows it is refused with 422 and nothing is written", async () => {
    const w = await world({ allowPartialPayments: false });
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 10_000 }]);
    const page = await w.client.get("/pay");
    expect(page.html).not.toContain(`name="amount_${a.publicId}"`);
    const r = await review(w.client, { invoice: a.publicId, [`amount_${a.publicId}`]: "10.00", ...TEST_CARD });
    expect(r.status).toBe(422);
    expect(r.html).toContain("does not accept partial payments");
    expect(await attemptsOf(w, w.customer.id)).toEqual([]);
    expect((await invoiceRow(w, a.id)).balance).toBe(10_000);
  });

  it("paying the full balance still works when partial payments are off", async () => {
    const w = await world({ allowPartialPayments: false });
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 10_000 }]);
    await pay(w.client, { invoice: a.publicId, [`amount_${a.publicId}`]: "100", ...TEST_CARD });
    expect((await invoiceRow(w, a.id)).balance).toBe(0);
  });

  it("an advance payment when the tenant disallows it is refused", async () => {
    const w = await world({ allowAdvancePayments: false });
    const a = await makeInvoice(w.scope, w.customer.id);
    const r = await review(w.client, { invoice: a.publicId, advance_amount: "5", ...TEST_CARD });
    expect(r.status).toBe(422);
    expect(r.html).toContain("does not accept advance payments");
    expect(await attemptsOf(w, w.customer.id)).toEqual([]);
  });

  it("AutoPay enrolment when the tenant does not offer it is refused", async () => {
    const w = await world({ allowAutopayEnrollment: false });
    const a = await makeInvoice(w.scope, w.customer.id);
    expect((await w.client.get("/pay")).html).not.toContain('name="autopay"');
    const r = await review(w.client, { invoice: a.publicId, ...TEST_CARD, autopay: "1" });
    expect(r.status).toBe(422);
    expect(r.html).toContain("does not offer AutoPay");
    expect((await w.scope.select(customers, eq(customers.id, w.customer.id)).get())!.autopay).toBe(false);
  });
});

describe("amounts and selections that cannot be paid", () => {
  it("an amount over the balance is refused and the typed amount is kept", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 10_000 }]);
    const r = await review(w.client, { invoice: a.publicId, [`amount_${a.publicId}`]: "100.01", ...TEST_CARD });
    expect(r.status).toBe(422);
    expect(r.html).toContain("cannot be more than the balance of $100.00");
    expect(r.html).toContain('value="100.01"');
    expect(r.html).toContain(`aria-describedby="amount_${a.publicId}-error"`);
    expect(await attemptsOf(w, w.customer.id)).toEqual([]);
  });

  it("zero, negative, unreadable and over-precise amounts are refused in words", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 10_000 }]);
    for (const [typed, message] of [
      ["0", "more than zero"],
      ["-5", "as a number"],
      ["ten", "as a number"],
      ["1.005", "at most 2 decimal places"],
      ["1e3", "as a number"],
    ]) {
      const r = await review(w.client, { invoice: a.publicId, [`amount_${a.publicId}`]: typed!, ...TEST_CARD });
      expect(r.status, typed).toBe(422);
      expect(r.html, typed).toContain(message);
    }
    expect(await attemptsOf(w, w.customer.id)).toEqual([]);
  });

  it("JPY has no decimals: 1500.5 is refused, not rounded", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id, { currency: "jpy" }, [{ unitCost: 12_000 }]);
    const r = await review(w.client, { invoice: a.publicId, [`amount_${a.publicId}`]: "1500.5", ...TEST_CARD });
    expect(r.status).toBe(422);
    expect(r.html).toContain("JPY has no decimal places");
  });

  it("invoices in different currencies cannot be paid together", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id, { currency: "usd" });
    const b = await makeInvoice(w.scope, w.customer.id, { currency: "eur" });
    const r = await review(w.client, { invoice: [a.publicId, b.publicId], ...TEST_CARD });
    expect(r.status).toBe(422);
    expect(r.html).toContain("different currencies cannot be paid together");
    expect(await attemptsOf(w, w.customer.id)).toEqual([]);
  });

  it("S34: paying a paid invoice is refused", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id, { balance: 0, paid: true, status: "paid" });
    const r = await review(w.client, { invoice: a.publicId, ...TEST_CARD });
    expect(r.status).toBe(422);
    expect(r.html).toContain(`Invoice ${a.number} is already paid`);
  });

  it("nothing chosen is refused; a draft or voided invoice is a 404 like a foreign one (S31)", async () => {
    const w = await world();
    const draft = await makeInvoice(w.scope, w.customer.id, { draft: true, status: "draft" });
    const voided = await makeInvoice(w.scope, w.customer.id, { voided: true, status: "voided" });
    const none = await review(w.client, { ...TEST_CARD });
    expect(none.status).toBe(422);
    expect(none.html).toContain("Choose at least one invoice");
    expect((await review(w.client, { invoice: draft.publicId, ...TEST_CARD })).status).toBe(404);
    expect((await review(w.client, { invoice: voided.publicId, ...TEST_CARD })).status).toBe(404);
    expect(await attemptsOf(w, w.customer.id)).toEqual([]);
  });

  it("a deposit is refused for an estimate that is not approved or already paid", async () => {
    const w = await world();
    const sent = await makeEstimate(w.scope, w.customer.id, { status: "sent", deposit: 1_000 });
    const paid = await makeEstimate(w.scope, w.customer.id, { status: "approved", deposit: 1_000, depositPaid: true });
    expect((await review(w.client, { estimate: sent.publicId, ...TEST_CARD })).html).toContain("Approve estimate");
    expect((await review(w.client, { estimate: paid.publicId, ...TEST_CARD })).html).toContain("already paid");
    expect(await paymentsOf(w, w.customer.id)).toEqual([]);
  });

  it("a mistyped card is refused with each field named; the expiry and name are kept, the number and CVC are not", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id);
    const r = await review(w.client, { invoice: a.publicId, ...TEST_CARD, card_number: "4242 4242 4242 4241", card_cvc: "12", card_expiry: "07/41" });
    expect(r.status).toBe(422);
    expect(r.html).toContain('aria-describedby="card_number-hint card_number-error"');
    expect(r.html).toContain("card_cvc-error");
    expect(r.html).toContain('value="07/41"');
    expect(r.html).toContain('value="Ada Lovelace"');
    expect(r.html).not.toContain("4242 4242 4242 4241");
    expect(r.html).not.toContain('value="12"');
  });
});

describe("declined cards", () => {
  for (const [card, words] of [
    [DECLINED_CARD, "Your card was declined."],
    [NO_FUNDS_CARD, "Your card has insufficient funds."],
  ] as const) {
    it(`${card.card_number}: no balance changes and the page says "${words}"`, async () => {
      const w = await world();
      const a = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 10_000 }]);
      const b = await makeInvoice(w.scope, w.customer.id, {}, [{ unitCost: 5_000 }]);
      const { result } = await pay(w.client, { invoice: [a.publicId, b.publicId], ...card });
      expect(result.html).toContain(words);
      expect(result.html).toContain("did not go through");
      expect(result.html).toContain(`/pay?invoice=${a.publicId}&amp;invoice=${b.publicId}`);
      const [ra, rb] = [await invoiceRow(w, a.id), await invoiceRow(w, b.id)];
      expect([ra.balance, ra.paymentLock, rb.balance, rb.paymentLock]).toEqual([10_000, null, 5_000, null]);
      expect(await paymentsOf(w, w.customer.id)).toEqual([]);
      expect(await eventsOf(w, "payment.failed")).toHaveLength(1);
      // the invoices can be paid right away with another card
      await pay(w.client, { invoice: [a.publicId, b.publicId], ...TEST_CARD });
      expect((await invoiceRow(w, a.id)).balance).toBe(0);
    });
  }

  it("cancelling on the confirmation page charges nothing and says so", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id);
    const r = await review(w.client, { invoice: a.publicId, ...TEST_CARD });
    const res = await w.client.post("/pay/cancel", { client_key: r.key! });
    expect(res.status).toBe(303);
    const page = await w.client.get(res.location!);
    expect(page.html).toContain("Payment cancelled");
    const again = await w.client.post("/pay/confirm", { client_key: r.key! });
    expect(again.location).toBe(`/pay/result/${r.key}`);
    expect(await paymentsOf(w, w.customer.id)).toEqual([]);
  });
});
