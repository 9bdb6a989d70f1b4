import { desc, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { devOutbox, lineItems, payments, subscriptions } from "../../src/db/schema";
import { eventsOf } from "../api/support";
import { ALL_ON, chargeNowOf, confirmFields, invoicesNewestFirst, portalSubscription, subRow, versionOf } from "./portal-support";

/** Issue 15: customers see and manage their subscriptions in the portal. */

describe("seeing subscriptions", () => {
  it("My Account has a subscriptions card, /subscriptions lists it, and the detail shows price, renewal with tax and its invoices", async () => {
    const w = await portalSubscription();
    const account = await w.portal.get("/account");
    expect(account.html).toContain('id="subscriptions-heading"');
    expect(account.html).toContain(`href="/subscriptions/${w.sub.pid}"`);
    expect(account.html).toContain('<a href="/subscriptions">Subscriptions</a>');

    const list = await w.portal.get("/subscriptions");
    expect(list.status).toBe(200);
    expect(list.html).toContain("Basic");
    // $30 a month plus 20 % VAT: the next renewal says $36.00 including tax
    expect(list.html).toContain("$36.00 including tax");

    const detail = await w.portal.get(`/subscriptions/${w.sub.pid}`);
    expect(detail.status).toBe(200);
    expect(detail.html).toContain("Basic: $30.00 per month");
    expect(detail.html).toContain("Active");
    const [first] = await invoicesNewestFirst(w);
    expect(detail.html).toContain(`href="/invoices/${first!.publicId}"`);
  });

  it("a future start shows as a trial with its end date, and canceled as canceled", async () => {
    const start = Math.floor(Date.now() / 1000) + 14 * 86400;
    const w = await portalSubscription(ALL_ON, { sub: { start_date: start } });
    const detail = await w.portal.get(`/subscriptions/${w.sub.pid}`);
    expect(detail.html).toContain("Trial");
    expect(detail.html).toContain(`datetime="${new Date(start * 1000).toISOString().slice(0, 10)}"`);
    await w.api.delete(`/subscriptions/${w.sub.id}`);
    const after = await w.portal.get(`/subscriptions/${w.sub.pid}`);
    expect(after.html).toContain("Canceled");
    expect(after.html).not.toContain('action="/subscriptions/');
  });

  it("SSO redirect_to=subscriptions lands on /subscriptions", async () => {
    const { pagePath } = await import("../../src/services/signin/redirects");
    expect(pagePath("subscriptions")).toBe("/subscriptions");
  });
});

describe("changing plan or quantity", () => {
  it("an upgrade previews credit, charge now and renewal; the confirm makes an invoice of exactly that, paid by the saved card", async () => {
    const w = await portalSubscription();
    const page = await w.portal.get(`/subscriptions/${w.sub.pid}`);
    const version = versionOf(page.html);
    const preview = await w.portal.get(`/subscriptions/${w.sub.pid}/change?plan=pro&quantity=2&version=${version}`);
    expect(preview.status).toBe(200);
    expect(preview.html).toContain("Credit for unused time");
    expect(preview.html).toContain("Charged now");
    // next renewal: 2 × $60 + 20 % = $144.00
    expect(preview.html).toContain("$144.00");
    const chargeNow = chargeNowOf(preview.html);
    expect(chargeNow).toBeGreaterThan(0);

    const res = await w.portal.post(`/subscriptions/${w.sub.pid}/change`, confirmFields(preview.html));
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/subscriptions/${w.sub.pid}?done=paid`);
    const [inv] = await invoicesNewestFirst(w);
    expect(inv!.total).toBe(chargeNow);
    expect(inv!.paid).toBe(true);
    const lines = await w.t.scope.select(lineItems, eq(lineItems.invoiceId, inv!.id)).all();
    expect(lines.every((l) => l.prorated)).toBe(true);
    const paid = await w.t.scope.select(payments, eq(payments.customerId, w.customer.id)).all();
    expect(paid.map((p) => p.amount)).toContain(chargeNow);
    const row = await subRow(w);
    expect([row.plan, row.quantity]).toEqual(["pro", 2]);

    const [event] = await eventsOf(w.t, "subscription.updated");
    expect(event!.data).toMatchObject({ via: "portal", effective: "now", invoice: inv!.publicId });
    // the confirmation is sent after the response (waitUntil)
    await vi.waitFor(async () => {
      const mail = await w.t.scope.db.select().from(devOutbox).where(eq(devOutbox.tenantId, w.t.tenant.id)).orderBy(desc(devOutbox.id)).all();
      expect(mail.some((m) => m.to === "billing@acme.example" && /changed to Pro × 2/.test(m.text))).toBe(true);
    });
  });

  it("htmx asks for the preview panel alone", async () => {
    const w = await portalSubscription();
    const version = versionOf((await w.portal.get(`/subscriptions/${w.sub.pid}`)).html);
    const res = await w.portal.get(`/subscriptions/${w.sub.pid}/change?plan=pro&quantity=1&version=${version}`, { headers: { "HX-Request": "true" } });
    expect(res.html.slice(0, 40)).toMatch(/^<div id="change-preview"/);
    expect(res.html).not.toContain("<html");
  });

  it("without a saved method the upgrade's invoice is sent to /pay", async () => {
    const w = await portalSubscription(ALL_ON, { card: null });
    const version = versionOf((await w.portal.get(`/subscriptions/${w.sub.pid}`)).html);
    const preview = await w.portal.get(`/subscriptions/${w.sub.pid}/change?plan=pro&quantity=1&version=${version}`);
    const res = await w.portal.post(`/subscriptions/${w.sub.pid}/change`, confirmFields(preview.html));
    const [inv] = await invoicesNewestFirst(w);
    expect(res.location).toBe(`/pay?invoice=${inv!.publicId}`);
    expect(inv!.paid).toBe(false);
  });

  it("a downgrade is scheduled for the period end, charges nothing, and can be withdrawn", async () => {
    const w = await portalSubscription(ALL_ON, { sub: { plan: "pro", quantity: 2 } });
    const before = (await invoicesNewestFirst(w)).length;
    const version = versionOf((await w.portal.get(`/subscriptions/${w.sub.pid}`)).html);
    const preview = await w.portal.get(`/subscriptions/${w.sub.pid}/change?plan=basic&quantity=1&version=${version}`);
    expect(preview.html).toContain("takes effect at the end of the current period");
    const res = await w.portal.post(`/subscriptions/${w.sub.pid}/change`, confirmFields(preview.html));
    expect(res.location).toBe(`/subscriptions/${w.sub.pid}?done=scheduled`);
    expect((await invoicesNewestFirst(w)).length).toBe(before);
    const row = await subRow(w);
    expect(row.plan).toBe("pro");
    expect(row.pendingChange).toMatchObject({ plan: "basic", quantity: 1 });

    const page = await w.portal.get(`/subscriptions/${w.sub.pid}`);
    expect(page.html).toContain("Scheduled change");
    const withdraw = await w.portal.post(`/subscriptions/${w.sub.pid}/change/withdraw`, { version: versionOf(page.html) });
    expect(withdraw.location).toBe(`/subscriptions/${w.sub.pid}?done=withdrawn`);
    expect((await subRow(w)).pendingChange).toBeNull();
  });
});

describe("cancelling, pausing and resuming", () => {
  it("cancel at the period end stores the reason, and Undo takes it back", async () => {
    const w = await portalSubscription();
    const form = await w.portal.get(`/subscriptions/${w.sub.pid}/cancel`);
    expect(form.status).toBe(200);
    const res = await w.portal.post(`/subscriptions/${w.sub.pid}/cancel`, {
      when: "period_end",
      reason: "too_expensive",
      details: "Budget cuts",
      version: versionOf(form.html),
      offer_declined: "",
    });
    expect(res.location).toBe(`/subscriptions/${w.sub.pid}?done=cancel_scheduled`);
    let row = await subRow(w);
    expect(row.cancelAtPeriodEnd).toBe(true);
    expect(row.canceledAt).toBeNull();
    expect(row.canceledReason).toBe("too_expensive: Budget cuts");
    expect((await w.api.get(`/subscriptions/${w.sub.id}`)).body.canceled_reason).toBe("too_expensive: Budget cuts");

    const page = await w.portal.get(`/subscriptions/${w.sub.pid}`);
    expect(page.html).toContain("Undo cancellation");
    const undo = await w.portal.post(`/subscriptions/${w.sub.pid}/undo-cancel`, { version: versionOf(page.html) });
    expect(undo.location).toBe(`/subscriptions/${w.sub.pid}?done=cancel_undone`);
    row = await subRow(w);
    expect([row.cancelAtPeriodEnd, row.canceledReason]).toEqual([false, null]);
  });

  it("cancel now, when the merchant allows it, ends the subscription at once", async () => {
    const w = await portalSubscription();
    const form = await w.portal.get(`/subscriptions/${w.sub.pid}/cancel`);
    expect(form.html).toContain('id="when-now"');
    const res = await w.portal.post(`/subscriptions/${w.sub.pid}/cancel`, {
      when: "now",
      reason: "",
      details: "",
      version: versionOf(form.html),
      offer_declined: "",
    });
    expect(res.location).toBe(`/subscriptions/${w.sub.pid}?done=canceled`);
    const row = await subRow(w);
    expect(row.canceledAt).not.toBeNull();
    expect(row.status).toBe("canceled");
    expect(await eventsOf(w.t, "subscription.deleted")).toHaveLength(1);
  });

  it("a retention coupon is offered before the final confirm; accepting it keeps the subscription with the coupon", async () => {
    const w = await portalSubscription({ ...ALL_ON, cancellationRetentionCoupon: "half" });
    const form = await w.portal.get(`/subscriptions/${w.sub.pid}/cancel`);
    const fields = { when: "period_end", reason: "unused", details: "", version: versionOf(form.html), offer_declined: "" };
    const offer = await w.portal.post(`/subscriptions/${w.sub.pid}/cancel`, fields);
    expect(offer.status).toBe(200);
    expect(offer.html).toContain("Before you go");
    expect((await subRow(w)).cancelAtPeriodEnd).toBe(false);
    const accept = await w.portal.post(`/subscriptions/${w.sub.pid}/retention`, { version: fields.version });
    expect(accept.location).toBe(`/subscriptions/${w.sub.pid}?done=offer_accepted`);
    const row = await subRow(w);
    expect(row.discounts.map((d) => d.id)).toEqual(["half"]);
    expect(row.cancelAtPeriodEnd).toBe(false);
  });

  it("declining the retention offer cancels as chosen", async () => {
    const w = await portalSubscription({ ...ALL_ON, cancellationRetentionCoupon: "half" });
    const form = await w.portal.get(`/subscriptions/${w.sub.pid}/cancel`);
    const res = await w.portal.post(`/subscriptions/${w.sub.pid}/cancel`, {
      when: "period_end",
      reason: "",
      details: "",
      version: versionOf(form.html),
      offer_declined: "yes",
    });
    expect(res.location).toBe(`/subscriptions/${w.sub.pid}?done=cancel_scheduled`);
    expect((await subRow(w)).cancelAtPeriodEnd).toBe(true);
  });

  it("pause and resume", async () => {
    const w = await portalSubscription();
    const page = await w.portal.get(`/subscriptions/${w.sub.pid}`);
    const pause = await w.portal.post(`/subscriptions/${w.sub.pid}/pause`, { version: versionOf(page.html) });
    expect(pause.location).toBe(`/subscriptions/${w.sub.pid}?done=paused`);
    expect((await subRow(w)).paused).toBe(true);
    const paused = await w.portal.get(`/subscriptions/${w.sub.pid}`);
    expect(paused.html).toContain("Resume subscription");
    const resume = await w.portal.post(`/subscriptions/${w.sub.pid}/resume`, { version: versionOf(paused.html) });
    expect(resume.location).toBe(`/subscriptions/${w.sub.pid}?done=resumed`);
    expect((await subRow(w)).paused).toBe(false);
    const types = (await eventsOf(w.t)).map((e) => e.type);
    expect(types).toContain("subscription.paused");
    expect(types).toContain("subscription.resumed");
  });
});

describe("edge states", () => {
  it("a trial cancelled 'at the period end' ends now: nothing was billed, so no period runs out", async () => {
    const w = await portalSubscription(ALL_ON, { sub: { start_date: Math.floor(Date.now() / 1000) + 7 * 86400 } });
    const before = (await invoicesNewestFirst(w)).length;
    const form = await w.portal.get(`/subscriptions/${w.sub.pid}/cancel`);
    expect(form.html).toContain("Before its first invoice");
    const res = await w.portal.post(`/subscriptions/${w.sub.pid}/cancel`, {
      when: "period_end",
      reason: "",
      details: "",
      version: versionOf(form.html),
      offer_declined: "",
    });
    expect(res.location).toBe(`/subscriptions/${w.sub.pid}?done=canceled`);
    expect((await subRow(w)).canceledAt).not.toBeNull();
    expect((await invoicesNewestFirst(w)).length).toBe(before);
  });

  it("past due shows Pay Now for the subscription's open invoice", async () => {
    const w = await portalSubscription();
    await w.t.scope.update(subscriptions, { pastDue: true, status: "past_due" }, eq(subscriptions.id, w.sub.id));
    const [inv] = await invoicesNewestFirst(w);
    const page = await w.portal.get(`/subscriptions/${w.sub.pid}`);
    expect(page.html).toContain("Past due");
    expect(page.html).toContain(`href="/pay?invoice=${inv!.publicId}"`);
  });
});
