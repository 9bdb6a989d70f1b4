import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { devOutbox, tenants, webhookEndpoints } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { testDb } from "../helpers/tenants";
import { outboxFor } from "../pay/helpers";
import { drainQueue, fakeReceiver, insertEvents, networkClosed, tenantWithEndpoint } from "./outbound-helpers";

// Issue 14: an endpoint disabled after failing for days is announced to the merchant: a
// webhook.disabled event (the events API, and webhooks of other endpoints) and a mail to
// the tenant's notification_email naming the URL, never the secret.

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  networkClosed();
});

const URL_WITH_TOKEN = "https://hooks.merchant.example/billing?token=merchant-own-token-123";

async function failForDays(notificationEmail: string | null) {
  vi.useFakeTimers({ toFake: ["Date"] });
  const start = nowSeconds();
  const w = await tenantWithEndpoint(URL_WITH_TOKEN, ["invoice.paid"], start);
  await w.t.scope.db.update(tenants).set({ notificationEmail }).where(eq(tenants.id, w.t.tenant.id));
  await insertEvents(w.t, 1, start);
  fakeReceiver(() => new Response("down", { status: 503 }));
  await drainQueue([{ kind: "fanout", tenant: w.t.tenant.id }], { now: start });
  vi.useRealTimers();
  const [e] = await w.t.scope.select(webhookEndpoints);
  expect(e).toMatchObject({ enabled: false, disabledReason: "failing" });
  return w;
}

describe("an endpoint disabled after failing for days", () => {
  it("records webhook.disabled with the webhook as the API shows it, and mails the notification address without the secret", async () => {
    const w = await failForDays("ops@merchant.example");
    const events = (await w.api.get("/events?filter[type]=webhook.disabled")).body;
    expect(events).toHaveLength(1);
    expect(events[0].data.object).toEqual((await w.api.get(`/webhooks/${w.endpoint.id}`)).body);
    expect(events[0].data).toMatchObject({ object: { enabled: false, disabled_reason: "failing" }, previous: { enabled: true, disabled_reason: null } });

    const mail = await outboxFor(w.t.tenant.id, "ops@merchant.example");
    expect(mail).toHaveLength(1);
    const text = JSON.stringify(mail[0]);
    expect(text).toContain("https://hooks.merchant.example/billing");
    expect(text).toContain(`PATCH /webhooks/${w.endpoint.id}`);
    expect(text).not.toContain(w.endpoint.secret);
    expect(text).not.toContain("whsec_");
    // the query string may hold a token of the merchant's own: not in a mail
    expect(text).not.toContain("merchant-own-token-123");
    expect(JSON.stringify(events)).not.toContain(w.endpoint.secret);
  });

  it("without a notification address: the event, and no mail", async () => {
    const w = await failForDays(null);
    expect((await w.api.get("/events?filter[type]=webhook.disabled")).body).toHaveLength(1);
    expect(await testDb().select().from(devOutbox).where(eq(devOutbox.tenantId, w.t.tenant.id)).all()).toEqual([]);
  });
});
