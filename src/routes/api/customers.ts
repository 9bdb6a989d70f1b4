import { type Context, Hono } from "hono";
import type { ApiEnv } from "../../context";
import { listContactsOf } from "../../db/queries/contacts";
import { listCustomers } from "../../db/queries/customers";
import { readJson } from "../../lib/api/body";
import { idempotent } from "../../lib/api/idempotency";
import { parseList, setListHeaders } from "../../lib/api/pagination";
import { portalOrigin } from "../../lib/origins";
import { requestActor } from "../../lib/request-meta";
import { contactToWire, createContact, deleteContact, getContact, updateContact } from "../../services/api/contacts";
import { createCustomer, customersToWire, deleteCustomer, getCustomer, updateCustomer } from "../../services/api/customers";
import { contactListSpec, customerListSpec } from "../../services/api/list-specs";
import { intId } from "../../services/api/wire";

/** Customers and their contacts: `/customers[/{id}]`, `/customers/{id}/contacts[/{contact_id}]`. */
export const customersRoutes = new Hono<ApiEnv>();

const origin = (c: Context<ApiEnv>) => portalOrigin(c.env, c.var.tenant.username);

customersRoutes.get("/customers", async (c) => {
  const q = parseList(c, customerListSpec);
  const { rows, total } = await listCustomers(c.var.scope, q);
  setListHeaders(c, q, total);
  return c.json(await customersToWire(c.var.scope, rows, origin(c)));
});

customersRoutes.post("/customers", idempotent, async (c) => {
  const row = await createCustomer(c.var.scope, await readJson(c), c.var.now, requestActor(c, "api"));
  const [wire] = await customersToWire(c.var.scope, [row], origin(c));
  return c.json(wire, 201);
});

customersRoutes.get("/customers/:id", async (c) => {
  const row = await getCustomer(c.var.scope, intId(c.req.param("id")));
  const [wire] = await customersToWire(c.var.scope, [row], origin(c));
  return c.json(wire);
});

customersRoutes.patch("/customers/:id", async (c) => {
  const row = await updateCustomer(c.var.scope, intId(c.req.param("id")), await readJson(c), c.var.now, requestActor(c, "api"));
  const [wire] = await customersToWire(c.var.scope, [row], origin(c));
  return c.json(wire);
});

customersRoutes.delete("/customers/:id", async (c) => {
  await deleteCustomer(c.var.scope, intId(c.req.param("id")), c.var.now, requestActor(c, "api"));
  return c.body(null, 204);
});

// --- contacts: the customer is found in the tenant first (404), then the contact in the customer ---

customersRoutes.get("/customers/:id/contacts", async (c) => {
  const customer = await getCustomer(c.var.scope, intId(c.req.param("id")));
  const q = parseList(c, contactListSpec);
  const { rows, total } = await listContactsOf(c.var.scope, customer.id, q);
  setListHeaders(c, q, total);
  return c.json(rows.map(contactToWire));
});

customersRoutes.post("/customers/:id/contacts", idempotent, async (c) => {
  const customer = await getCustomer(c.var.scope, intId(c.req.param("id")));
  const row = await createContact(c.var.scope, customer.id, await readJson(c), c.var.now, requestActor(c, "api"));
  return c.json(contactToWire(row), 201);
});

customersRoutes.get("/customers/:id/contacts/:contactId", async (c) => {
  const customer = await getCustomer(c.var.scope, intId(c.req.param("id")));
  return c.json(contactToWire(await getContact(c.var.scope, customer.id, intId(c.req.param("contactId")))));
});

customersRoutes.patch("/customers/:id/contacts/:contactId", async (c) => {
  const customer = await getCustomer(c.var.scope, intId(c.req.param("id")));
  const row = await updateContact(c.var.scope, customer.id, intId(c.req.param("contactId")), await readJson(c), c.var.now, requestActor(c, "api"));
  return c.json(contactToWire(row));
});

customersRoutes.delete("/customers/:id/contacts/:contactId", async (c) => {
  const customer = await getCustomer(c.var.scope, intId(c.req.param("id")));
  await deleteContact(c.var.scope, customer.id, intId(c.req.param("contactId")), c.var.now, requestActor(c, "api"));
  return c.body(null, 204);
});
