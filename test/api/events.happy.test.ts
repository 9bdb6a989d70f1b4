import { afterEach, describe, expect, it, vi } from "vitest";
import { recordEvent } from "../../src/db/events";
import { apiTenant, links } from "./support";

/** Events API (`GET /events`), as Invoiced's Ruby client's `Event.list` calls it. */

// writes announce events to the pool's webhook consumer: no request may leave the machine
afterEach(() => vi.restoreAllMocks());
const closeNetwork = () => vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("network closed in tests", { status: 503 }));

async function tenantWithHistory() {
  const w = await apiTenant();
  const a = await w.api.post("/customers", { name: "Alpha" });
  const b = await w.api.post("/customers", { name: "Beta" });
  await w.api.patch(`/customers/${a.body.id}`, { name: "Alpha Two" });
  // an audit event about no object (a sign-in attempt): kept in the audit trail, not public
  await recordEvent(w.t.scope, { type: "signin.link_requested", data: { matched: 0 } }, { actor: "customer", ip: "203.0.113.9" }, 1);
  return { ...w, a: a.body, b: b.body };
}

describe("GET /events", () => {
  it("Event.list: newest first, {id, object, type, timestamp, data: {object}}, with Link and X-Total-Count", async () => {
    const { api } = await tenantWithHistory();
    const res = await api.get("/events");
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Total-Count")).toBe("3");
    expect(links(res.headers.get("Link")).self).toContain("page=1");
    expect(res.body.map((e: { type: string }) => e.type)).toEqual(["customer.updated", "customer.created", "customer.created"]);
    for (const e of res.body) {
      expect(Object.keys(e)).toEqual(["id", "object", "type", "timestamp", "data"]);
      expect(e.object).toBe("event");
      expect(Number.isInteger(e.id) && Number.isInteger(e.timestamp)).toBe(true);
      expect(e.data.object.object).toBe("customer");
    }
    // the IP and browser of the audit trail are not part of it
    expect(JSON.stringify(res.body)).not.toContain("203.0.113.9");
  });

  it("paginates with page and per_page", async () => {
    const { api } = await tenantWithHistory();
    const p1 = await api.get("/events?per_page=2");
    const p2 = await api.get("/events?per_page=2&page=2");
    expect(p1.body).toHaveLength(2);
    expect(p2.body).toHaveLength(1);
    expect(links(p1.headers.get("Link")).next).toContain("page=2");
    expect(new Set([...p1.body, ...p2.body].map((e: { id: number }) => e.id)).size).toBe(3);
  });

  it("filters by type (filter[type]) and by related object (related_to=<object>,<id>)", async () => {
    const { api, a, b } = await tenantWithHistory();
    const created = await api.get("/events?filter[type]=customer.created");
    expect(created.body.map((e: { data: { object: { id: number } } }) => e.data.object.id).sort()).toEqual([a.id, b.id].sort());
    expect(created.headers.get("X-Total-Count")).toBe("2");
    const aboutA = await api.get(`/events?related_to=customer,${a.id}`);
    expect(aboutA.body.map((e: { type: string }) => e.type)).toEqual(["customer.updated", "customer.created"]);
    const both = await api.get(`/events?related_to=customer,${a.id}&filter[type]=customer.updated`);
    expect(both.body).toHaveLength(1);
    expect((await api.get("/events?filter[object]=invoice")).body).toEqual([]);
    expect((await api.get("/events?sort=id asc")).body[0].type).toBe("customer.created");
  });

  it("related_to an invoice finds its events by the API's id (events record documents under their public id)", async () => {
    closeNetwork();
    const { api } = await apiTenant();
    const { body: c } = await api.post("/customers", { name: "Doc Owner" });
    const { body: inv } = await api.post("/invoices", { customer: c.id, items: [{ name: "Thing", quantity: 1, unit_cost: 10 }] });
    const { body: other } = await api.post("/invoices", { customer: c.id, items: [{ name: "Other", quantity: 1, unit_cost: 5 }] });
    await api.post(`/invoices/${inv.id}/send`, {});
    const about = await api.get(`/events?related_to=invoice,${inv.id}`);
    expect(about.body.map((e: { type: string }) => e.type)).toEqual(["invoice.sent", "invoice.created"]);
    expect((await api.get(`/events?related_to=invoice,${other.id}`)).body).toHaveLength(1);
    // the customer's events include its documents'
    expect((await api.get(`/events?related_to=customer,${c.id}`)).headers.get("X-Total-Count")).toBe("4");
  });

  it("GET /events/{id} is the same object as in the list; an event about no object is a 404", async () => {
    const { api, t } = await tenantWithHistory();
    const [first] = (await api.get("/events")).body;
    expect((await api.get(`/events/${first.id}`)).body).toEqual(first);
    const rows = await t.scope.select((await import("../../src/db/schema")).events).all();
    const signin = rows.find((r) => r.type === "signin.link_requested")!;
    expect((await api.get(`/events/${signin.id}`)).status).toBe(404);
  });

  it("contact events carry the contact as the API returns it", async () => {
    closeNetwork();
    const { api } = await apiTenant();
    const { body: c } = await api.post("/customers", { name: "Has Contacts" });
    const created = await api.post(`/customers/${c.id}/contacts`, { name: "Pat", email: "pat@example.com" });
    expect(created.status).toBe(201);
    const updated = await api.patch(`/customers/${c.id}/contacts/${created.body.id}`, { title: "CFO" });
    const list = (await api.get("/events?filter[object]=contact&sort=id asc")).body;
    expect(list.map((e: { type: string }) => e.type)).toEqual(["contact.created", "contact.updated"]);
    expect(list[0].data).toEqual({ object: created.body });
    expect(list[1].data).toEqual({ object: updated.body, previous: { title: null } });
  });

  it("catalogue events (items, plans, coupons, tax rates) carry the object as the API returns it", async () => {
    closeNetwork();
    const { api } = await apiTenant();
    const created = await api.post("/items", { id: "widget", name: "Widget", unit_cost: 12.5 });
    expect(created.status).toBe(201);
    const updated = await api.patch("/items/widget", { name: "Widget Pro" });
    await api.delete("/items/widget");
    const list = (await api.get("/events?filter[object]=item&sort=id asc")).body;
    expect(list.map((e: { type: string }) => e.type)).toEqual(["item.created", "item.updated", "item.deleted"]);
    expect(list[0].data).toEqual({ object: created.body });
    expect(list[1].data).toEqual({ object: updated.body, previous: { name: "Widget" } });
    expect(list[2].data).toEqual({ object: updated.body });
  });

  it("an update event says what the object was before (data.previous) when its writer stores it", async () => {
    closeNetwork();
    const { api } = await apiTenant();
    const { body: hook } = await api.post("/webhooks", { url: "https://hooks.merchant.example/e", events: ["invoice.paid"] });
    await api.patch(`/webhooks/${hook.id}`, { events: ["*"] });
    const [e] = (await api.get("/events?filter[type]=webhook.updated")).body;
    expect(e.data).toMatchObject({ object: { id: hook.id, object: "webhook", events: ["*"] }, previous: { events: ["invoice.paid"] } });
  });
});
