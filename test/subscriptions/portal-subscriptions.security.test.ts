import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions, subscriptions } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { eventsOf } from "../api/support";
import { makeCustomer } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { ALL_ON, confirmFields, invoicesNewestFirst, type PortalSub, portalSubscription, subRow, versionOf } from "./portal-support";

/**
 * Issue 15, enforcement: every action re-checks the merchant's setting, the
 * state and the page's version on the server; a hand-made POST of a disabled
 * action is a 404 and changes nothing; a foreign id is a 404 (S31); a change that
 * charges money needs a recent sign-in (S23); 20 concurrent confirms change once.
 */

const CONFIRM_ITS_YOU = /<h1>Confirm it(&#39;|')s you<\/h1>/;

/** What a refused action must leave untouched: the row (version included), the invoices and the events. */
async function state(w: PortalSub) {
  const row = await subRow(w);
  return { row, invoices: (await invoicesNewestFirst(w)).length, events: (await eventsOf(w.t)).length };
}

async function page(w: PortalSub) {
  return w.portal.get(`/subscriptions/${w.sub.pid}`);
}

describe("each action with its setting off: no button, and a hand-made POST is a 404 that changes nothing", () => {
  const cases: { name: string; off: Record<string, unknown>; button: string | RegExp; post: (v: string) => Record<string, string>; path: string }[] = [
    {
      name: "change plan or quantity",
      off: { allowSubscriptionChanges: false },
      button: "Change plan or quantity",
      path: "change",
      post: (v) => ({ plan: "pro", quantity: "1", version: v, proration_date: String(nowSeconds()) }),
    },
    {
      name: "cancel",
      off: { allowBillingPortalCancellations: false },
      button: "Cancel subscription",
      path: "cancel",
      post: (v) => ({ when: "period_end", version: v }),
    },
    {
      name: "cancel now",
      off: { allowImmediateCancellation: false },
      button: 'id="when-now"',
      path: "cancel",
      post: (v) => ({ when: "now", version: v, offer_declined: "yes" }),
    },
    { name: "pause", off: { allowSubscriptionPause: false }, button: "Pause subscription", path: "pause", post: (v) => ({ version: v }) },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const w = await portalSubscription({ ...ALL_ON, ...c.off });
      const shown = await page(w);
      const cancelPage = c.name === "cancel now" ? (await w.portal.get(`/subscriptions/${w.sub.pid}/cancel`)).html : shown.html;
      if (typeof c.button === "string") expect(cancelPage).not.toContain(c.button);
      const before = await state(w);
      const res = await w.portal.post(`/subscriptions/${w.sub.pid}/${c.path}`, c.post(String(before.row.version)));
      expect(res.status).toBe(404);
      expect(await state(w)).toEqual(before);
    });
  }

  it("resume with pause off, and withdraw with changes off", async () => {
    const w = await portalSubscription({ ...ALL_ON, allowSubscriptionPause: false, allowSubscriptionChanges: false });
    await w.api.patch(`/subscriptions/${w.sub.id}`, { paused: true });
    const shown = await page(w);
    expect(shown.html).not.toContain("Resume subscription");
    const before = await state(w);
    for (const path of ["resume", "change/withdraw"]) {
      const res = await w.portal.post(`/subscriptions/${w.sub.pid}/${path}`, { version: String(before.row.version) });
      expect(res.status).toBe(404);
    }
    expect((await w.portal.get(`/subscriptions/${w.sub.pid}/change?plan=pro&quantity=1&version=1`)).status).toBe(404);
    expect((await w.portal.get(`/subscriptions/${w.sub.pid}/cancel`)).status).toBe(200);
    expect(await state(w)).toEqual(before);
  });

  it("the cancel page is a 404 with cancellations off, and there is no retention offer to accept", async () => {
    const w = await portalSubscription({ ...ALL_ON, allowBillingPortalCancellations: false, cancellationRetentionCoupon: "half" });
    expect((await w.portal.get(`/subscriptions/${w.sub.pid}/cancel`)).status).toBe(404);
    const before = await state(w);
    const res = await w.portal.post(`/subscriptions/${w.sub.pid}/retention`, { version: versionOf((await page(w)).html) });
    expect(res.status).toBe(404);
    expect(await state(w)).toEqual(before);
  });
});

