import { describe, expect, it } from "vitest";
import { makeCustomer, makeEstimate, makePayment, makePaymentSource } from "../helpers/fixtures";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";
import { makeInvoice, signedIn } from "../invoices/helpers";

describe("My Account: security", () => {
  it("S31: shows nothing of another customer of the same tenant or of another tenant", async () => {
    const { t, portal } = await signedIn();
    const sibling = await makeCustomer(t.scope, { name: "Sibling Corp" });
    await makeInvoice(t.scope, sibling.id, {}, [{ unitCost: 777777 }]);
    await makeEstimate(t.scope, sibling.id);
    await makePayment(t.scope, sibling.id, { amount: 888888 });
    await makePaymentSource(t.scope, sibling.id, { brand: "Discover", last4: "1117", expMonth: 1, expYear: 2020 });
    const b = await makeTenant();
    const foreign = await makeCustomer(b.scope);
    await makeInvoice(b.scope, foreign.id, {}, [{ unitCost: 666666 }]);
    const html = (await portal.get("/account")).html;
    for (const s of ["$7,777.77", "$8,888.88", "$6,666.66", "Discover", "1117", "Sibling Corp"]) expect(html).not.toContain(s);
    expect(html).toContain("You owe nothing right now.");
    expect(html).toContain("0 open estimates");
  });

  it("signed out, /account sends to sign in", async () => {
    const t = await makeTenant();
    const res = await new PortalClient(t.origin).get("/account");
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/login/);
  });

  it("is never cached", async () => {
    const { portal } = await signedIn();
    const res = await portal.get("/account");
    expect(res.headers.get("Cache-Control")).toContain("no-store");
  });
});
