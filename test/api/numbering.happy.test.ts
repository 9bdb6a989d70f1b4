import { describe, expect, it } from "vitest";
import { peekNextNumber } from "../../src/db/queries/numbering";
import { invoices } from "../../src/db/schema";
import { apiWorld, estimateBody, eventsOf, invoiceBody } from "./invoices.helpers";

// Issue 12.1: document and customer numbers are computed inside the INSERT from a
// per-tenant counter kept by triggers, so concurrent creates never collide.

const distinctWellFormed = (numbers: string[], pattern: RegExp) => {
  for (const n of numbers) expect(n).toMatch(pattern);
  expect(new Set(numbers).size).toBe(numbers.length);
};

describe("document numbers under concurrency", () => {
  it("50 concurrent invoice creates without a number all succeed with distinct INV-00001..INV-00050", async () => {
    const { api, cust } = await apiWorld();
    const res = await Promise.all(Array.from({ length: 50 }, () => api.post("/invoices", invoiceBody(cust.id))));
    expect(res.map((r) => r.status)).toEqual(Array(50).fill(201));
    const numbers = res.map((r) => r.body.number as string);
    distinctWellFormed(numbers, /^INV-\d{5}$/);
    expect([...numbers].sort()).toEqual(Array.from({ length: 50 }, (_, i) => `INV-${String(i + 1).padStart(5, "0")}`));
  });

  it("50 concurrent estimate creates all succeed with distinct numbers", async () => {
    const { api, cust } = await apiWorld();
    const res = await Promise.all(Array.from({ length: 50 }, () => api.post("/estimates", estimateBody(cust.id))));
    expect(res.map((r) => r.status)).toEqual(Array(50).fill(201));
    distinctWellFormed(
      res.map((r) => r.body.number),
      /^EST-\d{5}$/,
    );
  });

  it("50 concurrent customer creates all succeed with distinct numbers", async () => {
    const { api } = await apiWorld();
    const res = await Promise.all(Array.from({ length: 50 }, (_, i) => api.post("/customers", { name: `Customer ${i}` })));
    expect(res.map((r) => r.status)).toEqual(Array(50).fill(201));
    distinctWellFormed(
      res.map((r) => r.body.number),
      /^CUST-\d{5}$/,
    );
  });

  it("20 concurrent estimate conversions, while invoices are created, all succeed with distinct numbers", async () => {
    const { t, api, cust } = await apiWorld();
    const ests = [];
    for (let i = 0; i < 20; i++) ests.push((await api.post("/estimates", estimateBody(cust.id))).body.id);
    const [conversions, creates] = await Promise.all([
      Promise.all(ests.map((id) => api.post(`/estimates/${id}/invoice`))),
      Promise.all(Array.from({ length: 10 }, () => api.post("/invoices", invoiceBody(cust.id)))),
    ]);
    expect([...conversions, ...creates].map((r) => r.status)).toEqual(Array(30).fill(201));
    const numbers = (await t.scope.select(invoices).all()).map((i) => i.number);
    expect(numbers).toHaveLength(30);
    distinctWellFormed(numbers, /^INV-\d{5}$/);
    // the audit events carry the number the database chose
    const made = (await eventsOf(t, "invoice.created")).map((e) => (e.data as { object: { number: string } }).object.number);
    expect(made.sort()).toEqual([...numbers].sort());
    const invoiced = (await eventsOf(t, "estimate.invoiced")).map((e) => (e.data as { invoice: string }).invoice);
    expect(invoiced.sort()).toEqual(conversions.map((r) => r.body.number).sort());
  });
});

describe("the next number continues the tenant's format", () => {
  it("after a merchant-chosen INV-01200 the next automatic invoice is INV-01201", async () => {
    const { api, cust } = await apiWorld();
    expect((await api.post("/invoices", invoiceBody(cust.id, { number: "INV-01200" }))).status).toBe(201);
    expect((await api.post("/invoices", invoiceBody(cust.id))).body.number).toBe("INV-01201");
  });

  it("keeps the width of the highest number: CUST-0012 is followed by CUST-0013", async () => {
    const { t, api } = await apiWorld();
    await api.post("/customers", { name: "Berg", number: "CUST-0012" });
    expect(await peekNextNumber(t.scope, "customer")).toBe("CUST-0013");
    expect((await api.post("/customers", { name: "Next" })).body.number).toBe("CUST-0013");
  });

  it("a renumbering to a higher number moves the next one past it; lower or foreign formats do not", async () => {
    const { api, cust } = await apiWorld();
    const e = await api.post("/estimates", estimateBody(cust.id));
    expect((await api.patch(`/estimates/${e.body.id}`, { number: "EST-00090" })).status).toBe(200);
    await api.post("/estimates", estimateBody(cust.id, { number: "EST-00007" }));
    await api.post("/estimates", estimateBody(cust.id, { number: "Q-2026-999" }));
    expect((await api.post("/estimates", estimateBody(cust.id))).body.number).toBe("EST-00091");
  });

  it("each tenant counts on its own", async () => {
    const a = await apiWorld();
    const b = await apiWorld();
    await a.api.post("/invoices", invoiceBody(a.cust.id, { number: "INV-00500" }));
    expect((await b.api.post("/invoices", invoiceBody(b.cust.id))).body.number).toBe("INV-00001");
  });
});