describe("state and version are re-checked", () => {
  it("a plan outside the merchant's list, a quantity outside the bounds, or a forged old preview instant change nothing", async () => {
    const w = await portalSubscription({ ...ALL_ON, subscriptionChangePlans: ["basic"], subscriptionMaxQuantity: 3 });
    const v = versionOf((await page(w)).html);
    const before = await state(w);
    const now = String(nowSeconds());
    const a = await w.portal.post(`/subscriptions/${w.sub.pid}/change`, { plan: "pro", quantity: "1", version: v, proration_date: now });
    expect(a.status).toBe(400);
    expect(a.html).toContain("That plan is not offered");
    const b = await w.portal.post(`/subscriptions/${w.sub.pid}/change`, { plan: "basic", quantity: "4", version: v, proration_date: now });
    expect(b.status).toBe(400);
    expect(b.html).toContain("Quantity must be from 1 to 3");
    // an instant from long ago would buy the upgrade at a bigger credit: refused
    const c = await w.portal.post(`/subscriptions/${w.sub.pid}/change`, {
      plan: "basic",
      quantity: "2",
      version: v,
      proration_date: String(nowSeconds() - 7200),
    });
    expect(c.status).toBe(409);
    expect(await state(w)).toEqual(before);
  });

  it("a form drawn before another change (a stale version) is refused with 409", async () => {
    const w = await portalSubscription();
    const stale = versionOf((await page(w)).html);
    await w.api.patch(`/subscriptions/${w.sub.id}`, { metadata: { touched: "yes" } });
    const before = await state(w);
    const res = await w.portal.post(`/subscriptions/${w.sub.pid}/pause`, { version: stale });
    expect(res.status).toBe(409);
    expect(res.html).toContain("changed since this page was shown");
    expect(await state(w)).toEqual(before);
  });

  it("a canceled subscription cannot be changed, paused or canceled again", async () => {
    const w = await portalSubscription();
    await w.api.delete(`/subscriptions/${w.sub.id}`);
    const v = String((await subRow(w)).version);
    const before = await state(w);
    for (const [path, fields] of [
      ["pause", { version: v }],
      ["cancel", { when: "now", version: v, offer_declined: "yes" }],
      ["change", { plan: "pro", quantity: "1", version: v, proration_date: String(nowSeconds()) }],
    ] as const) {
      const res = await w.portal.post(`/subscriptions/${w.sub.pid}/${path}`, fields);
      expect(res.status, path).toBe(409);
    }
    expect(await state(w)).toEqual(before);
  });
});

describe("S23: a change that charges money needs a recent sign-in", () => {
  it("an upgrade with a 16-minute-old sign-in asks to confirm it's you and changes nothing; a downgrade does not ask", async () => {
    const w = await portalSubscription(ALL_ON, { sub: { plan: "pro" } });
    const v = versionOf((await page(w)).html);
    const up = await w.portal.get(`/subscriptions/${w.sub.pid}/change?plan=pro&quantity=2&version=${v}`);
    await w.t.scope.update(sessions, { authAt: nowSeconds() - 16 * 60 }, eq(sessions.id, w.sessionId));
    const before = await state(w);
    const res = await w.portal.post(`/subscriptions/${w.sub.pid}/change`, confirmFields(up.html));
    expect(res.html).toMatch(CONFIRM_ITS_YOU);
    expect(await state(w)).toEqual(before);

    const down = await w.portal.get(`/subscriptions/${w.sub.pid}/change?plan=basic&quantity=1&version=${v}`);
    const ok = await w.portal.post(`/subscriptions/${w.sub.pid}/change`, confirmFields(down.html));
    expect(ok.location).toBe(`/subscriptions/${w.sub.pid}?done=scheduled`);
  });
});

