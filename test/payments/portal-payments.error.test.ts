import { describe, expect, it } from "vitest";
import { makePayment } from "../helpers/fixtures";
import { signedIn } from "../invoices/helpers";

describe("payments list and receipts: bad input", () => {
  it("a page that is not a number shows the first page; one past the end says so", async () => {
    const { t, cust, portal } = await signedIn();
    await makePayment(t.scope, cust.id, { amount: 4321 });
    for (const page of ["abc", "-3", "0", "1.5", "1e99", "99999999999"]) {
      const res = await portal.get(`/payments?page=${encodeURIComponent(page)}`);
      expect(res.status, page).toBe(200);
      expect(res.html, page).toContain("$43.21");
    }
    const past = await portal.get("/payments?page=50");
    expect(past.status).toBe(200);
    expect(past.html).toContain("There is no page 50: your payments fill 1 page.");
    expect(past.html).toContain('href="/payments"');
  });

  it("a receipt for an unknown or malformed id is the plain 404", async () => {
    const { portal } = await signedIn();
    for (const id of ["nothinghere0000", "x", "bad-chars-here!!"]) {
      expect((await portal.get(`/payments/${encodeURIComponent(id)}/pdf`)).status, id).toBe(404);
    }
  });

  it("only settled payments have a receipt: pending, failed and voided are a 404", async () => {
    const { t, cust, portal } = await signedIn();
    for (const status of ["pending", "failed", "voided"] as const) {
      const p = await makePayment(t.scope, cust.id, { status });
      expect((await portal.get(`/payments/${p.publicId}/pdf`)).status, status).toBe(404);
    }
  });
});
