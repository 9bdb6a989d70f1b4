import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { estimateApprovals, estimates, events, invoices } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { makeCustomer, makeEstimate, makeInvoice } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";
import { viewsWritten } from "../helpers/views";

// Opening an estimate reads it, its lines, approval and invoice and records the view
// in one round trip (issue 7); what the page and the PDF show must not change.
describe("opening an estimate", () => {
  async function world() {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope);
    const client = new PortalClient(t.origin);
    await client.signInAs(t.scope, t.tenant, c.id);
    return { t, c, client };
  }

  it("shows its lines and records one view: sent becomes viewed, with an event", async () => {
    const { t, c, client } = await world();
    const e = await makeEstimate(t.scope, c.id, {}, [{ name: "Site survey", unitCost: 42_000 }]);
    const page = await client.get(`/estimates/${e.publicId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Site survey");
    await viewsWritten(t.tenant.id, 1);
    const after = await t.scope.select(estimates, eq(estimates.id, e.id)).get();
    expect(after?.status).toBe("viewed");
    const viewed = await t.scope.select(events, eq(events.objectId, e.publicId)).all();
    expect(viewed.map((v) => [v.type, v.customerId, v.data])).toEqual([["estimate.viewed", c.id, { number: e.number, via: "page" }]]);
  });

  it("the PDF records a view too, marked as such", async () => {
    const { t, c, client } = await world();
    const e = await makeEstimate(t.scope, c.id);
    const res = await client.fetch(`/estimates/${e.publicId}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    await viewsWritten(t.tenant.id, 1);
    const viewed = await t.scope.select(events, eq(events.objectId, e.publicId)).all();
    expect(viewed.map((v) => v.data)).toEqual([{ number: e.number, via: "pdf" }]);
  });

  it("an approved estimate shows its approval and the invoice made from it", async () => {
    const { t, c, client } = await world();
    const e = await makeEstimate(t.scope, c.id, { status: "invoiced", approved: "AL" });
    await t.scope.insert(estimateApprovals, {
      estimateId: e.id,
      customerId: c.id,
      initials: "AL",
      documentHash: "x".repeat(64),
      revision: e.revision,
      createdAt: nowSeconds(),
    });
    const inv = await makeInvoice(t.scope, c.id, { number: "INV-FROM-EST", estimateId: e.id });
    const page = await client.get(`/estimates/${e.publicId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("INV-FROM-EST");
    expect(page.html).toContain(inv.publicId);
    const still = await t.scope.select(estimates, eq(estimates.id, e.id)).get();
    expect(still?.status).toBe("invoiced");
    expect(await t.scope.select(invoices, eq(invoices.id, inv.id)).get()).toBeTruthy();
  });
});
