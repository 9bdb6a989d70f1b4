import { describe, expect, it } from "vitest";
import { invoices, lineItems } from "../../src/db/schema";
import { publicId } from "../../src/lib/random";
import { nowSeconds } from "../../src/lib/time";
import { apiClient } from "../helpers/api";
import { makeCustomer } from "../helpers/fixtures";
import { makeTenant } from "../helpers/tenants";

// A full page of the API's largest size (per_page=100) with its lines: D1 refuses
// statements with more than 100 bound parameters, so the lines of 100 documents
// cannot be read with 100 ids plus the tenant as separate parameters (issue 7 found
// GET /invoices?per_page=100 answering 500 once a tenant had 100 invoices).
describe("API lists: a full page of 100", () => {
  it("GET /invoices?per_page=100 lists 100 invoices of 101, each with its lines", async () => {
    const t = await makeTenant();
    const c = await makeCustomer(t.scope);
    const now = nowSeconds();
    const rows = Array.from({ length: 101 }, (_, i) => ({
      publicId: publicId(),
      customerId: c.id,
      number: `INV-${String(i).padStart(4, "0")}`,
      currency: "usd",
      status: "sent" as const,
      date: now - i,
      subtotal: 1000 + i,
      total: 1000 + i,
      balance: 1000 + i,
      createdAt: now,
      updatedAt: now,
    }));
    // inserted in groups: one statement may bind at most 100 parameters
    const made: { id: number }[] = [];
    for (let i = 0; i < rows.length; i += 4) {
      made.push(...(await t.scope.insertMany(invoices, rows.slice(i, i + 4)).returning({ id: invoices.id })));
    }
    for (let i = 0; i < made.length; i += 5) {
      await t.scope.insertMany(
        lineItems,
        made.slice(i, i + 5).map((m, j) => ({ invoiceId: m.id, position: 0, name: `Line of ${i + j}`, quantityE4: 10000, unitCost: 1000, amount: 1000 })),
      );
    }
    const res = await apiClient(t.apiKey).get("/invoices?per_page=100");
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(100);
    expect(res.headers.get("X-Total-Count")).toBe("101");
    expect(res.body.every((inv: { items: unknown[] }) => inv.items.length === 1)).toBe(true);
  });
});
