import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { payments } from "../../src/db/schema";
import { PortalClient } from "../helpers/portal";
import { form, invoicesOf, newCustomersOf, signupTenant, submissionsOf, subscriptionsOf } from "./support";

/**
 * One form token gives one subscription however often, and however simultaneously,
 * it is posted (a double-clicked sign-up is a known bug of peers); different visitors
 * at once each get their own (S25: and only the submitting browser reaches the result).
 */
describe("Sign-up submissions at once", () => {
  it("20 concurrent posts of one form: one customer, one subscription, one charge", async () => {
    const w = await signupTenant();
    const page = await w.portal.get(`/pages/${w.page.id}`);
    const token = /name="form_token" value="([^"]+)"/.exec(page.html)![1]!;
    const fields = { ...form({ plan: "pro" }), form_token: token };
    const results = await Promise.all(Array.from({ length: 20 }, () => w.portal.post(`/pages/${w.page.id}`, fields)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 303).length, statuses.join(",")).toBeGreaterThanOrEqual(1);
    expect(
      statuses.every((s) => s === 303 || s === 409),
      statuses.join(","),
    ).toBe(true);
    const made = (await newCustomersOf(w)).filter((c) => c.id !== w.customer.id);
    expect(made).toHaveLength(1);
    expect(await subscriptionsOf(w)).toHaveLength(1);
    expect(await invoicesOf(w)).toHaveLength(1);
    expect(await w.t.scope.select(payments, eq(payments.customerId, made[0]!.id)).all()).toHaveLength(1);
    expect(await submissionsOf(w, w.page.id)).toHaveLength(1);
  });

  it("20 different visitors at once: 20 customers and 20 subscriptions", async () => {
    const w = await signupTenant();
    const visitors = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const v = new PortalClient(w.t.origin);
        const page = await v.get(`/pages/${w.page.id}`);
        const token = /name="form_token" value="([^"]+)"/.exec(page.html)![1]!;
        return {
          v,
          fields: { ...form({ email: `visitor-${i}-${crypto.randomUUID().slice(0, 6)}@example.com` }), form_token: token },
          ip: `198.51.100.${i + 1}`,
        };
      }),
    );
    const results = await Promise.all(visitors.map(({ v, fields, ip }) => v.post(`/pages/${w.page.id}`, fields, { headers: { "CF-Connecting-IP": ip } })));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(303));
    expect((await newCustomersOf(w)).filter((c) => c.id !== w.customer.id)).toHaveLength(20);
    expect(await subscriptionsOf(w)).toHaveLength(20);
    const customersOfSubs = new Set((await subscriptionsOf(w)).map((s) => s.customerId));
    expect(customersOfSubs.size).toBe(20);
  });
});
