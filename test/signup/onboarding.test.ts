import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers } from "../../src/db/schema";
import { eventsOf } from "../api/support";
import { form, newCustomersOf, signupTenant, submit, subscriptionsOf } from "./support";

/** The fixture's customer (Acme Corp, billing@acme.example) with its onboarding link. */
async function onboarding(page: Record<string, unknown> = {}) {
  const w = await signupTenant(page);
  const url = (await w.api.patch(`/customers/${w.customer.id}`, { sign_up_page: w.page.id, address1: "9 Elm St", phone: "+1 555 0100" })).body
    .sign_up_url as string;
  // the PATCH wrote its own customer.updated: the tests count the sign-up's from here
  const before = (await eventsOf(w.t, "customer.updated")).length;
  return { ...w, path: new URL(url).pathname, updatesBefore: before };
}

const customerOf = (w: Awaited<ReturnType<typeof onboarding>>) => w.t.scope.select(customers, eq(customers.id, w.customer.id)).get();

describe("An onboarding link updates its customer (issue 16.4)", () => {
  it("the edited name, phone and address are saved on that customer with customer.updated and previous; the email is not", async () => {
    const w = await onboarding();
    const page = await w.portal.get(w.path);
    // the email is shown, fixed: the link is a bearer link and must not move the account's sign-in (S25)
    expect(page.html).toMatch(/name="email" type="email" value="billing@acme.example"[^>]*readonly/);
    expect(page.html).toContain('value="+1 555 0100"');
    const { res } = await submit(
      w,
      form({ name: "Acme Corporation", email: "attacker@evil.example", phone: "+1 555 0199", address1: "10 New St", city: "Shelbyville", country: "CA" }),
      w.path,
    );
    expect(res.status, res.html.slice(0, 1500)).toBe(303);
    expect(await newCustomersOf(w)).toHaveLength(1);
    const after = await customerOf(w);
    expect(after).toMatchObject({
      name: "Acme Corporation",
      email: "billing@acme.example",
      phone: "+1 555 0199",
      address1: "10 New St",
      city: "Shelbyville",
      postalCode: "12345",
      country: "CA",
    });
    const all = await eventsOf(w.t, "customer.updated");
    expect(all).toHaveLength(w.updatesBefore + 1);
    const [updated] = all;
    expect(updated!.data).toMatchObject({
      object: { id: w.customer.id, name: "Acme Corporation", email: "billing@acme.example", address1: "10 New St" },
      previous: { name: "Acme Corp", address1: "9 Elm St", phone: "+1 555 0100", city: null },
    });
    expect((updated!.data as { previous: Record<string, unknown> }).previous).not.toHaveProperty("email");
    // the merchant's completion event shows the customer as it now is
    const [completed] = await eventsOf(w.t, "sign_up_page.completed");
    expect(completed!.data).toMatchObject({ id: w.customer.id, name: "Acme Corporation", sign_up_page: w.page.id });
    expect((await subscriptionsOf(w)).map((s) => s.customerId)).toEqual([w.customer.id]);
  });

  it("unchanged details write no customer.updated", async () => {
    const w = await onboarding({ billing_address: false });
    const { res } = await submit(
      w,
      form({ name: "Acme Corp", email: "billing@acme.example", phone: "+1 555 0100", address1: "9 Elm St", city: "", postal_code: "", country: "" }),
      w.path,
    );
    expect(res.status, res.html.slice(0, 1500)).toBe(303);
    expect(await eventsOf(w.t, "customer.updated")).toHaveLength(w.updatesBefore);
  });

  it("a declined card leaves the customer as it was: the update is in the sign-up's one batch", async () => {
    const w = await onboarding();
    const { res } = await submit(w, form({ name: "Acme Corporation", address1: "10 New St", card_number: "4000 0000 0000 0002" }), w.path);
    expect(res.status).toBe(422);
    expect(await customerOf(w)).toMatchObject({ name: "Acme Corp", address1: "9 Elm St" });
    expect(await eventsOf(w.t, "customer.updated")).toHaveLength(w.updatesBefore);
    expect(await subscriptionsOf(w)).toEqual([]);
  });
});
