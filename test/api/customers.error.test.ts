import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { API_ORIGIN } from "../helpers/api";
import { makeEstimate, makeInvoice, makePayment, makePaymentSource } from "../helpers/fixtures";
import { apiTenant } from "./support";

describe("customers: validation errors name the field", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["name is required", {}, "name", /name is required/],
    ["name must not be empty", { name: "  " }, "name", /must not be empty/],
    ["unknown field", { name: "A", website: "x" }, "website", /Unknown field: website/],
    ["email", { name: "A", email: "not-an-email" }, "email", /valid email/],
    ["country", { name: "A", country: "USA" }, "country", /two-letter ISO 3166/],
    ["currency", { name: "A", currency: "xyz" }, "currency", /ISO 4217/],
    ["type", { name: "A", type: "robot" }, "type", /company|person/],
    ["autopay type", { name: "A", autopay: "yes" }, "autopay", /boolean/],
    ["metadata values are strings", { name: "A", metadata: { a: 1 } }, "metadata.a", /string/],
    [
      "metadata at most 10 keys",
      { name: "A", metadata: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"])) },
      "metadata",
      /at most 10 keys/,
    ],
    ["read-only id", { name: "A", id: 5 }, "id", /cannot be set/],
    ["read-only payment_source", { name: "A", payment_source: { id: 1 } }, "payment_source", /cannot be set/],
    ["no such parent", { name: "A", parent_customer: 999999 }, "parent_customer", /No such customer/],
    ["inline contact needs a name", { name: "A", contacts: [{ email: "x@example.com" }] }, "contacts[0].name", /required/],
    [
      "one primary contact",
      {
        name: "A",
        contacts: [
          { name: "X", primary: true },
          { name: "Y", primary: true },
        ],
      },
      "contacts",
      /one contact can be primary/,
    ],
  ];
  for (const [what, body, param, message] of cases) {
    it(`400 for ${what}`, async () => {
      const { api } = await apiTenant();
      const res = await api.post("/customers", body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: "invalid_request_error", param });
      expect(res.body.message).toMatch(message);
    });
  }

  it("400 for a number already used, and nothing is created", async () => {
    const { api } = await apiTenant();
    await api.post("/customers", { name: "A", number: "C-1" });
    const res = await api.post("/customers", { name: "B", number: "C-1" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ param: "number", message: "A customer with number C-1 already exists" });
    expect((await api.get("/customers")).headers.get("X-Total-Count")).toBe("1");
  });

  it("400 when a customer would become its own ancestor", async () => {
    const { api } = await apiTenant();
    const a = (await api.post("/customers", { name: "A" })).body;
    const b = (await api.post("/customers", { name: "B", parent_customer: a.id })).body;
    for (const parent of [a.id, b.id]) {
      const res = await api.patch(`/customers/${a.id}`, { parent_customer: parent });
      expect(res.status).toBe(400);
      expect(res.body.param).toBe("parent_customer");
    }
  });

  it("refuses contacts on update (they have their own endpoint)", async () => {
    const { api } = await apiTenant();
    const a = (await api.post("/customers", { name: "A" })).body;
    const res = await api.patch(`/customers/${a.id}`, { contacts: [] });
    expect(res).toMatchObject({ status: 400, body: { param: "contacts" } });
  });

  it("415 for a body that is not JSON, 400 for malformed JSON", async () => {
    const { t } = await apiTenant();
    const auth = `Basic ${btoa(`${t.apiKey}:`)}`;
    const form = await exports.default.fetch(`${API_ORIGIN}/customers`, {
      method: "POST",
      headers: { Authorization: auth, "Content-Type": "application/x-www-form-urlencoded" },
      body: "name=A",
    });
    expect(form.status).toBe(415);
    const bad = await exports.default.fetch(`${API_ORIGIN}/customers`, {
      method: "POST",
      headers: { Authorization: auth, "Content-Type": "application/json" },
      body: "{name:",
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { type: string }).type).toBe("invalid_request_error");
  });

  it("400 for bad list parameters", async () => {
    const { api } = await apiTenant();
    for (const [q, param] of [
      ["per_page=101", "per_page"],
      ["page=0", "page"],
      ["sort=balance", "sort"],
      ["filter[website]=x", "filter[website]"],
      ["filter[active]=maybe", "filter[active]"],
      ["colour=red", "colour"],
    ]) {
      const res = await api.get(`/customers?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.param, q).toBe(param);
    }
  });
});

describe("customers: deleting a customer with records is a 409 and deletes nothing", () => {
  const blockers: [string, (t: Awaited<ReturnType<typeof apiTenant>>["t"], id: number) => Promise<unknown>, RegExp][] = [
    ["invoices", (t, id) => makeInvoice(t.scope, id), /1 invoice/],
    ["estimates", (t, id) => makeEstimate(t.scope, id), /1 estimate/],
    ["payments", (t, id) => makePayment(t.scope, id), /1 payment/],
    ["saved payment methods", (t, id) => makePaymentSource(t.scope, id), /1 saved payment method/],
  ];
  for (const [what, make, message] of blockers) {
    it(`with ${what}`, async () => {
      const { t, api } = await apiTenant();
      const c = (await api.post("/customers", { name: "Has records", contacts: [{ name: "Kept" }] })).body;
      await make(t, c.id);
      const res = await api.delete(`/customers/${c.id}`);
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(message);
      expect(res.body.message).toMatch(/active to false/);
      expect((await api.get(`/customers/${c.id}`)).status).toBe(200);
      expect((await api.get(`/customers/${c.id}/contacts`)).body).toHaveLength(1);
    });
  }

  it("with sub-customers", async () => {
    const { api } = await apiTenant();
    const parent = (await api.post("/customers", { name: "P" })).body;
    await api.post("/customers", { name: "C", parent_customer: parent.id });
    const res = await api.delete(`/customers/${parent.id}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/1 sub-customer/);
  });
});
