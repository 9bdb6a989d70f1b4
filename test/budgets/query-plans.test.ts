import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { LaterWrites } from "../../src/db/later";
import { accountReads } from "../../src/db/queries/account";
import { viewInvoice } from "../../src/db/queries/invoice-document";
import { listInvoices } from "../../src/db/queries/invoices";
import { type PageReads, readPageEntry } from "../../src/db/queries/page-entry";
import { payDataReads } from "../../src/db/queries/payable-documents";
import { findReceipt, listPayments } from "../../src/db/queries/payment-history";
import { mySubscriptionPageReads } from "../../src/db/queries/portal-subscriptions";
import { findTenantByUsername } from "../../src/db/queries/tenants";
import type { Session } from "../../src/db/queries/types";
import { customerScope, tenantScope } from "../../src/db/scope";
import { nowSeconds } from "../../src/lib/time";
import { readInvoices } from "../../src/services/api/invoices";
import { parseInvoiceFilter } from "../../src/services/invoices/filters";
import { loadSession, touchLater } from "../../src/services/signin/sessions";
import { type RecordedStatement, recordingD1 } from "./d1-spy";
import { makeWorld, type World } from "./world";

// Issue 7: the queries behind the hot pages use an index all the way. The SQL is
// not copied here: each real query function runs over a recording D1 binding, and
// `EXPLAIN QUERY PLAN` is asked for every statement it sent (batch members
// included), with the parameters it sent. Without ANALYZE statistics (a D1
// database has none unless someone runs it) the plan does not depend on the rows.

type Rule = "no-scan" | "no-temp-b-tree";

type HotQuery = {
  name: string;
  /** runs the real query function against a scope over the recording binding */
  run?: (q: Scopes) => Promise<unknown>;
  /** why it cannot run on this branch yet: reported as skipped */
  missing?: string;
  rules: Rule[];
};

type Scopes = { db: ReturnType<typeof createDb>; scope: ReturnType<typeof tenantScope>; my: ReturnType<typeof customerScope>; world: World };

const now = nowSeconds();
const filter = (qs: string) => {
  const parsed = parseInvoiceFilter(new URLSearchParams(qs));
  if (!parsed.ok) throw new Error(`bad filter ${qs}`);
  return parsed.filter;
};

const STRICT: Rule[] = ["no-scan", "no-temp-b-tree"];

const HOT_QUERIES: HotQuery[] = [
  { name: "tenant by host (every request)", run: (q) => findTenantByUsername(q.db, q.world.tenant.username), rules: STRICT },
  { name: "session and customer (every signed-in request)", run: (q) => loadSession(q.scope, q.world.tenant, "x".repeat(43), now), rules: STRICT },
  {
    // issue 18: sent after the response, when due (src/db/later.ts)
    name: "session touch",
    run: (q) => {
      const later = new LaterWrites();
      const session = { id: "x".repeat(64), lastSeenAt: now - 120 } as Session;
      touchLater(later, q.world.tenant, session, now);
      return later.run(q.db.$client);
    },
    rules: STRICT,
  },
  { name: "invoice list, default filter", run: (q) => listInvoices(q.my, filter(""), now), rules: STRICT },
  { name: "invoice list, all", run: (q) => listInvoices(q.my, filter("status=all"), now), rules: STRICT },
  { name: "invoice list, paid", run: (q) => listInvoices(q.my, filter("status=paid"), now), rules: STRICT },
  { name: "invoice list, past due", run: (q) => listInvoices(q.my, filter("status=past_due"), now), rules: STRICT },
  { name: "My Account", run: (q) => pageEntry(q, (my) => accountReads(my, { now })), rules: STRICT },
  // issue 18: tenant settings read through the tenant's row inside the page's batch
  { name: "pay form", run: (q) => pageEntry(q, (my) => payDataReads(my, [q.world.openInvoice.publicId], null)), rules: ["no-scan"] },
  { name: "subscription page", run: (q) => pageEntry(q, (my) => mySubscriptionPageReads(my, "x".repeat(20))), rules: ["no-scan"] },
  { name: "payments list", run: (q) => listPayments(q.my, 1), rules: STRICT },
  // one document's few payments are sorted in memory: bounded, so only scans are refused
  { name: "invoice detail", run: (q) => viewInvoice(q.my, q.world.openInvoice.publicId, { now, ip: null, userAgent: null, via: "page" }), rules: ["no-scan"] },
  { name: "receipt", run: (q) => findReceipt(q.my, q.world.payment.publicId), rules: ["no-scan"] },
  {
    // GET /invoices?per_page=100: newest first. Its X-Total-Count counts the tenant's
    // invoices from an index (no table rows, but every entry: grows with the tenant).
    name: "API invoice list",
    run: (q) => readInvoices(q.scope, { page: 1, perPage: 100, offset: 0, where: [], order: [] }, { env, username: q.world.tenant.username, now }),
    rules: STRICT,
  },
];

