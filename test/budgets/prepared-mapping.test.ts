import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mapBatchResult, type Prepared, statement } from "../../src/db/prepared";
import { accountReads } from "../../src/db/queries/account";
import { entryRows, entryStatement } from "../../src/db/queries/entry-row";
import { invoiceDocumentReads } from "../../src/db/queries/invoice-document";
import { invoiceListReads } from "../../src/db/queries/invoices";
import type { PageReads } from "../../src/db/queries/page-entry";
import { customers, invoices, sessions, tenants } from "../../src/db/schema";
import { customerScope } from "../../src/db/scope";
import { DAY, nowSeconds } from "../../src/lib/time";
import { startSession } from "../../src/services/signin/sessions";
import { makeCustomer, makeInvoice, makePayment } from "../helpers/fixtures";
import { makeTenant } from "../helpers/tenants";

// Issue 18: the hot pages map D1's rows with decoders chosen once per prepared query
// (src/db/prepared.ts mapBatchResult) instead of drizzle's per-cell checks. The two
// must give the same objects, nulls, booleans and JSON included, on the pages' own
// queries run against D1; anything not flat falls back to drizzle itself.

const preparedOf = (reads: PageReads<unknown>) => reads.queries.map((q) => (q as unknown as { _prepare(): Prepared })._prepare());

async function expectSameMapping(prepared: Prepared[]) {
  let rows = 0;
  for (const p of prepared) {
    const result = await statement(env.DB, p, {}).all();
    rows += result.results.length;
    expect(mapBatchResult(p, result)).toEqual(p.mapResult(result, true));
  }
  return rows;
}

describe("prepared mapping: the same rows as drizzle's", () => {
  it("maps My Account, the invoice list and an invoice's reads as drizzle does", async () => {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope, { autopay: true, metadata: { plan: "gold" } });
    const now = nowSeconds();
    const open = await makeInvoice(t.scope, c.id, { dueDate: null, purchaseOrder: null }, [{ unitCost: 1250 }, { unitCost: 99, quantityE4: 25000 }]);
    await makeInvoice(t.scope, c.id, { status: "paid", balance: 0, closed: true, date: now - 40 * DAY });
    await makePayment(t.scope, c.id);
    const my = customerScope(t.scope, c.id);

    const rows =
      (await expectSameMapping(preparedOf(accountReads(my, { now })))) +
      (await expectSameMapping(preparedOf(invoiceListReads(my, { status: "all", q: "", from: null, to: null, sort: "date", dir: "desc", page: 1 }, now)))) +
      (await expectSameMapping(preparedOf(invoiceDocumentReads(my, open.publicId, true))));
    // a test that maps nothing proves nothing
    expect(rows).toBeGreaterThan(5);
  });

  it("decodes booleans, JSON and SQL fields with their own decoders, and nulls as null", async () => {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope, { autopay: true, metadata: { a: "1" } });
    await makeCustomer(t.scope, { autopay: false });
    const q = t.scope.db
      .select({
        id: customers.id,
        autopay: customers.autopay,
        metadata: customers.metadata,
        phone: customers.phone,
        doubled: sql<number>`${customers.id} * 2`.mapWith(Number),
        upper: sql<string>`upper(${customers.name})`,
      })
      .from(customers)
      .where(eq(customers.tenantId, t.tenant.id))
      .prepare();
    const result = await statement(env.DB, q as unknown as Prepared, {}).all();
    const mine = mapBatchResult(q as unknown as Prepared, result) as Record<string, unknown>[];
    expect(mine).toEqual(q.mapResult(result, true));
    const first = mine.find((r) => r.id === c.id)!;
    expect(first.autopay).toBe(true);
    expect(first.metadata).toEqual({ a: "1" });
    expect(first.phone).toBeNull();
  });

  it("leaves nested selections (joined objects) to drizzle", async () => {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope);
    await makeInvoice(t.scope, c.id);
    const q = t.scope.db
      // columns of different names: in a batch D1 answers objects keyed by column name
      .select({ invoice: { number: invoices.number }, tenant: { username: tenants.username } })
      .from(invoices)
      .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
      .where(eq(invoices.customerId, c.id))
      .prepare();
    const result = await statement(env.DB, q as unknown as Prepared, {}).all();
    const mapped = mapBatchResult(q as unknown as Prepared, result) as { invoice: { number: string }; tenant: { username: string } }[];
    expect(mapped).toEqual(q.mapResult(result, true));
    expect(mapped[0]!.tenant.username).toBe(t.tenant.username);
  });

  it("splits the entry's one row into the tenant, session and customer rows the tables hold", async () => {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope, { autopay: true, metadata: { plan: "gold" }, phone: null });
    const { sessionId } = await startSession(t.scope, t.tenant, { method: "email_link", customerId: c.id }, nowSeconds());
    const db = t.scope.db;
    const tenant = await db.select().from(tenants).where(eq(tenants.id, t.tenant.id)).get();
    const session = await db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
    const customer = await db.select().from(customers).where(eq(customers.id, c.id)).get();

    for (const [key, values] of [
      ["username", { username: t.tenant.username, id: sessionId }],
      ["tenantId", { tenantId: t.tenant.id, id: sessionId }],
    ] as const) {
      const q = entryStatement(key);
      const got = entryRows(q, await statement(env.DB, q, values).all());
      expect(got.tenant).toEqual(key === "username" ? tenant : undefined);
      expect(got.session).toEqual(session);
      expect(got.customer).toEqual({ ...customer, hasSubCustomers: false, sharesAddress: false });
    }
    // no such session: the tenant alone (username), nothing (tenant known)
    const none = entryRows(entryStatement("username"), await statement(env.DB, entryStatement("username"), { username: t.tenant.username, id: "x" }).all());
    expect(none).toEqual({ tenant, session: undefined, customer: undefined });
    const nothing = entryRows(entryStatement("tenantId"), await statement(env.DB, entryStatement("tenantId"), { tenantId: t.tenant.id, id: "x" }).all());
    expect(nothing).toEqual({ tenant: undefined, session: undefined, customer: undefined });
  });
});
