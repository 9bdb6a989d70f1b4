import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "../../src/db/schema";
import { PortalClient } from "../helpers/portal";
import { type ApiTenant, apiTenant } from "./support";

/** A customer with a signed-in portal browser (its session's email is the customer's). */
async function signedInCustomer({ t, api }: ApiTenant, body: Record<string, unknown> = {}) {
  const customer = (await api.post("/customers", { name: "Ada", email: "ada@example.com", ...body })).body;
  const portal = new PortalClient(t.origin);
  const { sessionId } = await portal.signInAs(t.scope, t.tenant, customer.id, { email: "ada@example.com" });
  expect((await portal.get("/billing")).status).toBe(200);
  return { customer, portal, sessionId };
}

const revokedAt = async (t: ApiTenant["t"], id: string) => (await t.scope.select(sessions, eq(sessions.id, id)).get())!.revokedAt;

describe("S22: API changes end the customer's portal sessions at once", () => {
  it("setting active to false signs the customer out everywhere", async () => {
    const at = await apiTenant();
    const { customer, portal, sessionId } = await signedInCustomer(at);
    expect((await at.api.patch(`/customers/${customer.id}`, { active: false })).status).toBe(200);
    expect(await revokedAt(at.t, sessionId)).not.toBeNull();
    const page = await portal.get("/billing");
    expect(page.status).toBe(303);
    expect(page.location).toMatch(/^\/login/);
  });

  it("changing the customer's email signs the customer out", async () => {
    const at = await apiTenant();
    const { customer, portal, sessionId } = await signedInCustomer(at);
    await at.api.patch(`/customers/${customer.id}`, { email: "new-owner@example.com" });
    expect(await revokedAt(at.t, sessionId)).not.toBeNull();
    expect((await portal.get("/billing")).status).toBe(303);
  });

  it("other changes (and the same email in another case) keep the session", async () => {
    const at = await apiTenant();
    const { customer, portal, sessionId } = await signedInCustomer(at);
    await at.api.patch(`/customers/${customer.id}`, { phone: "+1 555 0100", email: "ADA@example.com", active: true });
    expect(await revokedAt(at.t, sessionId)).toBeNull();
    expect((await portal.get("/billing")).status).toBe(200);
  });

  it("a contact whose email changes or who is removed loses the sessions signed in with that address", async () => {
    const at = await apiTenant();
    const customer = (await at.api.post("/customers", { name: "Ada", email: "ada@example.com" })).body;
    const grace = (await at.api.post(`/customers/${customer.id}/contacts`, { name: "Grace", email: "grace@example.com" })).body;
    const alan = (await at.api.post(`/customers/${customer.id}/contacts`, { name: "Alan", email: "alan@example.com" })).body;
    const sign = async (email: string) => (await new PortalClient(at.t.origin).signInAs(at.t.scope, at.t.tenant, customer.id, { email })).sessionId;
    const [owner, asGrace, asAlan] = [await sign("ada@example.com"), await sign("Grace@example.com"), await sign("alan@example.com")];

    await at.api.patch(`/customers/${customer.id}/contacts/${grace.id}`, { email: "grace@elsewhere.example" });
    await at.api.delete(`/customers/${customer.id}/contacts/${alan.id}`);
    expect(await revokedAt(at.t, asGrace)).not.toBeNull();
    expect(await revokedAt(at.t, asAlan)).not.toBeNull();
    expect(await revokedAt(at.t, owner)).toBeNull();
  });

  it("deleting a customer ends its sessions", async () => {
    const at = await apiTenant();
    const { customer, portal } = await signedInCustomer(at);
    expect((await at.api.delete(`/customers/${customer.id}`)).status).toBe(204);
    expect((await portal.get("/billing")).status).toBe(303);
  });
});

describe("S31: another tenant's customers and contacts are 404 through this tenant's key", () => {
  it("retrieve, update, delete and the contacts of a foreign customer are all 404 and change nothing", async () => {
    const a = await apiTenant();
    const b = await apiTenant();
    const theirs = (await b.api.post("/customers", { name: "B's customer", contacts: [{ name: "B's contact" }] })).body;
    const theirContact = (await b.api.get(`/customers/${theirs.id}/contacts`)).body[0];
    const mine = (await a.api.post("/customers", { name: "A's customer" })).body;

    const attempts = [
      a.api.get(`/customers/${theirs.id}`),
      a.api.patch(`/customers/${theirs.id}`, { name: "Hijacked" }),
      a.api.delete(`/customers/${theirs.id}`),
      a.api.get(`/customers/${theirs.id}/contacts`),
      a.api.post(`/customers/${theirs.id}/contacts`, { name: "Intruder" }),
      a.api.get(`/customers/${theirs.id}/contacts/${theirContact.id}`),
      // the foreign contact under one of A's own customers
      a.api.get(`/customers/${mine.id}/contacts/${theirContact.id}`),
      a.api.patch(`/customers/${mine.id}/contacts/${theirContact.id}`, { name: "Hijacked" }),
      a.api.delete(`/customers/${mine.id}/contacts/${theirContact.id}`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(res.body.type).toBe("invalid_request_error");
    }
    expect((await b.api.get(`/customers/${theirs.id}`)).body.name).toBe("B's customer");
    expect((await b.api.get(`/customers/${theirs.id}/contacts`)).body.map((c: { name: string }) => c.name)).toEqual(["B's contact"]);
    expect((await a.api.get("/customers")).body.map((c: { id: number }) => c.id)).toEqual([mine.id]);
  });

  it("a foreign customer cannot be made a parent", async () => {
    const a = await apiTenant();
    const b = await apiTenant();
    const theirs = (await b.api.post("/customers", { name: "B" })).body;
    const res = await a.api.post("/customers", { name: "A", parent_customer: theirs.id });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ param: "parent_customer", message: `No such customer: ${theirs.id}` });
  });

  it("a contact of one customer is 404 under another customer of the same tenant", async () => {
    const { api } = await apiTenant();
    const one = (await api.post("/customers", { name: "One", contacts: [{ name: "C1" }] })).body;
    const two = (await api.post("/customers", { name: "Two" })).body;
    const contact = (await api.get(`/customers/${one.id}/contacts`)).body[0];
    expect((await api.get(`/customers/${two.id}/contacts/${contact.id}`)).status).toBe(404);
    expect((await api.delete(`/customers/${two.id}/contacts/${contact.id}`)).status).toBe(404);
  });

  it("ids that are not positive integers are 404, never a 500", async () => {
    const { api } = await apiTenant();
    for (const id of ["abc", "0", "-1", "1.5", "99999999999999999999", "%27%20OR%201%3D1"]) {
      expect((await api.get(`/customers/${id}`)).status, id).toBe(404);
    }
  });
});
