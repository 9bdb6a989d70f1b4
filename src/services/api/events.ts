import { atLeast, atMost, equals } from "../../db/conditions";
import { eventsRelatedTo, NUMBER_ID_KINDS } from "../../db/queries/events";
import { events } from "../../db/schema";
import type { ListSpec } from "../../lib/api/pagination";
import { invalidRequest } from "../../lib/api-error";
import { timeParam } from "./wire";

/**
 * The events API (`GET /events`, Invoiced's `Event.list`) and the body of every
 * webhook: `{id, object: "event", type, timestamp, data: {object, previous?}}`.
 * Only events about an object are public; sign-in attempts and the like stay in
 * the audit trail (S43) with their IP and browser, which no merchant sees.
 */

type EventRow = typeof events.$inferSelect;

/**
 * Events written since issue 14 store `{object, previous?}` with the object as the
 * API returns it. Older rows stored a few fields; they are shown as an object of
 * the same type and id carrying those fields, never dropped.
 */
export function eventToWire(e: EventRow) {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const stored = data.object;
  const object: Record<string, unknown> =
    stored && typeof stored === "object" && !Array.isArray(stored) ? { ...(stored as Record<string, unknown>) } : { ...data };
  if (object.id === undefined && e.objectId !== null) object.id = /^[1-9]\d{0,14}$/.test(e.objectId) ? Number(e.objectId) : e.objectId;
  if (object.object === undefined && e.objectType !== null) object.object = e.objectType;
  const { id, object: kind, ...rest } = object;
  const previous = stored && data.previous && typeof data.previous === "object" ? { previous: data.previous } : {};
  return { id: e.id, object: "event" as const, type: e.type, timestamp: e.createdAt, data: { object: { id, object: kind, ...rest }, ...previous } };
}

const TYPE = /^[a-z_]{1,40}\.[a-z_]{1,40}$/;
const OBJECT_ID = /^[A-Za-z0-9_.:@-]{1,100}$/;

/**
 * `related_to=<object>,<id>` (Invoiced's form): events about that object, and for a
 * customer also every event about its documents, payments and contacts.
 */
function relatedTo(value: string) {
  const [kind, id, extra] = value.split(",");
  if (extra !== undefined || !kind || !id || !/^[a-z_]{1,40}$/.test(kind) || !OBJECT_ID.test(id)) {
    throw invalidRequest('related_to must be "<object>,<id>", e.g. "customer,123"', "related_to");
  }
  // documents and payments are recorded under their public id; the API names them by number id
  if (NUMBER_ID_KINDS.includes(kind) && !/^[1-9]\d{0,14}$/.test(id)) throw invalidRequest(`related_to: a ${kind} id is a number`, "related_to");
  return eventsRelatedTo(kind, id);
}

export const eventListSpec: ListSpec = {
  sort: { id: events.id, timestamp: events.createdAt },
  filters: {
    type: (v) => {
      if (!TYPE.test(v)) throw invalidRequest('filter[type] must be an event type such as "invoice.paid"', "filter[type]");
      return equals(events.type, v);
    },
    object: (v) => {
      if (!/^[a-z_]{1,40}$/.test(v)) throw invalidRequest("filter[object] must be an object name such as invoice", "filter[object]");
      return equals(events.objectType, v);
    },
  },
  params: {
    related_to: relatedTo,
    start_date: (v) => atLeast(events.createdAt, timeParam(v, "start_date")),
    end_date: (v) => atMost(events.createdAt, timeParam(v, "end_date")),
  },
};
