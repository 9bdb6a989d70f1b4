import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers } from "../../src/db/schema";
import { makePaymentSource } from "../helpers/fixtures";
import { apiTenant, eventsOf } from "./support";

const ACME = {
  name: "Acme Corporation",
  number: "CUST-0100",
  email: "billing@acme.example",
  type: "company",
  attention_to: "Accounts Payable",
  address1: "100 Market Street",
  address2: "Floor 3",
  city: "San Francisco",
  state: "CA",
  postal_code: "94105",
  country: "us",
  phone: "+1 415 555 0100",
  language: "EN",
  currency: "USD",
  autopay: true,
  payment_terms: "NET 30",
  tax_id: "94-1234567",
  taxable: false,
  notes: "Key account",
  metadata: { crm_id: "42" },
};

describe("customers: create, retrieve, update, list, delete", () => {
  it("creates a customer with every field and answers Invoiced's customer object", async () => {
    const { t, api } = await apiTenant();
    const res = await api.post("/customers", ACME);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      object: "customer",
      name: "Acme Corporation",
      number: "CUST-0100",
      country: "US",
      language: "en",
      currency: "usd",
      autopay: true,
      taxable: false,
      active: true,
      payment_source: null,
      parent_customer: null,
      metadata: { crm_id: "42" },
    });
    expect(Number.isInteger(res.body.id)).toBe(true);
    expect(res.body.created_at).toBeGreaterThan(1_700_000_000);
    expect(res.body.updated_at).toBe(res.body.created_at);

    const got = await api.get(`/customers/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);

    const [event] = await eventsOf(t, "customer.created");
    expect(event).toMatchObject({ actor: "api", objectType: "customer", objectId: String(res.body.id), customerId: res.body.id });
    // the event carries the customer exactly as the API returns it (webhooks and GET /events show it)
    expect(event!.data).toEqual({ object: res.body });
  });

  it("numbers customers CUST-00001, CUST-00002 when no number is given, above any numbered one", async () => {
    const { api } = await apiTenant();
    expect((await api.post("/customers", { name: "A" })).body.number).toBe("CUST-00001");
    expect((await api.post("/customers", { name: "B", number: "CUST-00041" })).body.number).toBe("CUST-00041");
    expect((await api.post("/customers", { name: "C" })).body.number).toBe("CUST-00042");
  });

  it("creates contacts given inline, in the same request", async () => {
    const { api } = await apiTenant();
    const res = await api.post("/customers", {
      name: "Globex",
      contacts: [
        { name: "Hank Scorpio", email: "hank@globex.example", primary: true },
        { name: "Frank Grimes", title: "Accountant", department: "Finance" },
      ],
    });
    expect(res.status).toBe(201);
    const list = await api.get(`/customers/${res.body.id}/contacts`);
    expect(list.body.map((c: { name: string; primary: boolean; customer: number }) => [c.name, c.primary, c.customer])).toEqual([
      ["Hank Scorpio", true, res.body.id],
      ["Frank Grimes", false, res.body.id],
    ]);
  });

  it("updates only the fields given; null and empty strings clear optional fields", async () => {
    const { t, api } = await apiTenant();
    const { body: c } = await api.post("/customers", ACME);
    const res = await api.patch(`/customers/${c.id}`, { name: "Acme Corp", address2: null, notes: "", metadata: { tier: "gold" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "Acme Corp", address2: null, notes: null, city: "San Francisco", metadata: { tier: "gold" } });
    const [event] = await eventsOf(t, "customer.updated");
    expect(event!.data).toMatchObject({ fields: ["name", "address2", "notes", "metadata"] });
    // the customer as the API returned it, and the changed fields' old values
    expect(event!.data.object).toEqual(res.body);
    expect(event!.data.previous).toEqual({ name: c.name, address2: c.address2, notes: c.notes, metadata: c.metadata });
  });

  it("sets and clears a parent customer", async () => {
    const { api } = await apiTenant();
    const parent = (await api.post("/customers", { name: "Parent" })).body;
    const child = (await api.post("/customers", { name: "Child", parent_customer: parent.id })).body;
    expect(child.parent_customer).toBe(parent.id);
    expect((await api.patch(`/customers/${child.id}`, { parent_customer: null })).body.parent_customer).toBeNull();
  });

  it("shows the default payment method as payment_source", async () => {
    const { t, api } = await apiTenant();
    const { body: c } = await api.post("/customers", { name: "Card holder" });
    const src = await makePaymentSource(t.scope, c.id, { brand: "Visa", last4: "4242", expMonth: 4, expYear: 2031 });
    await t.scope.update(customers, { defaultPaymentSourceId: src.id }, eq(customers.id, c.id));
    const got = await api.get(`/customers/${c.id}`);
    expect(got.body.payment_source).toEqual({ id: src.id, object: "card", brand: "Visa", last4: "4242", exp_month: 4, exp_year: 2031 });
    expect((await api.get("/customers")).body[0].payment_source.id).toBe(src.id);
  });

  it("lists customers with filters and sort", async () => {
    const { api } = await apiTenant();
    await api.post("/customers", { name: "Bravo", email: "Bravo@Example.com", type: "person" });
    await api.post("/customers", { name: "Alpha", active: false });
    await api.post("/customers", { name: "Charlie", currency: "eur" });
    const names = async (q: string) => (await api.get(`/customers${q}`)).body.map((c: { name: string }) => c.name);
    expect(await names("")).toEqual(["Bravo", "Alpha", "Charlie"]);
    expect(await names("?sort=name")).toEqual(["Alpha", "Bravo", "Charlie"]);
    expect(await names("?sort=name%20desc")).toEqual(["Charlie", "Bravo", "Alpha"]);
    expect(await names("?filter[active]=false")).toEqual(["Alpha"]);
    expect(await names("?filter[email]=bravo@example.com")).toEqual(["Bravo"]);
    expect(await names("?filter[type]=person")).toEqual(["Bravo"]);
    expect(await names("?filter[currency]=EUR")).toEqual(["Charlie"]);
  });

  it("deletes a customer without records, with its contacts, and answers 204", async () => {
    const { t, api } = await apiTenant();
    const { body: c } = await api.post("/customers", { name: "Short-lived", contacts: [{ name: "X" }] });
    const res = await api.delete(`/customers/${c.id}`);
    expect(res.status).toBe(204);
    expect((await api.get(`/customers/${c.id}`)).status).toBe(404);
    expect((await api.get(`/customers/${c.id}/contacts`)).status).toBe(404);
    expect((await eventsOf(t, "customer.deleted"))[0]!.objectId).toBe(String(c.id));
    // the customer as it was, for receivers that need to know what went
    expect((await eventsOf(t, "customer.deleted"))[0]!.data).toEqual({ object: c });
  });
});