/**
 * A signed-in page's one batch (issue 18) as the worker sends it: tenant by username,
 * session, customer and the page's reads (keyed on the session row by subqueries).
 * The session id is unknown, so the reads find nothing; the plans are the same.
 */
function pageEntry<T>(q: Scopes, reads: (my: Scopes["my"]) => PageReads<T>) {
  return readPageEntry(q.db, { username: q.world.tenant.username }, "x".repeat(64), now, reads);
}

let world: World;
beforeAll(async () => {
  world = await makeWorld();
});

/** Plan lines that break a rule: a full scan of a table or an index, or a sort/group in a temporary B-tree. */
function violations(plan: string[], rules: Rule[]): string[] {
  return plan.filter(
    (line) =>
      // json_each is the statement's own list of ids (src/db/id-list.ts), not a table
      (rules.includes("no-scan") && /^SCAN (?!CONSTANT ROW|json_each)/.test(line)) || (rules.includes("no-temp-b-tree") && /USE TEMP B-TREE/.test(line)),
  );
}

async function planOf(s: RecordedStatement): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${s.sql}`)
    .bind(...(s.params as unknown[]))
    .all<{ detail: string }>();
  return results.map((r) => r.detail);
}

describe("query plans of the hot paths", () => {
  it("the rules can fail: a full scan and a temp B-tree are caught", async () => {
    const plan = await planOf({ sql: "select * from invoices where total > ? order by balance", params: [1] });
    expect(violations(plan, STRICT)).toHaveLength(2);
  });

  for (const q of HOT_QUERIES) {
    it(q.name, async (ctx) => {
      if (!q.run) return ctx.skip(q.missing);
      const log: RecordedStatement[] = [];
      const db = createDb(recordingD1(log));
      const scope = tenantScope(db, world.tenant.id);
      await q.run({ db, scope, my: customerScope(scope, world.customer.id), world });
      expect(log.length, "the function sent its statements through the recorder").toBeGreaterThan(0);
      const bad: Record<string, string[]> = {};
      for (const s of log) {
        const v = violations(await planOf(s), q.rules);
        if (v.length) bad[s.sql] = v;
      }
      expect(bad).toEqual({});
    });
  }

  it("My Account's amount owed reads the open invoices' partial index, not every invoice of the customer", async () => {
    const log: RecordedStatement[] = [];
    const db = createDb(recordingD1(log));
    const scope = tenantScope(db, world.tenant.id);
    await pageEntry({ db, scope, my: customerScope(scope, world.customer.id), world }, (my) => accountReads(my, { now }));
    const aggregates = log.find((s) => s.sql.includes("'owed'"));
    expect(aggregates, "My Account sent its aggregates").toBeDefined();
    const plan = await planOf(aggregates!);
    // the partial index is used only if the statement says its conditions as literals (visible(), openCondition())
    expect(
      plan.some((line) => /^SEARCH invoices USING COVERING INDEX invoices_open_tenant_customer \(tenant_id=\? AND customer_id=\?\)/.test(line)),
      plan.join("\n"),
    ).toBe(true);
  });
});
