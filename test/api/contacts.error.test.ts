import { describe, expect, it } from "vitest";
import { apiTenant } from "./support";

describe("contacts: validation errors name the field", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["name is required", { email: "a@example.com" }, "name", /name is required/],
    ["email", { name: "A", email: "nope" }, "email", /valid email/],
    ["country", { name: "A", country: "Narnia" }, "country", /ISO 3166/],
    ["unknown field", { name: "A", sms_enabled: true }, "sms_enabled", /Unknown field/],
    ["read-only customer", { name: "A", customer: 5 }, "customer", /cannot be set/],
    ["primary must be boolean", { name: "A", primary: "yes" }, "primary", /boolean/],
    ["name too long", { name: "x".repeat(256) }, "name", /at most 255/],
  ];
  for (const [what, body, param, message] of cases) {
    it(`400 for ${what}`, async () => {
      const { api } = await apiTenant();
      const customer = (await api.post("/customers", { name: "Acme" })).body;
      const res = await api.post(`/customers/${customer.id}/contacts`, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: "invalid_request_error", param });
      expect(res.body.message).toMatch(message);
      expect((await api.get(`/customers/${customer.id}/contacts`)).body).toEqual([]);
    });
  }

  it("400 on update keeps the contact as it was", async () => {
    const { api } = await apiTenant();
    const customer = (await api.post("/customers", { name: "Acme", contacts: [{ name: "Kept", email: "kept@example.com" }] })).body;
    const contact = (await api.get(`/customers/${customer.id}/contacts`)).body[0];
    const res = await api.patch(`/customers/${customer.id}/contacts/${contact.id}`, { email: "broken", name: "Changed" });
    expect(res).toMatchObject({ status: 400, body: { param: "email" } });
    expect((await api.get(`/customers/${customer.id}/contacts/${contact.id}`)).body).toMatchObject({ name: "Kept", email: "kept@example.com" });
  });

  it("404 for a contact of a customer that does not exist", async () => {
    const { api } = await apiTenant();
    expect((await api.get("/customers/424242/contacts")).status).toBe(404);
    expect((await api.post("/customers/424242/contacts", { name: "A" })).status).toBe(404);
  });
});
