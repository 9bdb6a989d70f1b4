import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { documentCountOf } from "../../src/db/queries/documents";
import { estimates, invoices, lineItems } from "../../src/db/schema";
import type { TenantScope } from "../../src/db/scope";
import { makeCustomer, makeEstimate, makeInvoice } from "../helpers/fixtures";
import { makeTenant } from "../helpers/tenants";

// Issue 7: X-Total-Count of the API lists reads `document_counts`, which triggers
// (migration 0008) keep in step with every insert and delete. It must always equal
// counting the rows, per tenant.

const counted = async (scope: TenantScope, kind: "invoice" | "estimate") => {
  const t = kind === "invoice" ? invoices : estimates;
  const [row] = await scope.db.select({ n: count() }).from(t).where(scope.own(t));
  return row?.n ?? 0;
};
const kept = async (scope: TenantScope, kind: "invoice" | "estimate") => (await documentCountOf(scope, kind))[0]?.n ?? 0;

describe("document_counts follows inserts and deletes", () => {
  it("counts each tenant's invoices and estimates, and a delete lowers it", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    const ca = await makeCustomer(a.scope);
    const cb = await makeCustomer(b.scope);
    expect(await kept(a.scope, "invoice")).toBe(0);
    const doomed = await makeInvoice(a.scope, ca.id);
    await makeInvoice(a.scope, ca.id);
    await makeInvoice(b.scope, cb.id);
    const est = await makeEstimate(a.scope, ca.id);
    expect(await kept(a.scope, "invoice")).toBe(2);
    expect(await kept(b.scope, "invoice")).toBe(1);
    expect(await kept(a.scope, "estimate")).toBe(1);
    await a.scope.delete(lineItems, eq(lineItems.invoiceId, doomed.id));
    await a.scope.delete(lineItems, eq(lineItems.estimateId, est.id));
    await a.scope.delete(invoices, eq(invoices.id, doomed.id));
    await a.scope.delete(estimates, eq(estimates.id, est.id));
    for (const [scope, kind] of [
      [a.scope, "invoice"],
      [a.scope, "estimate"],
      [b.scope, "invoice"],
      [b.scope, "estimate"],
    ] as const) {
      expect(await kept(scope, kind), `${kind}s of tenant ${scope.tenantId}`).toBe(await counted(scope, kind));
    }
    expect(await kept(a.scope, "invoice")).toBe(1);
  });
});
