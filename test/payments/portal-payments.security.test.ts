import { describe, expect, it } from "vitest";
import { makeCustomer, makePayment } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";
import { signedIn } from "../invoices/helpers";

describe("payments and receipts: security", () => {
  it("S31: another customer's receipt is a 404, in this tenant or another", async () => {
    const { t, portal } = await signedIn();
    const sibling = await makeCustomer(t.scope);
    const theirs = await makePayment(t.scope, sibling.id);
    const b = await makeTenant();
    const foreign = await makePayment(b.scope, (await makeCustomer(b.scope)).id);
    expect((await portal.get(`/payments/${theirs.publicId}/pdf`)).status).toBe(404);
    expect((await portal.get(`/payments/${foreign.publicId}/pdf`)).status).toBe(404);
  });

  it("S31: the list shows only the signed-in customer's payments", async () => {
    const { t, cust, portal } = await signedIn();
    await makePayment(t.scope, cust.id, { amount: 1234 });
    await makePayment(t.scope, (await makeCustomer(t.scope)).id, { amount: 5678 });
    const h = (await portal.get("/payments")).html;
    expect(h).toContain("$12.34");
    expect(h).not.toContain("$56.78");
  });

  it("signed out, the list and receipts send to sign in, even on a tenant without required sign-in", async () => {
    const t = await makeTenant({ requireAuthentication: false });
    const p = await makePayment(t.scope, (await makeCustomer(t.scope)).id);
    const visitor = new PortalClient(t.origin);
    for (const path of ["/payments", `/payments/${p.publicId}/pdf`]) {
      const res = await visitor.get(path);
      expect(res.status, path).toBe(303);
      expect(res.location).toMatch(/^\/login/);
    }
  });
});
