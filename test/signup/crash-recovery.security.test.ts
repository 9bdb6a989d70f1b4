import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { findSignUpPage } from "../../src/db/queries/sign-up-pages";
import { findOwnTenant } from "../../src/db/queries/tenant-settings";
import { paymentAttempts, signUpSubmissions } from "../../src/db/schema";
import { nowSeconds } from "../../src/lib/time";
import { tenantMailer } from "../../src/services/email";
import { getGateway, type PaymentGateway } from "../../src/services/gateways";
import { readSignupForm } from "../../src/services/signup/choice";
import { SIGNUP_LEASE } from "../../src/services/signup/finish";
import { submitSignup } from "../../src/services/signup/submit";
import { sweepSignups } from "../../src/services/signup/sweep";
import { fakeStripe } from "../helpers/stripe-fake";
import { madeBy, paymentsOf, stripeSignupTenant, toCheckout } from "./stripe-support";
import { form, invoicesOf, type SignupWorld, signupTenant, submissionsOf } from "./support";

afterEach(() => vi.restoreAllMocks());

/**
 * The crash window of a sign-up (issue 16.3): a worker that dies after the charge and
 * before the write. The claim says `charging` (with the charge's idempotency key, the
 * claim's) before the charge; past its lease the hourly sweep or a second post of the
 * same form finishes it with the same key: one customer, one subscription, one charge.
 * (Isolated: the sweep reads every tenant's claims.)
 */

/** The deps a live request would build, with `gateway` in place of the tenant's. */
async function depsOf(w: SignupWorld, gateway: PaymentGateway, now: number) {
  const tenant = (await findOwnTenant(w.t.scope))!;
  return { scope: w.t.scope, tenant, gateway, mailer: tenantMailer(env, w.t.scope), portalOrigin: w.t.origin, now, who: { actor: "customer" as const } };
}

/** A gateway that charges, then dies before answering (the worker is gone), counting what it sent. */
function dyingAfterCharge(real: PaymentGateway, sent: string[]): PaymentGateway {
  return {
    ...real,
    charge: async (req) => {
      const r = await real.charge(req);
      sent.push(`${req.idempotencyKey}:${r.providerRef}`);
      throw new Error("the worker died after the charge");
    },
  } as PaymentGateway;
}

/** A sign-up posted once, whose worker died right after the test gateway's charge. */
async function diedAfterCharge() {
  const w = await signupTenant();
  const now = nowSeconds();
  const page = (await findSignUpPage(w.t.scope, w.page.id))!;
  const real = await getGateway((await findOwnTenant(w.t.scope))!, env, { now: () => now });
  const sent: string[] = [];
  const f = readSignupForm({ ...form({ plan: "pro" }), form_token: `crash-${crypto.randomUUID()}` });
  await expect(submitSignup(await depsOf(w, dyingAfterCharge(real, sent), now), page, f, "browser")).rejects.toThrow("worker died");
  return { w, now, page, real, sent, f };
}