describe("S31: another customer's or tenant's subscription is a 404 on every route", () => {
  it("same tenant, other customer; and another tenant's id", async () => {
    const w = await portalSubscription();
    const other = await portalSubscription();
    const sibling = await makeCustomer(w.t.scope);
    const intruder = new PortalClient(w.t.origin);
    await intruder.signInAs(w.t.scope, w.t.tenant, sibling.id);
    const before = await state(w);
    const beforeOther = await state(other);
    // S32: the portal takes the random public id only; even the owner's integer API id is a 404
    expect((await w.portal.get(`/subscriptions/${w.sub.id}`)).status).toBe(404);
    expect((await w.portal.get(`/subscriptions/${w.sub.pid}`)).status).toBe(200);
    const v = String((await subRow(w)).version);
    for (const [client, id] of [
      [intruder, w.sub.pid],
      [w.portal, other.sub.pid],
    ] as const) {
      for (const path of ["", "/cancel", `/change?plan=pro&quantity=1&version=${v}`]) {
        expect((await client.get(`/subscriptions/${id}${path}`)).status, path).toBe(404);
      }
      for (const path of ["change", "change/withdraw", "cancel", "undo-cancel", "retention", "pause", "resume"]) {
        const res = await client.post(`/subscriptions/${id}/${path}`, {
          version: v,
          plan: "pro",
          quantity: "1",
          when: "now",
          proration_date: String(nowSeconds()),
        });
        expect(res.status, path).toBe(404);
      }
    }
    expect((await intruder.get("/subscriptions")).html).not.toContain(`/subscriptions/${w.sub.pid}"`);
    expect(await state(w)).toEqual(before);
    expect(await state(other)).toEqual(beforeOther);
  });
});

describe("concurrency: a double click (or 20) changes once", () => {
  it("20 concurrent confirms of the same upgrade: one change, one invoice, one charge", async () => {
    const w = await portalSubscription();
    const v = versionOf((await page(w)).html);
    const preview = await w.portal.get(`/subscriptions/${w.sub.pid}/change?plan=pro&quantity=3&version=${v}`);
    const fields = confirmFields(preview.html);
    const invoicesBefore = (await invoicesNewestFirst(w)).length;
    const results = await Promise.all(Array.from({ length: 20 }, () => w.portal.post(`/subscriptions/${w.sub.pid}/change`, fields)));
    for (const r of results) expect(r.status).toBeLessThan(500);
    expect(results.filter((r) => r.status === 303)).toHaveLength(1);
    expect(await invoicesNewestFirst(w)).toHaveLength(invoicesBefore + 1);
    const changes = (await eventsOf(w.t, "subscription.updated")).filter((e) => (e.data as { via?: string }).via === "portal");
    expect(changes).toHaveLength(1);
    const row = await w.t.scope.select(subscriptions, eq(subscriptions.id, w.sub.id)).get();
    expect([row!.plan, row!.quantity, row!.version]).toEqual(["pro", 3, Number(v) + 1]);
    expect(await eventsOf(w.t, "payment.created")).toHaveLength(1);
  });

  it("20 concurrent cancels at the period end: one change, one event", async () => {
    const w = await portalSubscription();
    const v = versionOf((await page(w)).html);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        w.portal.post(`/subscriptions/${w.sub.pid}/cancel`, { when: "period_end", reason: "", details: "", version: v, offer_declined: "yes" }),
      ),
    );
    for (const r of results) expect(r.status).toBeLessThan(500);
    const portalEvents = (await eventsOf(w.t, "subscription.updated")).filter((e) => (e.data as { via?: string }).via === "portal");
    expect(portalEvents).toHaveLength(1);
    expect((await subRow(w)).version).toBe(Number(v) + 1);
  });
});

describe("audit: the event records the customer's IP and browser", () => {
  it("pause", async () => {
    const w = await portalSubscription();
    const v = versionOf((await page(w)).html);
    await w.portal.post(
      `/subscriptions/${w.sub.pid}/pause`,
      { version: v },
      { headers: { "CF-Connecting-IP": "203.0.113.9", "User-Agent": "TestBrowser/1.0" } },
    );
    const [e] = await eventsOf(w.t, "subscription.paused");
    expect(e).toMatchObject({ actor: "customer", ip: "203.0.113.9", userAgent: "TestBrowser/1.0" });
  });
});
