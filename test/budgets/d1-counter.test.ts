import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { countingD1, createDb } from "../../src/db/client";
import { tenants } from "../../src/db/schema";

// The X-D1-Round-Trips header is only as true as this counter: one per statement
// run, one per batch whatever its size, nothing for preparing or binding.
describe("the D1 round-trip counter", () => {
  it("counts each statement run once and nothing for prepare or bind", async () => {
    const counter = { count: 0 };
    const db = countingD1(env.DB, counter);
    const stmt = db.prepare("select ? as n").bind(1);
    expect(counter.count).toBe(0);
    await stmt.first();
    await stmt.all();
    await stmt.raw();
    await db.prepare("select 1").run();
    expect(counter.count).toBe(4);
  });

  it("counts a batch as one, whatever its size", async () => {
    const counter = { count: 0 };
    const db = countingD1(env.DB, counter);
    const results = await db.batch([db.prepare("select 1 as a"), db.prepare("select ? as b").bind(2), db.prepare("select 3 as c")]);
    expect(results).toHaveLength(3);
    expect(counter.count).toBe(1);
  });

  it("counts exec and statements run through a D1 session", async () => {
    const counter = { count: 0 };
    const db = countingD1(env.DB, counter);
    await db.exec("select 1");
    const session = db.withSession("first-unconstrained");
    await session.prepare("select 1").first();
    await session.batch([session.prepare("select 1"), session.prepare("select 2")]);
    expect(counter.count).toBe(3);
  });

  it("counts what drizzle sends: a query, and a batch of queries", async () => {
    const counter = { count: 0 };
    const db = createDb(env.DB, counter);
    await db.select().from(tenants).limit(1);
    await db.batch([db.select().from(tenants).limit(1), db.select().from(tenants).limit(2)]);
    expect(counter.count).toBe(2);
  });
});
