import { describe, expect, it } from "vitest";
import { publicId } from "../../src/lib/random";
import { apiClient } from "../helpers/api";
import { makeCustomer } from "../helpers/fixtures";
import { makeTenant } from "../helpers/tenants";

// S32: the ids in portal URLs cannot be guessed from one another. The check that
// matters is S31 (a foreign id is a 404); this is the defence behind it.
const PUBLIC_ID = /^[A-Za-z0-9]{20}$/;

describe("S32: public ids in portal URLs are random, not counters", () => {
  it("10,000 draws are 20 alphanumerics and all different", () => {
    const ids = Array.from({ length: 10_000 }, () => publicId());
    for (const id of ids) expect(id).toMatch(PUBLIC_ID);
    expect(new Set(ids).size).toBe(10_000);
  });

  it("documents created one after another through the API get unrelated ids in their portal URLs", async () => {
    const t = await makeTenant();
    const api = apiClient(t.apiKey);
    const cust = await makeCustomer(t.scope, { currency: "usd" });
    const made = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.post("/invoices", { customer: cust.id, items: [{ name: "Work", quantity: 1, unit_cost: 10 }] });
      expect(res.status).toBe(201);
      made.push(res.body as { id: number; public_id: string; url: string });
    }
    for (const doc of made) {
      expect(doc.public_id).toMatch(PUBLIC_ID);
      expect(doc.url).toBe(`${t.origin}/invoices/${doc.public_id}`);
      expect(doc.url).not.toContain(`/${doc.id}`);
    }
    const ids = made.map((d) => d.public_id);
    expect(new Set(ids).size).toBe(3);
    // consecutive documents share no long prefix, as counters or timestamps would
    for (let i = 1; i < ids.length; i++) expect(ids[i]!.slice(0, 6)).not.toBe(ids[i - 1]!.slice(0, 6));
  });
});
