import { type Context, Hono } from "hono";
import type { ApiEnv } from "../../context";
import { equals, isSet } from "../../db/conditions";
import { findSubscription, listSubscriptions } from "../../db/queries/subscriptions";
import { subscriptions } from "../../db/schema";
import { readJson } from "../../lib/api/body";
import { idempotent } from "../../lib/api/idempotency";
import { type ListSpec, parseList, setListHeaders } from "../../lib/api/pagination";
import { validate } from "../../lib/api/validate";
import { invalidRequest, notFound } from "../../lib/api-error";
import { portalOrigin } from "../../lib/origins";
import { requestActor } from "../../lib/request-meta";
import type * as z from "../../lib/zod";
import { boolParam, intId, intParam, refuseReadOnly } from "../../services/api/wire";
import { type CreateCtx, createSubscription } from "../../services/subscriptions/create";
import { cancelSchema, SUBSCRIPTION_READ_ONLY, subscriptionCreateSchema, subscriptionUpdateSchema } from "../../services/subscriptions/input";
import { cancelSubscription, pauseSubscription, resumeSubscription } from "../../services/subscriptions/lifecycle";
import { previewSubscription } from "../../services/subscriptions/preview";
import { updateSubscription } from "../../services/subscriptions/update";
import { subscriptionToWire } from "../../services/subscriptions/wire";

/** Merchant API: subscriptions, as Invoiced's `Subscription` resource (rules in src/services/subscriptions/). */
export const subscriptionsRoutes = new Hono<ApiEnv>();

const STATUSES = ["not_started", "active", "past_due", "paused", "pending_renewal", "finished", "canceled"] as const;

const listSpec: ListSpec = {
  sort: { id: subscriptions.id, created_at: subscriptions.createdAt, renews_next: subscriptions.renewsNext },
  filters: {
    customer: (v) => equals(subscriptions.customerId, intParam(v, "filter[customer]")),
    plan: (v) => equals(subscriptions.plan, v),
    status: (v) => {
      if (!(STATUSES as readonly string[]).includes(v)) throw invalidRequest(`filter[status] must be one of ${STATUSES.join(", ")}`, "filter[status]");
      return equals(subscriptions.status, v as (typeof STATUSES)[number]);
    },
    canceled: (v) => isSet(subscriptions.canceledAt, boolParam(v, "filter[canceled]")),
  },
};

/** Read-only fields first: a client echoing an object back hears why, not "Unknown field". */
const parse = <S extends ReturnType<typeof subscriptionCreateSchema> | ReturnType<typeof subscriptionUpdateSchema>>(
  schema: S,
  raw: Record<string, unknown>,
) => {
  refuseReadOnly(raw, SUBSCRIPTION_READ_ONLY);
  return validate(schema, raw) as z.output<S>;
};

const ctxOf = (c: Context<ApiEnv>): CreateCtx => ({
  scope: c.var.scope,
  tenant: c.var.tenant,
  now: c.var.now,
  who: requestActor(c, "api"),
  origin: portalOrigin(c.env, c.var.tenant.username),
});
const wireCtx = (c: Context<ApiEnv>) => ({ env: c.env, username: c.var.tenant.username });

const idOf = (c: Context<ApiEnv>) => {
  const id = intId(c.req.param("id"));
  if (id === null) throw notFound("subscription");
  return id;
};

async function respond(c: Context<ApiEnv>, id: number, status: 200 | 201 = 200) {
  const sub = await findSubscription(c.var.scope, id);
  if (!sub) throw notFound("subscription");
  return c.json(subscriptionToWire(sub, wireCtx(c)), status);
}

subscriptionsRoutes.get("/subscriptions", async (c) => {
  const q = parseList(c, listSpec);
  const { rows, total } = await listSubscriptions(c.var.scope, q);
  setListHeaders(c, q, total);
  return c.json(rows.map((r) => subscriptionToWire(r, wireCtx(c))));
});

subscriptionsRoutes.post("/subscriptions/preview", async (c) => {
  const raw = await readJson(c);
  return c.json(await previewSubscription({ ...ctxOf(c), env: c.env }, parse(subscriptionCreateSchema(), raw), raw));
});

subscriptionsRoutes.post("/subscriptions", idempotent, async (c) => {
  const raw = await readJson(c);
  return respond(c, await createSubscription(ctxOf(c), parse(subscriptionCreateSchema(), raw), raw), 201);
});

subscriptionsRoutes.get("/subscriptions/:id", (c) => respond(c, idOf(c)));

subscriptionsRoutes.patch("/subscriptions/:id", async (c) => {
  const id = idOf(c);
  const raw = await readJson(c);
  await updateSubscription(ctxOf(c), id, parse(subscriptionUpdateSchema(), raw), raw);
  return respond(c, id);
});

/** Invoiced's `cancel`: DELETE without a body (an optional `canceled_reason`, and ours `prorate`, are accepted). */
subscriptionsRoutes.delete("/subscriptions/:id", async (c) => {
  const id = idOf(c);
  const body = validate(cancelSchema(), await readJson(c));
  await cancelSubscription(ctxOf(c), id, body.canceled_reason ?? null, body.prorate ?? false);
  return respond(c, id);
});

subscriptionsRoutes.post("/subscriptions/:id/pause", idempotent, async (c) => {
  const id = idOf(c);
  await pauseSubscription(ctxOf(c), id);
  return respond(c, id);
});

subscriptionsRoutes.post("/subscriptions/:id/resume", idempotent, async (c) => {
  const id = idOf(c);
  await resumeSubscription(ctxOf(c), id);
  return respond(c, id);
});
