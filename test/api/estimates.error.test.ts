import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { estimateApprovals, estimates, invoices, lineItems } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { estimateHash } from "../../src/services/estimates/hash";
import { applyPayment } from "../../src/services/pay/apply-payment";
import { answerAsCustomer, apiWorld, estimateBody, type World } from "./invoices.helpers";

async function storedHashMatches(t: World["t"], id: number) {
  const e = (await t.scope.select(estimates, eq(estimates.id, id)).get())!;
  const lines = await t.scope.select(lineItems, eq(lineItems.estimateId, id)).all();
  const [approval] = await t.scope.select(estimateApprovals, eq(estimateApprovals.estimateId, id)).all();
  return (await estimateHash(e, lines)) === approval!.documentHash;
}

describe("merchant API: estimates, validation", () => {
  it("400s name the field", async () => {
    const { api, cust } = await apiWorld();
    const cases: [Record<string, unknown>, string][] = [
      [estimateBody(cust.id, { deposit: 6000 }), "deposit"],
      [estimateBody(cust.id, { deposit: "1.001" }), "deposit"],
      [estimateBody(cust.id, { deposit: -1 }), "deposit"],
      [estimateBody(cust.id, { deposit_paid: true }), "deposit_paid"],
      [estimateBody(cust.id, { expiration_date: "tomorrow" }), "expiration_date"],
      [estimateBody(cust.id, { approved: "AB" }), "approved"],
      [estimateBody(cust.id, { status: "approved" }), "status"],
      [estimateBody(cust.id, { items: [{ name: "x", unit_cost: 1, quantity: "lots" }] }), "items[0].quantity"],
    ];
    for (const [body, param] of cases) {
      const res = await api.post("/estimates", body);
      expect(res.status, param).toBe(400);
      expect(res.body.param).toBe(param);
    }
  });
});

