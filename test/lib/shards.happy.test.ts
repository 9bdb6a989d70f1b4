import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { backgroundScope } from "../../src/db/background";
import { customers } from "../../src/db/schema";
import { databaseOf, SHARDS, shardOf } from "../../src/db/shards";
import { makeCustomer } from "../helpers/fixtures";
import { makeTenant } from "../helpers/tenants";

// Issue 18 item 6: the tenant → database directory (docs/scaling.md) has one entry today;
// the lookup is in one place and background work goes through it.
describe("tenant → database directory", () => {
  it("names only bindings the worker has, for any tenant", () => {
    const bindings = env as unknown as Record<string, unknown>;
    for (const name of SHARDS) expect(bindings[name], name).toBeDefined();
    for (const id of [1, 2, 1_000_003]) expect(SHARDS).toContain(shardOf(id));
  });

  it("a tenant's background scope reads the rows in the tenant's database", async () => {
    const t = await makeTenant();
    const customer = await makeCustomer(t.scope);
    expect(databaseOf(env, t.tenant.id)).toBe(env.DB);
    const rows = await backgroundScope(env, t.tenant.id).select(customers);
    expect(rows.map((r) => r.id)).toContain(customer.id);
  });
});
