import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  apiKeys,
  customers,
  events,
  invoices,
  paymentAttempts,
  paymentSourceSetups,
  paymentSources,
  payments,
  sessions,
  signinTokens,
  ssoKeys,
  ssoReplays,
  webhookEvents,
} from "../../src/db/schema";
import { SESSION_IDLE_MAX } from "../../src/lib/platform-limits";
import { DAY, HOUR, nowSeconds } from "../../src/lib/time";
import { PURGE_MARGIN, purgeExpired } from "../../src/services/maintenance/purge";
import { allowLinkRequest, LINK_LIMITS } from "../../src/services/signin/limits";
import { SSO_TOLERANCE } from "../../src/services/signin/sso";
import { makeInvoice, makePayment, makePaymentSource } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { testDb } from "../helpers/tenants";
import { invoicedToken, isSignedIn, linkIn, pathOf, requestLink, sessionsOf, tokenRow, uniqueEmail, world } from "../signin/helpers";

/** Opens an SSO link in a fresh browser; "/account" means signed in. */
async function openSso(origin: string, token: string) {
  return (await new PortalClient(origin).get(`/login/${token}`)).location;
}

describe("purge keeps what still decides something", () => {
  it("S16: a used SSO token's replay key stays until exp + tolerance + margin, so a replay after the purge is still refused", async () => {
    const { t, customer } = await world();
    const n = nowSeconds();
    const exp = n + 600;
    const token = await invoicedToken(t.ssoKey, customer.id, n, { exp, jti: `purge-${n}` });
    expect(await openSso(t.origin, token)).toBe("/account");
    const row = (await t.scope.select(ssoReplays).all())[0]!;
    expect(row.expiresAt).toBe(exp + SSO_TOLERANCE);

    // the purge at every moment up to the bound (now, just after exp + tolerance, one second before the bound) keeps it
    const bound = exp + SSO_TOLERANCE + PURGE_MARGIN;
    for (const at of [n, exp + SSO_TOLERANCE + 1, bound - 1, bound]) {
      expect((await purgeExpired(testDb(), at)).sso_replays).toBe(0);
    }
    expect(await t.scope.select(ssoReplays).all()).toHaveLength(1);
    const sessionsBefore = (await sessionsOf(t, customer.id)).length;
    expect(await openSso(t.origin, token)).toBe("/login?error=link");
    expect(await sessionsOf(t, customer.id)).toHaveLength(sessionsBefore);

    // one second past the bound it goes. (Only this test's clock is that late: replayed
    // now, on the real clock, the token would verify again, which shows that the row
    // is what refused the replay above.)
    expect((await purgeExpired(testDb(), bound + 1)).sso_replays).toBeGreaterThanOrEqual(1);
    expect(await t.scope.select(ssoReplays).all()).toHaveLength(0);
    expect(await openSso(t.origin, token)).toBe("/account");
  });

  it("S3, S4: a live emailed link survives the purge and still signs in; its row goes only a day after expiry", async () => {
    const { t, email } = await world();
    const portal = new PortalClient(t.origin);
    const { mail } = await requestLink(portal, email);
    const link = linkIn(mail);
    const row = await tokenRow(t, link);

    await purgeExpired(testDb(), nowSeconds());
    await purgeExpired(testDb(), row.expiresAt + DAY - 1);
    expect(await tokenRow(t, link)).toBeDefined();
    await portal.get(pathOf(link));
    expect((await portal.post(pathOf(link))).status).toBe(303);
    expect(await isSignedIn(portal)).toBe(true);

    await purgeExpired(testDb(), row.expiresAt + DAY + 1);
    expect(await t.scope.select(signinTokens, eq(signinTokens.id, row.id)).get()).toBeUndefined();
  });

  it("S21: a live session survives the purge and stays signed in; its row goes an hour after it went idle (or after its absolute limit)", async () => {
    const { t, customer } = await world();
    const portal = new PortalClient(t.origin);
    expect((await portal.get(`/login/${await invoicedToken(t.ssoKey, customer.id)}`)).location).toBe("/account");
    const [session] = await sessionsOf(t, customer.id);

    await purgeExpired(testDb(), nowSeconds());
    expect(await isSignedIn(portal)).toBe(true);
    // idle for SESSION_IDLE_MAX it is dead whatever the tenant's setting; an hour later it goes
    await purgeExpired(testDb(), session!.lastSeenAt + SESSION_IDLE_MAX + HOUR - 1);
    expect(await sessionsOf(t, customer.id)).toHaveLength(1);

    await purgeExpired(testDb(), session!.lastSeenAt + SESSION_IDLE_MAX + HOUR + 1);
    expect(await sessionsOf(t, customer.id)).toHaveLength(0);
    expect(await isSignedIn(portal)).toBe(false);
    expect(session!.lastSeenAt + SESSION_IDLE_MAX + HOUR).toBeLessThan(session!.expiresAt + HOUR);
  });

  it("S12: a rate-limit window that has not ended survives the purge: the 6th link of the hour is still refused", async () => {
    const { t } = await world();
    const email = uniqueEmail();
    // in the middle of an hour window, so the whole test stays inside it
    const now = Math.floor(nowSeconds() / HOUR) * HOUR + 1800;
    for (let i = 0; i < LINK_LIMITS.perEmailHour; i++) expect(await allowLinkRequest(t.scope, email, "192.0.2.1", now + i)).toBe(true);
    await purgeExpired(testDb(), now + 10);
    expect(await allowLinkRequest(t.scope, email, "192.0.2.1", now + 11)).toBe(false);
  });

  it("S43: nothing financial or audit is touched, however late the clock (payments, attempts, setups, webhook events, events, documents, keys)", async () => {
    const { t, customer } = await world();
    const db = testDb();
    const old = nowSeconds() - 400 * DAY;
    const tenantId = t.tenant.id;
    // events come from a real sign-in; the rest are written old and unfinished, the state most like "expired"
    expect((await new PortalClient(t.origin).get(`/login/${await invoicedToken(t.ssoKey, customer.id)}`)).location).toBe("/account");
    await makeInvoice(t.scope, customer.id);
    await makePayment(t.scope, customer.id, { status: "pending", date: old, createdAt: old, updatedAt: old });
    const source = await makePaymentSource(t.scope, customer.id, { createdAt: old, deletedAt: old });
    await db.batch([
      db.insert(paymentAttempts).values({
        id: `pa-${tenantId}`,
        tenantId,
        customerId: customer.id,
        clientKey: `ck-${tenantId}`,
        status: "pending",
        currency: "usd",
        amount: 100,
        allocations: [],
        gateway: "test",
        createdAt: old,
        updatedAt: old,
      }),
      db.insert(paymentSourceSetups).values({
        id: `pss-${tenantId}`,
        tenantId,
        customerId: customer.id,
        gateway: "stripe",
        status: "pending",
        paymentSourceId: source.id,
        createdAt: old,
        updatedAt: old,
      }),
      db.insert(webhookEvents).values({ eventId: `evt_${tenantId}`, tenantId, provider: "stripe", type: "checkout.session.completed", receivedAt: old }),
    ]);

    const tables = { payments, paymentAttempts, paymentSourceSetups, paymentSources, webhookEvents, events, invoices, customers, apiKeys, ssoKeys };
    const countAll = async () =>
      Object.fromEntries(
        await Promise.all(Object.entries(tables).map(async ([name, table]) => [name, await db.$count(table, eq(table.tenantId, tenantId))] as const)),
      );
    const before = await countAll();
    expect(Object.values(before).every((n) => n >= 1)).toBe(true);

    await purgeExpired(db, nowSeconds() + 10 * 365 * DAY);

    expect(await countAll()).toEqual(before);
    // while the session table, which the purge does own, is empty for this tenant
    expect(await db.$count(sessions, eq(sessions.tenantId, tenantId))).toBe(0);
  });
});
