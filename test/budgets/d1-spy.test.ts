import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { spyOnD1 } from "./d1-spy";

// The spy behind every round-trip budget counts a D1 session's batch (the portal reads
// through one, issue 18) and the database's own batch exactly once each.
it("the binding spy counts a session's batch, its statement and the database's batch once each", async () => {
  const spy = spyOnD1();
  try {
    const s = env.DB.withSession("first-unconstrained");
    await s.batch([s.prepare("select 1"), s.prepare("select 2")]);
    const afterSessionBatch = spy.count();
    await s.prepare("select 1").all();
    const afterStatement = spy.count();
    await env.DB.batch([env.DB.prepare("select 1")]);
    expect([afterSessionBatch, afterStatement, spy.count()]).toEqual([1, 2, 3]);
  } finally {
    spy.restore();
  }
});

// The webhook queue's consumer works on its own schedule and can land inside any page's
// count; its statements (on the webhook tables) are left out, and only those.
it("the binding spy leaves out the webhook consumer's statements and counts everything else", async () => {
  const spy = spyOnD1();
  try {
    await env.DB.prepare('select count(*) from "webhook_deliveries"').all();
    await env.DB.batch([env.DB.prepare('select count(*) from "webhook_fanouts"'), env.DB.prepare('select count(*) from "webhook_endpoints"')]);
    expect(spy.count()).toBe(0);
    await env.DB.prepare('select count(*) from "events"').all();
    await env.DB.batch([env.DB.prepare('select count(*) from "invoices"')]);
    expect(spy.count()).toBe(2);
  } finally {
    spy.restore();
  }
});
