import { Hono } from "hono";
import type { ApiEnv } from "../../context";
import { findOwnEvent, listOwnEvents } from "../../db/queries/events";
import { parseList, setListHeaders } from "../../lib/api/pagination";
import { notFound } from "../../lib/api-error";
import { eventListSpec, eventToWire } from "../../services/api/events";
import { intId } from "../../services/api/wire";

/** `GET /events` and `GET /events/{id}` (Invoiced's `Event.list`): the tenant's events, newest first. */
export const eventsRoutes = new Hono<ApiEnv>();

eventsRoutes.get("/events", async (c) => {
  const q = parseList(c, eventListSpec);
  const { rows, total } = await listOwnEvents(c.var.scope, q);
  setListHeaders(c, q, total);
  return c.json(rows.map(eventToWire));
});

eventsRoutes.get("/events/:id", async (c) => {
  const id = intId(c.req.param("id"));
  const row = id === null ? undefined : await findOwnEvent(c.var.scope, id);
  if (!row) throw notFound("event");
  return c.json(eventToWire(row));
});