describe("merchant API: estimates after the customer answered (issue 5)", () => {
  it("changing an approved estimate is refused (409, clear message) and the stored hash still matches what was approved", async () => {
    const { t, api, cust } = await apiWorld();
    const e = await api.post("/estimates", estimateBody(cust.id, { deposit: 100, terms: "Net 30" }));
    await answerAsCustomer(t, cust.id, e.body.public_id, { approve: "A.B." });
    expect(await storedHashMatches(t, e.body.id)).toBe(true);
    for (const change of [
      { items: [{ name: "Cheaper", unit_cost: 1 }] },
      { discounts: [{ value: 50 }] },
      { taxes: [{ value: 20 }] },
      { deposit: 0 },
      { terms: "Different terms" },
      { expiration_date: nowSeconds() + 999 },
      { number: "EST-renamed" },
    ]) {
      const res = await api.patch(`/estimates/${e.body.id}`, change);
      expect(res.status, JSON.stringify(change)).toBe(409);
      expect(res.body.message).toMatch(/approved this estimate \(A\.B\.\), so it can no longer be changed/);
      expect(res.body.param).toBe(Object.keys(change)[0]);
    }
    expect(await storedHashMatches(t, e.body.id)).toBe(true);
    const after = (await api.get(`/estimates/${e.body.id}`)).body;
    expect(after).toMatchObject({ total: 5000, terms: "Net 30", revision: 1, status: "approved" });
    // metadata does not touch what was agreed
    const meta = await api.patch(`/estimates/${e.body.id}`, { metadata: { crm: "42" }, deposit_paid: false });
    expect(meta.status).toBe(200);
    expect(meta.body.revision).toBe(2);
    expect(await storedHashMatches(t, e.body.id)).toBe(true);
    // and converting it keeps the approved content too
    expect((await api.post(`/estimates/${e.body.id}/invoice`)).status).toBe(201);
    expect(await storedHashMatches(t, e.body.id)).toBe(true);
  });

  it("a declined or voided estimate cannot be changed either", async () => {
    const { t, api, cust } = await apiWorld();
    const d = await api.post("/estimates", estimateBody(cust.id));
    await answerAsCustomer(t, cust.id, d.body.public_id, { decline: null });
    const r1 = await api.patch(`/estimates/${d.body.id}`, { items: [] });
    expect(r1.status).toBe(409);
    expect(r1.body.message).toMatch(/declined/);
    const v = await api.post("/estimates", estimateBody(cust.id));
    await api.post(`/estimates/${v.body.id}/void`);
    expect((await api.patch(`/estimates/${v.body.id}`, { notes: "x" })).status).toBe(409);
    expect((await api.post(`/estimates/${v.body.id}/send`)).status).toBe(409);
  });

  it("conversion is refused for drafts, declined, voided and already invoiced estimates", async () => {
    const { t, api, cust } = await apiWorld();
    const draft = await api.post("/estimates", estimateBody(cust.id, { draft: true }));
    const declined = await api.post("/estimates", estimateBody(cust.id));
    await answerAsCustomer(t, cust.id, declined.body.public_id, { decline: "no" });
    const voided = await api.post("/estimates", estimateBody(cust.id));
    await api.post(`/estimates/${voided.body.id}/void`);
    const done = await api.post("/estimates", estimateBody(cust.id));
    expect((await api.post(`/estimates/${done.body.id}/invoice`)).status).toBe(201);
    for (const [e, msg] of [
      [draft, /draft/],
      [declined, /declined/],
      [voided, /voided/],
      [done, /already turned into an invoice/],
    ] as const) {
      const res = await api.post(`/estimates/${e.body.id}/invoice`);
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(msg);
    }
    expect(await t.scope.select(invoices).all()).toHaveLength(1);
  });

  it("void is refused when invoiced or when the deposit was paid; delete is refused once approved", async () => {
    const { t, api, cust } = await apiWorld();
    const inv = await api.post("/estimates", estimateBody(cust.id));
    await api.post(`/estimates/${inv.body.id}/invoice`);
    expect((await api.post(`/estimates/${inv.body.id}/void`)).body.message).toMatch(/void the invoice instead/);
    const dep = await api.post("/estimates", estimateBody(cust.id, { deposit: 10 }));
    await applyPayment(
      t.scope,
      { customerId: cust.id, currency: "usd", amount: 1000, applications: [{ type: "estimate", estimateId: dep.body.id, amount: 1000 }] },
      nowSeconds(),
      { actor: "api" },
      "https://portal.test",
    );
    const v = await api.post(`/estimates/${dep.body.id}/void`);
    expect(v.status).toBe(409);
    expect(v.body.message).toMatch(/deposit was paid/);
    const ok = await api.post("/estimates", estimateBody(cust.id));
    await answerAsCustomer(t, cust.id, ok.body.public_id, { approve: "X" });
    const del = await api.delete(`/estimates/${ok.body.id}`);
    expect(del.status).toBe(409);
    expect(del.body.message).toMatch(/approval record/);
  });

  it("before an answer, a change bumps the revision so an approval of the old revision is refused", async () => {
    const { t, api, cust } = await apiWorld();
    const e = await api.post("/estimates", estimateBody(cust.id));
    const { customerScope } = await import("../../src/db/scope");
    const { findMyEstimate, loadEstimateExtras } = await import("../../src/db/queries/estimates");
    const { approveEstimate } = await import("../../src/services/estimates/respond");
    const my = customerScope(t.scope, cust.id);
    const seen = (await findMyEstimate(my, e.body.public_id))!;
    const seenLines = (await loadEstimateExtras(my, seen)).lines;
    expect((await api.patch(`/estimates/${e.body.id}`, { items: [{ name: "Pricier", unit_cost: 9000 }] })).status).toBe(200);
    const r = await approveEstimate(my, seen, seenLines, "AB", {
      sessionId: null,
      email: null,
      ip: null,
      userAgent: null,
      now: nowSeconds(),
      origin: t.origin,
    });
    expect(r.ok).toBe(false);
    expect(await t.scope.select(estimateApprovals).all()).toEqual([]);
  });
});
