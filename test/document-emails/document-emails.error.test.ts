import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers } from "../../src/db/schema";
import { draftInvoice, emailWorld, eventsOfType, outboxOf } from "./helpers";

describe("document emails: bad input and document rules", () => {
  it("refuses a bad `to` with a 400 naming the field, and mails nobody", async () => {
    const w = await emailWorld();
    const inv = await draftInvoice(w);
    const cases: [unknown, string][] = [
      [{ to: "ada@example.com" }, "to"],
      [{ to: [] }, "to"],
      [{ to: [{ email: "not an address" }] }, "to[0].email"],
      [{ to: [{ name: "No address" }] }, "to[0].email"],
      [{ to: [{ email: "a@example.com", phone: "1" }] }, "to[0].phone"],
      [{ to: Array.from({ length: 11 }, (_, i) => ({ email: `r${i}@example.com` })) }, "to"],
      [{ to: [{ email: "a@example.com", name: "Evil\r\nBcc: x@example.com" }] }, "to[0].name"],
      [{ subject: "Line\nbreak" }, "subject"],
      [{ bcc: "ok@example.com, nope" }, "bcc"],
      [{ template: "anything" }, "template"],
    ];
    for (const [body, param] of cases) {
      const res = await w.api.post(`/invoices/${inv.id}/emails`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ type: "invalid_request_error", param });
    }
    expect(await outboxOf(w.t.tenant.id)).toEqual([]);
    expect(await eventsOfType(w, "email.sent")).toEqual([]);
    // nothing was issued either: the draft stays a draft
    expect((await w.api.get(`/invoices/${inv.id}`)).body.draft).toBe(true);
  });

  it("caps `to` plus `bcc` at 10 recipients after removing duplicates", async () => {
    const w = await emailWorld();
    const inv = await draftInvoice(w);
    const to = Array.from({ length: 8 }, (_, i) => ({ email: `r${i}@example.com` }));
    const over = await w.api.post(`/invoices/${inv.id}/emails`, { to, bcc: "x1@example.com, x2@example.com, x3@example.com" });
    expect(over.status).toBe(400);
    expect(over.body.message).toContain("At most 10 recipients");
    const dupes = await w.api.post(`/invoices/${inv.id}/emails`, { to: [...to, { email: "R0@EXAMPLE.COM" }], bcc: "r1@example.com,x1@example.com" });
    expect(dupes.status).toBe(201);
    expect(dupes.body).toHaveLength(9);
  });

  it("a customer without an email and without a primary contact needs `to` (400)", async () => {
    const w = await emailWorld();
    const bare = (await w.api.post("/customers", { name: "No Mail Ltd" })).body;
    const inv = await draftInvoice(w, { customer: bare.id });
    const res = await w.api.post(`/invoices/${inv.id}/emails`, {});
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ param: "to" });
    expect(res.body.message).toContain("no email address");
    expect((await w.api.post(`/invoices/${inv.id}/emails`, { to: [{ email: "someone@example.com" }] })).status).toBe(201);
  });

  it("a voided invoice or estimate cannot be sent (409); a disabled customer is refused (409)", async () => {
    const w = await emailWorld();
    const inv = await draftInvoice(w, { draft: false });
    await w.api.post(`/invoices/${inv.id}/void`, {});
    const voided = await w.api.post(`/invoices/${inv.id}/emails`, {});
    expect(voided.status).toBe(409);
    expect(voided.body.message).toContain("voided");

    const est = (await w.api.post("/estimates", { customer: w.customer.id, items: [{ name: "Work", quantity: 1, unit_cost: 10 }] })).body;
    await w.api.post(`/estimates/${est.id}/void`, {});
    expect((await w.api.post(`/estimates/${est.id}/emails`, {})).status).toBe(409);

    const other = await draftInvoice(w);
    await w.t.scope.update(customers, { active: false }, eq(customers.id, w.customer.id));
    const disabled = await w.api.post(`/invoices/${other.id}/emails`, {});
    expect(disabled.status).toBe(409);
    expect(disabled.body.message).toContain("disabled");
    expect((await w.api.post(`/customers/${w.customer.id}/emails`, {})).status).toBe(409);
    expect(await outboxOf(w.t.tenant.id)).toEqual([]);
  });

  it("unknown and malformed ids are 404", async () => {
    const w = await emailWorld();
    for (const path of [
      "/invoices/999999999/emails",
      "/invoices/abc/emails",
      "/estimates/999999999/emails",
      "/customers/999999999/emails",
      "/customers/0/emails",
    ]) {
      const res = await w.api.post(path, {});
      expect(res.status, path).toBe(404);
    }
  });
});
