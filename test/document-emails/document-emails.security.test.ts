import { describe, expect, it } from "vitest";
import { draftInvoice, emailWorld, eventsOfType, outboxOf } from "./helpers";

describe("document emails: isolation (S31)", () => {
  it("another tenant's invoice, estimate or customer is a 404 and nothing is mailed or recorded", async () => {
    const a = await emailWorld();
    const b = await emailWorld();
    const inv = await draftInvoice(b);
    const est = (await b.api.post("/estimates", { customer: b.customer.id, items: [{ name: "Work", quantity: 1, unit_cost: 10 }] })).body;
    for (const path of [`/invoices/${inv.id}/emails`, `/estimates/${est.id}/emails`, `/customers/${b.customer.id}/emails`]) {
      const res = await a.api.post(path, { to: [{ email: "attacker@example.com" }] });
      expect(res.status, path).toBe(404);
    }
    expect(await outboxOf(a.t.tenant.id)).toEqual([]);
    expect(await outboxOf(b.t.tenant.id)).toEqual([]);
    expect(await eventsOfType(a, "email.sent")).toEqual([]);
    expect(await eventsOfType(b, "email.sent")).toEqual([]);
    expect((await b.api.get(`/invoices/${inv.id}`)).body.draft).toBe(true);
  });

  it("default recipients are only the document customer's own email and primary contacts, never another customer's", async () => {
    const w = await emailWorld();
    const other = (await w.api.post("/customers", { name: "Other", email: "other@example.com" })).body;
    await w.api.post(`/customers/${other.id}/contacts`, { name: "Other Primary", email: "other-primary@example.com", primary: true });
    const inv = await draftInvoice(w);
    const res = await w.api.post(`/invoices/${inv.id}/emails`, {});
    expect(res.body.map((e: { email: string }) => e.email).sort()).toEqual([w.customer.email, w.primary.email].sort());
  });

  it("needs the API key", async () => {
    const w = await emailWorld();
    const inv = await draftInvoice(w);
    const { apiClient } = await import("../helpers/api");
    expect((await apiClient(null).post(`/invoices/${inv.id}/emails`, {})).status).toBe(401);
    expect((await apiClient("wrong-key").post(`/invoices/${inv.id}/emails`, {})).status).toBe(401);
    expect(await outboxOf(w.t.tenant.id)).toEqual([]);
  });
});
