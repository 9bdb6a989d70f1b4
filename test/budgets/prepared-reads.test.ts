import { eq, gt, sql } from "drizzle-orm";
import { SQLiteDialect } from "drizzle-orm/sqlite-core";
import { describe, expect, it, vi } from "vitest";
import { builder, type Prepared } from "../../src/db/prepared";
import { preparedReads } from "../../src/db/prepared-reads";
import { accountReads } from "../../src/db/queries/account";
import { invoiceDocumentReads, invoiceViewWrites } from "../../src/db/queries/invoice-document";
import { invoiceListReads } from "../../src/db/queries/invoices";
import { pageReads } from "../../src/db/queries/page-entry";
import { invoices } from "../../src/db/schema";
import { type CustomerScope, customerScope, sessionBoundScope, tenantScope } from "../../src/db/scope";

// Issue 18: a signed-in page's statements are built once per isolate on the page entry's
// scope, and each request only puts its own values into the kept parameter list.

const bound = () => sessionBoundScope(builder, sql`${sql.placeholder("tenantId")}`, sql`${sql.placeholder("customer")}`);

function reads(my: CustomerScope, calls: { n: number }, v: { number: string; since: number; offset: number }) {
  calls.n++;
  return pageReads(
    [
      my.db
        .select({ id: invoices.id })
        .from(invoices)
        .where(my.mine(invoices, eq(invoices.number, v.number), gt(invoices.date, v.since)))
        .limit(10)
        .offset(v.offset),
    ],
    ([rows]) => rows,
  );
}

const query = (r: { queries: readonly unknown[] }) => (r.queries[0] as { _prepare(): Prepared })._prepare().getQuery();

describe("page reads prepared once per isolate", () => {
  it("builds a shape's SQL once on a session-bound scope and binds each request's values", () => {
    const my = bound();
    const calls = { n: 0 };
    const a = preparedReads(my, "s", { number: "INV-1", since: 100, offset: 0 }, (v) => reads(my, calls, v));
    const b = preparedReads(my, "s", { number: "INV-2", since: 200, offset: 20 }, (v) => reads(my, calls, v));
    expect(calls.n).toBe(1);
    expect(query(a).sql).toBe(query(b).sql);
    // the scope's own placeholders stay for the page entry to fill; the page's values are in
    const names = (q: { params: unknown[] }) => q.params.map((p) => (p && typeof p === "object" && "name" in p ? `:${p.name}` : p));
    expect(names(query(a))).toEqual([":tenantId", ":customer", "INV-1", 100, 10, 0]);
    expect(names(query(b))).toEqual([":tenantId", ":customer", "INV-2", 200, 10, 20]);
    // another shape is built apart
    preparedReads(my, "other", { number: "INV-3", since: 0, offset: 0 }, (v) => reads(my, calls, v));
    expect(calls.n).toBe(2);
  });

  it("gives the same SQL and values as building the statement with the values themselves", () => {
    const my = bound();
    const values = { number: "INV-9", since: 5, offset: 40 };
    const kept = query(preparedReads(my, "same", values, (v) => reads(my, { n: 0 }, v)));
    const direct = (reads(my, { n: 0 }, values).queries[0] as unknown as { toSQL(): { sql: string; params: unknown[] } }).toSQL();
    expect(kept.sql).toBe(direct.sql);
    expect(kept.params.slice(2)).toEqual(direct.params.slice(2));
  });

  it("builds with the values themselves, every time, on a scope of a known customer", () => {
    const my = customerScope(tenantScope(builder, 7), 8);
    const calls = { n: 0 };
    const seen: unknown[] = [];
    for (const number of ["A", "B"]) {
      preparedReads(my, "s", { number, since: 1, offset: 0 }, (v) => {
        seen.push(v.number);
        return reads(my, calls, v);
      });
    }
    expect(calls.n).toBe(2);
    expect(seen).toEqual(["A", "B"]);
  });
});

describe("the hot signed-in pages keep their SQL", () => {
  const NOW = 1_800_000_000;
  const filter = { status: "all", q: "", from: null, to: null, sort: "date", dir: "desc", page: 1 } as const;
  // each page's reads for one request, its request values drawn from `i`
  const pages = {
    "My Account": (my: CustomerScope, i: number) => accountReads(my, { now: NOW + i }),
    "invoice list": (my: CustomerScope, i: number) => invoiceListReads(my, { ...filter, page: i + 1 }, NOW),
    // the invoice page and its PDF (src/routes/portal/invoices.ts): signed in, the bill-to comes with the session
    "invoice detail and PDF": (my: CustomerScope, i: number) => invoiceDocumentReads(my, `inv_${i}`, false),
  };

  for (const [name, reads] of Object.entries(pages)) {
    it(`${name}: a second request on the page entry's scope builds no SQL, and carries its own values`, () => {
      const my = bound();
      const built = vi.spyOn(SQLiteDialect.prototype, "buildSelectQuery");
      try {
        const first = reads(my, 1);
        expect(built).toHaveBeenCalled();
        built.mockClear();
        const second = reads(my, 2);
        expect(built).not.toHaveBeenCalled();
        const sqls = (r: typeof first) => r.queries.map((q) => (q as unknown as { _prepare(): Prepared })._prepare().getQuery().sql);
        expect(sqls(second)).toEqual(sqls(first));
      } finally {
        built.mockRestore();
      }
    });
  }

  it("the invoice's reads: the request's public id in every statement that names the invoice; the bill-to only when asked", () => {
    const my = bound();
    const r = invoiceDocumentReads(my, "inv_abc", false);
    const params = r.queries.map((q) => (q as unknown as { _prepare(): Prepared })._prepare().getQuery().params);
    // invoice, lines, payments applied, AutoPay method: no customer row (the session read it)
    expect(params).toHaveLength(4);
    expect(params.slice(0, 3).every((p) => p.includes("inv_abc"))).toBe(true);
    // a signed-out document link reads the bill-to with them
    const linked = invoiceDocumentReads(customerScope(tenantScope(builder, 7), 8), "inv_abc", true);
    expect(linked.queries).toHaveLength(5);
  });

  it("the invoice's view (written after the response) is prepared once too: a second view builds no SQL", () => {
    const my = customerScope(tenantScope(builder, 7), 8);
    const meta = (via: "page" | "pdf") => ({ now: 1000, ip: "192.0.2.1", userAgent: "x".repeat(500), via });
    invoiceViewWrites(my, "inv_1", meta("page"));
    const built = [vi.spyOn(SQLiteDialect.prototype, "buildInsertQuery"), vi.spyOn(SQLiteDialect.prototype, "buildUpdateQuery")];
    try {
      const writes = invoiceViewWrites(my, "inv_2", meta("pdf"));
      for (const b of built) expect(b).not.toHaveBeenCalled();
      expect(writes).toHaveLength(2);
      // the request's own values, the user agent stored as eventStatement stores it
      expect(writes[0]!.values).toMatchObject({ tenantId: 7, customerId: 8, publicId: "inv_2", via: "pdf", userAgent: "x".repeat(400) });
    } finally {
      for (const b of built) b.mockRestore();
    }
  });
});
