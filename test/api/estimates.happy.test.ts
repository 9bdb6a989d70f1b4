import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { paymentApplications } from "../../src/db/schema";
import { DAY, nowSeconds } from "../../src/lib/time";
import { planEstimates } from "../../src/services/demo/documents";
import { prng } from "../../src/services/demo/prng";
import { applyPayment } from "../../src/services/pay/apply-payment";
import { answerAsCustomer, apiWorld, estimateBody, eventsOf, seedCatalog } from "./invoices.helpers";

describe("merchant API: estimates, happy paths", () => {
  it("creates an estimate with deposit and expiration date and reads it back", async () => {
    const { t, api, cust } = await apiWorld();
    const exp = nowSeconds() + 14 * DAY;
    const res = await api.post("/estimates", {
      customer: cust.id,
      number: "EST-1",
      expiration_date: exp,
      deposit: "250.50",
      terms: "50 % up front",
      items: [{ name: "Design", quantity: 10, unit_cost: 120 }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: "estimate",
      number: "EST-1",
      status: "not_sent",
      draft: false,
      total: 1200,
      deposit: 250.5,
      deposit_paid: false,
      expiration_date: exp,
      approved: null,
      approval: null,
      declined_reason: null,
      invoice: null,
      revision: 1,
      terms: "50 % up front",
    });
    expect(res.body.url).toBe(`${t.origin}/estimates/${res.body.public_id}`);
    expect(res.body.pdf_url).toBe(`${t.origin}/estimates/${res.body.public_id}/pdf`);
    expect((await api.get(`/estimates/${res.body.id}`)).body).toEqual(res.body);
    expect(await eventsOf(t, "estimate.created")).toHaveLength(1);
  });

  it("accepts every estimate body the demo seed sends", async () => {
    const { t, api, cust } = await apiWorld();
    await seedCatalog(t);
    for (const p of planEstimates(prng(11), Math.floor(nowSeconds() / DAY) * DAY)) {
      const res = await api.post("/estimates", { ...p.body, customer: cust.id });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      if (p.state === "deposit") expect(res.body.deposit).toBe(250);
    }
  });

  it("every write bumps the revision and records an event with actor api", async () => {
    const { t, api, cust } = await apiWorld();
    const e = await api.post("/estimates", estimateBody(cust.id, { draft: true, sent: undefined }));
    expect(e.body).toMatchObject({ status: "draft", revision: 1 });
    const issued = await api.patch(`/estimates/${e.body.id}`, { draft: false, items: [{ name: "More", unit_cost: 10 }] });
    expect(issued.body).toMatchObject({ status: "not_sent", revision: 2, total: 10 });
    const sent = await api.post(`/estimates/${e.body.id}/send`);
    expect(sent.body).toMatchObject({ status: "sent", sent: true, revision: 3 });
    const types = (await eventsOf(t)).filter((x) => x.objectId === e.body.public_id).map((x) => [x.type, x.actor]);
    expect(types).toEqual([
      ["estimate.sent", "api"],
      ["estimate.updated", "api"],
      ["estimate.created", "api"],
    ]);
  });

  it("shows the customer's approval (initials, time, IP, browser) and decline reason", async () => {
    const { t, api, cust } = await apiWorld();
    const a = await api.post("/estimates", estimateBody(cust.id));
    const d = await api.post("/estimates", estimateBody(cust.id));
    expect(await answerAsCustomer(t, cust.id, a.body.public_id, { approve: "J.D." })).toEqual({ ok: true });
    expect(await answerAsCustomer(t, cust.id, d.body.public_id, { decline: "Too expensive" })).toEqual({ ok: true });
    const approved = (await api.get(`/estimates/${a.body.id}`)).body;
    expect(approved).toMatchObject({ status: "approved", approved: "J.D." });
    expect(approved.approval).toMatchObject({ ip: "203.0.113.9", user_agent: "TestBrowser/1.0", email: "buyer@example.com", revision: 1 });
    expect(approved.approval.time).toBeGreaterThan(0);
    expect(approved.approval.document_hash).toMatch(/^[0-9a-f]{64}$/);
    const declined = (await api.get(`/estimates/${d.body.id}`)).body;
    expect(declined).toMatchObject({ status: "declined", declined_reason: "Too expensive", approval: null, closed: true });
    const list = await api.get("/estimates?filter[status]=approved");
    expect(list.body.map((x: { id: number }) => x.id)).toEqual([a.body.id]);
    expect(list.body[0].approval.ip).toBe("203.0.113.9");
  });

  it("POST /estimates/{id}/invoice converts: same lines and totals, both linked, status invoiced", async () => {
    const { t, api, cust } = await apiWorld();
    await seedCatalog(t);
    const e = await api.post(
      "/estimates",
      estimateBody(cust.id, {
        items: [
          { catalog_item: "consulting-hour", quantity: 2.5 },
          { name: "Travel", unit_cost: 80, taxable: false },
        ],
        discounts: [{ coupon: "loyalty5" }],
        taxes: [{ tax_rate: "sales-tax" }],
        payment_terms: "NET 15",
        purchase_order: "PO-1",
      }),
    );
    await answerAsCustomer(t, cust.id, e.body.public_id, { approve: "AB" });
    const res = await api.post(`/estimates/${e.body.id}/invoice`);
    expect(res.status).toBe(201);
    const inv = res.body;
    expect(inv).toMatchObject({ object: "invoice", estimate: e.body.id, status: "not_sent", purchase_order: "PO-1", payment_terms: "NET 15" });
    for (const k of ["subtotal", "total_discounts", "total_taxes", "total", "discounts", "taxes"]) expect(inv[k]).toEqual(e.body[k]);
    expect(inv.balance).toBe(e.body.total);
    expect(inv.items.map((l: { name: string; amount: number }) => [l.name, l.amount])).toEqual(
      e.body.items.map((l: { name: string; amount: number }) => [l.name, l.amount]),
    );
    expect(inv.due_date - inv.date).toBe(15 * DAY);
    const after = (await api.get(`/estimates/${e.body.id}`)).body;
    expect(after).toMatchObject({ status: "invoiced", invoice: inv.id, approved: "AB", closed: true });
    expect(await eventsOf(t, "estimate.invoiced")).toHaveLength(1);
  });

  it("a paid deposit is credited to the invoice: balance is total minus deposit, the payment now applies to the invoice", async () => {
    const { t, api, cust } = await apiWorld();
    const e = await api.post("/estimates", estimateBody(cust.id, { deposit: 1000 }));
    await answerAsCustomer(t, cust.id, e.body.public_id, { approve: "AB" });
    const p = await applyPayment(
      t.scope,
      { customerId: cust.id, currency: "usd", amount: 100_000, applications: [{ type: "estimate", estimateId: e.body.id, amount: 100_000 }] },
      nowSeconds(),
      { actor: "customer" },
      "https://portal.test",
    );
    expect((await api.get(`/estimates/${e.body.id}`)).body.deposit_paid).toBe(true);
    const inv = await api.post(`/estimates/${e.body.id}/invoice`);
    expect(inv.body).toMatchObject({ total: 5000, balance: 4000, amount_paid: 1000 });
    const [app] = await t.scope.select(paymentApplications, eq(paymentApplications.paymentId, p.id)).all();
    expect(app).toMatchObject({ type: "invoice", invoiceId: inv.body.id, amount: 100_000 });
  });

  it("deleting the invoice made from an estimate puts the estimate back to what it was (approved)", async () => {
    const { t, api, cust } = await apiWorld();
    const e = await api.post("/estimates", estimateBody(cust.id));
    await answerAsCustomer(t, cust.id, e.body.public_id, { approve: "AB" });
    const inv = await api.post(`/estimates/${e.body.id}/invoice`);
    expect((await api.delete(`/invoices/${inv.body.id}`)).status).toBe(204);
    expect((await api.get(`/estimates/${e.body.id}`)).body).toMatchObject({ status: "approved", invoice: null, approved: "AB" });
    expect((await api.post(`/estimates/${e.body.id}/invoice`)).status).toBe(201);
  });

  it("voids an open estimate and deletes a draft", async () => {
    const { t, api, cust } = await apiWorld();
    const e = await api.post("/estimates", estimateBody(cust.id));
    const v = await api.post(`/estimates/${e.body.id}/void`);
    expect(v.body).toMatchObject({ status: "voided", revision: 2, closed: true });
    const d = await api.post("/estimates", estimateBody(cust.id, { draft: true, sent: undefined }));
    expect((await api.delete(`/estimates/${d.body.id}`)).status).toBe(204);
    expect((await api.get(`/estimates/${d.body.id}`)).status).toBe(404);
    expect(await eventsOf(t, "estimate.deleted")).toHaveLength(1);
  });

  it("lists with pagination headers; expired is derived from the expiration date", async () => {
    const { api, cust } = await apiWorld();
    const now = nowSeconds();
    const old = await api.post("/estimates", estimateBody(cust.id, { number: "E-old", date: now - 60 * DAY, expiration_date: now - 30 * DAY }));
    for (let i = 0; i < 3; i++) await api.post("/estimates", estimateBody(cust.id, { number: `E-${i}` }));
    expect(old.body.status).toBe("expired");
    const expired = await api.get("/estimates?filter[status]=expired");
    expect(expired.body.map((e: { number: string }) => e.number)).toEqual(["E-old"]);
    const sent = await api.get("/estimates?filter[status]=sent&per_page=2&sort=number");
    expect(sent.headers.get("X-Total-Count")).toBe("3");
    expect(sent.body.map((e: { number: string }) => e.number)).toEqual(["E-0", "E-1"]);
    expect(sent.headers.get("Link")).toContain('rel="next"');
  });
});
