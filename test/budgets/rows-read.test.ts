import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { invoices } from "../../src/db/schema";
import { tenantScope } from "../../src/db/scope";
import { nowSeconds } from "../../src/lib/time";
import { readEstimates } from "../../src/services/api/estimates";
import { readInvoices } from "../../src/services/api/invoices";
import { makeEstimate, makeInvoice } from "../helpers/fixtures";
import { type RecordedStatement, recordingD1 } from "./d1-spy";
import { makeWorld, type World } from "./world";

// Issue 7: the API's lists cost the same whatever the tenant's size. Measured as
// the rows SQLite reads (D1's `rows_read`, what D1 bills), not as time: each
// statement the real query function sent is run again on its own and its
// `meta.rows_read` summed. A count of the tenant's documents (X-Total-Count) used
// to walk every index entry: 78 ms of CPU per request at 1,000,000 invoices
// against 17 ms at 10,000.

const ADDED = 60;

async function rowsRead(run: (db: ReturnType<typeof createDb>) => Promise<unknown>): Promise<number> {
  const log: RecordedStatement[] = [];
  await run(createDb(recordingD1(log)));
  let rows = 0;
  for (const s of log) {
    const r = await env.DB.prepare(s.sql)
      .bind(...(s.params as unknown[]))
      .all();
    rows += r.meta.rows_read ?? Number.NaN;
  }
  return rows;
}

let world: World;
beforeAll(async () => {
  world = await makeWorld();
});

const ctx = () => ({ env, username: world.tenant.username, now: nowSeconds() });
const page = { page: 1, perPage: 10, offset: 0, where: [], order: [] };

describe("rows read by the API lists do not grow with the tenant", () => {
  it("the measure can fail: counting the tenant's invoices reads one index entry per invoice", async () => {
    const count = () => rowsRead((db) => tenantScope(db, world.tenant.id).count(invoices));
    const before = await count();
    await makeInvoice(world.scope, world.customer.id);
    expect(await count()).toBe(before + 1);
  });

  it("GET /invoices (newest first, X-Total-Count)", async () => {
    const read = () => rowsRead((db) => readInvoices(tenantScope(db, world.tenant.id), page, ctx()));
    const add = async () => {
      for (let i = 0; i < ADDED; i++) await makeInvoice(world.scope, world.customer.id);
    };
    // both measures see a full page of documents alike: only the tenant's size differs
    await add();
    const smaller = await read();
    await add();
    const larger = await read();
    const { total } = await readInvoices(world.scope, page, ctx());
    expect(total, "X-Total-Count still counts every document").toBe(3 + 2 * ADDED);
    expect(larger - smaller, `rows read with ${ADDED} more documents`).toBeLessThan(ADDED / 4);
  });

  it("GET /estimates (newest first, X-Total-Count)", async () => {
    const read = () => rowsRead((db) => readEstimates(tenantScope(db, world.tenant.id), page, ctx()));
    const add = async () => {
      for (let i = 0; i < ADDED; i++) await makeEstimate(world.scope, world.customer.id);
    };
    // both measures see a full page of documents alike: only the tenant's size differs
    await add();
    const smaller = await read();
    await add();
    const larger = await read();
    const { total } = await readEstimates(world.scope, page, ctx());
    expect(total, "X-Total-Count still counts every document").toBe(1 + 2 * ADDED);
    expect(larger - smaller, `rows read with ${ADDED} more documents`).toBeLessThan(ADDED / 4);
  });
});