describe("A sign-up whose worker died between charge and write", () => {
  it("is finished once by the hourly sweep after the lease: one customer, one subscription, the same single charge", async () => {
    const { w, now, page, real, sent, f } = await diedAfterCharge();
    expect(sent).toHaveLength(1);
    const [claim] = await submissionsOf(w, w.page.id);
    expect(claim).toMatchObject({ status: "pending", stage: "charging", stageAt: now });
    expect((claim!.pending as { source: { gatewayToken: string } | null }).source?.gatewayToken).toMatch(/^tok_test_/);
    expect((await madeBy(w)).customers).toEqual([]);

    // a second post of the same form within the lease: the holder may still be alive, nothing is done
    const counted: string[] = [];
    const counting = {
      ...real,
      charge: async (req) => {
        counted.push(req.idempotencyKey);
        return real.charge(req);
      },
    } as PaymentGateway;
    const again = await submitSignup(await depsOf(w, counting, now + 60), page, f, "browser");
    expect(again.kind).toBe("duplicate");
    expect(counted).toEqual([]);
    // the sweep before the lease has run out leaves it alone
    expect(await sweepSignups(env, now + SIGNUP_LEASE - 1)).toMatchObject({ finished: 0 });
    expect((await madeBy(w)).customers).toEqual([]);

    const counts = await sweepSignups(env, now + SIGNUP_LEASE + 1);
    expect(counts.finished).toBeGreaterThanOrEqual(1);
    const m = await madeBy(w);
    expect(m.customers).toHaveLength(1);
    expect(m.subs).toHaveLength(1);
    expect(m.sources).toHaveLength(1);
    // one payment, and it is the very charge the dead worker made (the same key gave the same charge)
    const paid = await paymentsOf(w, m.customers[0]!.id);
    expect(paid.map((p) => p.amount)).toEqual([7200]);
    const attempt = await w.t.scope.select(paymentAttempts, eq(paymentAttempts.id, `signup_${claim!.id}`)).get();
    expect(attempt).toMatchObject({ status: "succeeded", paymentId: paid[0]!.id });
    expect(`signup_${claim!.id}:${attempt!.providerRef}`).toBe(sent[0]);
    expect(await submissionsOf(w, w.page.id)).toMatchObject([{ status: "completed", stage: "billed" }]);

    // and again: nothing more
    await sweepSignups(env, now + 3 * SIGNUP_LEASE);
    expect((await madeBy(w)).customers).toHaveLength(1);
    expect(await paymentsOf(w, m.customers[0]!.id)).toHaveLength(1);
  });

  it("two sweeps and a second post of the form, all at once after the lease: one customer, one subscription, one payment", async () => {
    const { w, now, page, real, f } = await diedAfterCharge();

    const later = now + SIGNUP_LEASE + 1;
    const results = await Promise.allSettled([
      sweepSignups(env, later),
      sweepSignups(env, later),
      submitSignup(await depsOf(w, real, later), page, f, "browser"),
    ]);
    // each may find the claim taken by another; none may fail
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    const m = await madeBy(w);
    expect(m.customers).toHaveLength(1);
    expect(m.subs).toHaveLength(1);
    const paid = await paymentsOf(w, m.customers[0]!.id);
    expect(paid.map((p) => p.amount)).toEqual([7200]);
    expect(await invoicesOf(w)).toHaveLength(1);
    expect(await submissionsOf(w, w.page.id)).toMatchObject([{ status: "completed", stage: "billed" }]);
  });

  it("Stripe: the charge went through but its answer was lost; the form posted again after the lease finishes it with the same PaymentIntent", async () => {
    const stripe = fakeStripe();
    const w = await stripeSignupTenant();
    const c = await toCheckout(stripe, w);
    // the charge reaches Stripe and its answer never comes back (the SDK's retry too, if it makes one)
    stripe.control.dropPath = "/v1/payment_intents";
    stripe.control.dropAnswers = 2;
    const back = await w.portal.get(c.returnPath);
    expect(back.status).toBe(503);
    stripe.control.dropAnswers = 0;
    const [claim] = await submissionsOf(w, w.page.id);
    expect(claim).toMatchObject({ status: "pending", stage: "charging" });
    expect((await madeBy(w)).customers).toEqual([]);
    // within the lease the return page does nothing (its holder may be alive)
    expect((await w.portal.get(c.returnPath)).status).toBe(409);

    // the lease runs out
    await w.t.scope.db
      .update(signUpSubmissions)
      .set({ stageAt: sql`${signUpSubmissions.stageAt} - ${SIGNUP_LEASE + 1}` })
      .where(eq(signUpSubmissions.id, claim!.id));
    const res = await w.portal.post(`/pages/${w.page.id}`, { ...c.fields, form_token: c.token });
    expect(res.status, /class="error[^"]*"[^>]*>([^<]*)</.exec(res.html)?.[1] ?? res.html.match(/role="alert"[^>]*>.{0,300}/)?.[0]).toBe(303);
    expect(res.location).toBe(`/pages/${w.page.id}/thanks`);
    const m = await madeBy(w);
    expect(m.customers).toHaveLength(1);
    expect(m.subs).toHaveLength(1);
    expect(m.paid).toHaveLength(1);
    const charges = stripe.callsTo("POST", "/v1/payment_intents");
    expect(charges.length).toBeGreaterThanOrEqual(2);
    expect(new Set(charges.map((x) => x.idempotencyKey))).toEqual(new Set([`signup_${claim!.id}`]));
    expect(m.paid[0]!.amount).toBe(3600);
  });

  it("a retried charge that is declined gives the claim back and makes nothing", async () => {
    const stripe = fakeStripe({ paymentMethod: "pm_card_chargeDeclined" });
    const w = await stripeSignupTenant();
    const c = await toCheckout(stripe, w);
    stripe.control.dropPath = "/v1/payment_intents";
    stripe.control.dropAnswers = 2;
    expect((await w.portal.get(c.returnPath)).status).toBe(503);
    stripe.control.dropAnswers = 0;
    const [claim] = await submissionsOf(w, w.page.id);
    expect(claim).toMatchObject({ stage: "charging" });
    const now = claim!.stageAt!;
    expect(await sweepSignups(env, now + SIGNUP_LEASE + 1)).toMatchObject({ declined: 1 });
    expect(await submissionsOf(w, w.page.id)).toEqual([]);
    expect((await madeBy(w)).customers).toEqual([]);
  });

  it("Stripe: the tab closed on Stripe's page and the webhook never came: the sweep finishes the sign-up an hour later", async () => {
    const stripe = fakeStripe();
    const w = await stripeSignupTenant();
    const c = await toCheckout(stripe, w);
    const [claim] = await submissionsOf(w, w.page.id);
    expect(claim).toMatchObject({ stage: "checkout" });
    expect(await sweepSignups(env, claim!.stageAt! + 60)).toMatchObject({ finished: 0 });
    expect((await madeBy(w)).customers).toEqual([]);
    await sweepSignups(env, claim!.stageAt! + 3601);
    const m = await madeBy(w);
    expect(m.customers).toHaveLength(1);
    expect(m.subs).toHaveLength(1);
    expect(m.paid).toHaveLength(1);
    expect((await w.portal.get(c.returnPath)).location).toBe(`/pages/${w.page.id}/thanks`);
    expect(stripe.callsTo("POST", "/v1/payment_intents")).toHaveLength(1);
  });

  it("a worker that died after the write, before the end of the first invoice's bookkeeping: the sweep redoes it without a second payment and forgets the pending details", async () => {
    const w = await signupTenant();
    const now = nowSeconds();
    const page = (await findSignUpPage(w.t.scope, w.page.id))!;
    const gw = await getGateway((await findOwnTenant(w.t.scope))!, env, { now: () => now });
    const deps = await depsOf(w, gw, now);
    const dead = { ...deps, mailer: { send: async () => Promise.reject(new Error("the worker died before the mail")) } } as typeof deps;
    const f = readSignupForm({ ...form(), form_token: `crash-${crypto.randomUUID()}` });
    await expect(submitSignup(dead, page, f, "browser")).rejects.toThrow("worker died");
    const [claim] = await submissionsOf(w, w.page.id);
    expect(claim).toMatchObject({ status: "completed", stage: "written" });
    await sweepSignups(env, now + SIGNUP_LEASE + 1);
    const m = await madeBy(w);
    expect(m.customers).toHaveLength(1);
    expect(m.subs).toHaveLength(1);
    expect((await paymentsOf(w, m.customers[0]!.id)).map((p) => p.amount)).toEqual([3600]);
    expect((await invoicesOf(w)).filter((i) => i.customerId === m.customers[0]!.id)).toMatchObject([{ balance: 0, paid: true }]);
    expect(await submissionsOf(w, w.page.id)).toMatchObject([{ stage: "billed", pending: null }]);
  });
});
