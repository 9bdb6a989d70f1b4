import { describe, expect, it } from "vitest";
import { apiTenant, eventsOf } from "./support";

describe("contacts: a sub-resource of customers", () => {
  it("creates, retrieves, updates, lists and deletes a contact", async () => {
    const { t, api } = await apiTenant();
    const customer = (await api.post("/customers", { name: "Acme" })).body;
    const base = `/customers/${customer.id}/contacts`;

    const created = await api.post(base, {
      name: "Wile E. Coyote",
      title: "Head of Procurement",
      email: "wile@acme.example",
      phone: "+1 415 555 0101",
      primary: true,
      department: "Procurement",
      address1: "1 Desert Road",
      city: "Phoenix",
      state: "AZ",
      postal_code: "85001",
      country: "US",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ object: "contact", customer: customer.id, name: "Wile E. Coyote", primary: true, country: "US" });
    expect(Number.isInteger(created.body.id)).toBe(true);

    expect((await api.get(`${base}/${created.body.id}`)).body).toEqual(created.body);

    const updated = await api.patch(`${base}/${created.body.id}`, { title: "CFO", phone: null });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ title: "CFO", phone: null, email: "wile@acme.example" });

    const list = await api.get(base);
    expect(list.body).toEqual([updated.body]);
    expect(list.headers.get("X-Total-Count")).toBe("1");

    expect((await api.delete(`${base}/${created.body.id}`)).status).toBe(204);
    expect((await api.get(`${base}/${created.body.id}`)).status).toBe(404);

    const types = (await eventsOf(t)).map((e) => [e.type, e.objectId]).filter(([type]) => type!.startsWith("contact."));
    const id = String(created.body.id);
    expect(types).toEqual([
      ["contact.deleted", id],
      ["contact.updated", id],
      ["contact.created", id],
    ]);
  });

  it("keeps at most one primary contact", async () => {
    const { api } = await apiTenant();
    const customer = (await api.post("/customers", { name: "Acme", contacts: [{ name: "First", primary: true }] })).body;
    const base = `/customers/${customer.id}/contacts`;
    const second = (await api.post(base, { name: "Second", primary: true })).body;
    const primaries = async () => (await api.get(`${base}?filter[primary]=true`)).body.map((c: { name: string }) => c.name);
    expect(await primaries()).toEqual(["Second"]);
    const first = (await api.get(`${base}?filter[name]=First`)).body[0];
    await api.patch(`${base}/${first.id}`, { primary: true });
    expect(await primaries()).toEqual(["First"]);
    expect((await api.get(`${base}/${second.id}`)).body.primary).toBe(false);
  });

  it("sorts and filters", async () => {
    const { api } = await apiTenant();
    const customer = (
      await api.post("/customers", {
        name: "Acme",
        contacts: [{ name: "Zed", email: "ZED@example.com" }, { name: "Amy" }],
      })
    ).body;
    const base = `/customers/${customer.id}/contacts`;
    expect((await api.get(`${base}?sort=name`)).body.map((c: { name: string }) => c.name)).toEqual(["Amy", "Zed"]);
    expect((await api.get(`${base}?filter[email]=zed@example.com`)).body.map((c: { name: string }) => c.name)).toEqual(["Zed"]);
  });
});
