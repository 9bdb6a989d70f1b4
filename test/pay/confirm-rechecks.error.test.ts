import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers } from "../../src/db/schema";
import { apiClient } from "../helpers/api";
import { makeInvoice } from "../helpers/fixtures";
import { attemptsOf, confirm, invoiceRow, paymentsOf, review, TEST_CARD, useStripe, world } from "./helpers";

// Issue 12.7: paying is review, then confirm; what the merchant changes in between is
// enforced at confirm. One test per re-check in confirmPayment: review, change that one
// thing through the merchant API or the settings, confirm. Each fails if its re-check
// is removed (checked by removing them one at a time).

type W = Awaited<ReturnType<typeof world>>;

/** Confirms and reads the result page; asserts nothing was charged or recorded. */
async function confirmRefused(w: W, key: string, invoiceIds: number[], balances: number[]) {
  const c = await confirm(w.client, key);
  expect(c.status).toBe(303);
  const page = await w.client.get(c.location!);
  expect(page.html).toContain("Nothing was charged.");
  expect(await paymentsOf(w, w.customer.id)).toEqual([]);
  const [attempt] = await attemptsOf(w, w.customer.id);
  expect(attempt).toMatchObject({ status: "failed", providerRef: null });
  for (const [i, id] of invoiceIds.entries()) {
    const row = await invoiceRow(w, id);
    expect(row.balance).toBe(balances[i]);
    expect(row.paymentLock).toBeNull();
  }
  return page.html;
}

describe("confirm re-checks what changed since the review", () => {
  it("an invoice voided by the merchant meanwhile is not charged", async () => {
    const w = await world();
    const api = apiClient(w.apiKey);
    const a = await makeInvoice(w.scope, w.customer.id);
    const r = await review(w.client, { invoice: a.publicId, ...TEST_CARD });
    expect((await api.post(`/invoices/${a.id}/void`)).status).toBe(200);
    const html = await confirmRefused(w, r.key!, [a.id], [10_000]);
    expect(html).toContain("was paid or changed meanwhile");
  });

  it("an invoice closed by the merchant meanwhile (no longer open) is not charged", async () => {
    const w = await world();
    const api = apiClient(w.apiKey);
    const a = await makeInvoice(w.scope, w.customer.id);
    const r = await review(w.client, { invoice: a.publicId, ...TEST_CARD });
    expect((await api.patch(`/invoices/${a.id}`, { closed: true })).status).toBe(200);
    const html = await confirmRefused(w, r.key!, [a.id], [10_000]);
    expect(html).toContain("was paid or changed meanwhile");
  });

  it("a partial payment reviewed while allowed is refused once partial payments are turned off", async () => {
    const w = await world({ allowPartialPayments: true });
    const api = apiClient(w.apiKey);
    const a = await makeInvoice(w.scope, w.customer.id);
    const r = await review(w.client, { invoice: a.publicId, [`amount_${a.publicId}`]: "10.00", ...TEST_CARD });
    expect(r.key).toBeDefined();
    expect((await api.patch("/settings", { allow_partial_payments: false })).status).toBe(200);
    const html = await confirmRefused(w, r.key!, [a.id], [10_000]);
    expect(html).toContain("no longer accepts partial payments");
  });

  it("an advance payment reviewed while allowed is refused once advance payments are turned off", async () => {
    const w = await world({ allowAdvancePayments: true });
    const api = apiClient(w.apiKey);
    const a = await makeInvoice(w.scope, w.customer.id);
    const r = await review(w.client, { invoice: a.publicId, advance_amount: "5", ...TEST_CARD });
    expect(r.key).toBeDefined();
    expect((await api.patch("/settings", { allow_advance_payments: false })).status).toBe(200);
    const html = await confirmRefused(w, r.key!, [a.id], [10_000]);
    expect(html).toContain("no longer accepts advance payments");
  });

  it("AutoPay enrolment reviewed while offered is refused once it is turned off, and the customer is not enrolled", async () => {
    const w = await world({ allowAutopayEnrollment: true });
    const api = apiClient(w.apiKey);
    const a = await makeInvoice(w.scope, w.customer.id);
    const r = await review(w.client, { invoice: a.publicId, ...TEST_CARD, autopay: "1" });
    expect(r.key).toBeDefined();
    expect((await api.patch("/settings", { allow_autopay_enrollment: false })).status).toBe(200);
    const html = await confirmRefused(w, r.key!, [a.id], [10_000]);
    expect(html).toContain("no longer offers AutoPay");
    expect((await w.scope.select(customers, eq(customers.id, w.customer.id)).get())!.autopay).toBe(false);
  });

  it("a payment reviewed on the test gateway is refused once the merchant switched to Stripe", async () => {
    const w = await world();
    const a = await makeInvoice(w.scope, w.customer.id);
    const r = await review(w.client, { invoice: a.publicId, ...TEST_CARD });
    expect(r.key).toBeDefined();
    await useStripe(w.tenant.id);
    const html = await confirmRefused(w, r.key!, [a.id], [10_000]);
    expect(html).toContain("changed how payments are taken");
  });
});
