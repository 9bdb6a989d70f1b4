import { assertOneRowChanged, isGuardFailure, lastInsertedId } from "../../db/batch";
import { equals } from "../../db/conditions";
import { objectDataWith } from "../../db/event-objects";
import { type Actor, eventStatement } from "../../db/events";
import {
  countOwnEndpoints,
  deleteEndpointStmts,
  findOwnEndpoint,
  insertEndpointStmt,
  updateEndpointStmt,
  type WebhookEndpoint,
} from "../../db/queries/webhook-endpoints";
import { webhookEndpoints } from "../../db/schema";
import type { TenantScope } from "../../db/scope";
import type { ListSpec } from "../../lib/api/pagination";
import { validate } from "../../lib/api/validate";
import { conflict, invalidRequest, notFound } from "../../lib/api-error";
import { encryptSecret } from "../../lib/crypto";
import { DAY } from "../../lib/time";
import { newWebhookSecret } from "../../lib/webhook-signature";
import { checkWebhookUrl, type UrlPolicy } from "../../lib/webhook-url";
import * as z from "../../lib/zod";
import { boolParam } from "../api/wire";

/**
 * Merchant webhook endpoints (`/webhooks`, Invoiced's `Webhook` resource): a URL,
 * `enabled`, and the event types it wants (`["*"]` for all). The signing secret is
 * generated here (never chosen by the merchant), shown once, stored encrypted (S42).
 */

export const MAX_ENDPOINTS = 20;
/** After a rotation the previous secret keeps signing this long (receivers switch within it). */
const ROTATION_OVERLAP = DAY;

const eventType = z.string().regex(/^(\*|[a-z_]{1,40}\.[a-z_]{1,40})$/, 'must be an event type such as "invoice.paid", or "*"');
const events = z.array(eventType).min(1, "must name at least one event type").max(100, "has at most 100 entries");
const url = z.string().max(2000, "must be at most 2000 characters");

const createBody = z.strictObject({ url, enabled: z.boolean().optional(), events: events.optional() });
const updateBody = z.strictObject({ url: url.optional(), enabled: z.boolean().optional(), events: events.optional() });

export const endpointListSpec: ListSpec = {
  sort: { id: webhookEndpoints.id, url: webhookEndpoints.url, created_at: webhookEndpoints.createdAt, updated_at: webhookEndpoints.updatedAt },
  filters: { enabled: (v) => equals(webhookEndpoints.enabled, boolParam(v, "filter[enabled]")) },
};

export type EndpointDeps = { scope: TenantScope; encryptionKey: string; policy: UrlPolicy; now: number; who: Actor };

/** The API's webhook object. The secret is never part of it (only of the create and rotate answers). */
export function endpointToWire(e: WebhookEndpoint) {
  return {
    id: e.id,
    object: "webhook" as const,
    url: e.url,
    enabled: e.enabled,
    events: e.events,
    disabled_reason: e.disabledReason,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

function checkedUrl(raw: string, policy: UrlPolicy): string {
  const verdict = checkWebhookUrl(raw.trim(), policy);
  if (!verdict.ok) throw invalidRequest(`url ${verdict.reason}`, "url");
  return verdict.url.href;
}

/** `["*"]` alone or named types, without duplicates. */
function normaliseEvents(list: string[]): string[] {
  return list.includes("*") ? ["*"] : [...new Set(list)];
}

export async function getEndpoint(scope: TenantScope, id: number | null): Promise<WebhookEndpoint> {
  const row = id === null ? undefined : await findOwnEndpoint(scope, id);
  if (!row) throw notFound("webhook");
  return row;
}

/** POST /webhooks: the answer carries `secret`, once. */
export async function createEndpoint(d: EndpointDeps, body: Record<string, unknown>) {
  const input = validate(createBody, body);
  const href = checkedUrl(input.url, d.policy);
  if ((await countOwnEndpoints(d.scope)) >= MAX_ENDPOINTS) throw conflict(`A tenant has at most ${MAX_ENDPOINTS} webhooks`);
  const secret = newWebhookSecret();
  const values = {
    url: href,
    enabled: input.enabled ?? true,
    events: normaliseEvents(input.events ?? ["*"]),
    secretEnc: await encryptSecret(d.encryptionKey, secret),
    createdAt: d.now,
    updatedAt: d.now,
  };
  const wire = endpointToWire({
    ...values,
    id: 0,
    tenantId: d.scope.tenantId,
    previousSecretEnc: null,
    previousSecretExpiresAt: null,
    failingSince: null,
    disabledReason: null,
  });
  const newId = lastInsertedId(d.scope, webhookEndpoints);
  const [inserted] = await d.scope.batch([
    insertEndpointStmt(d.scope, values),
    eventStatement(d.scope, { type: "webhook.created", objectType: "webhook", objectId: newId, data: objectDataWith(wire, { id: newId }) }, d.who, d.now),
  ]);
  return { ...endpointToWire(inserted[0]!), secret };
}

/** PATCH /webhooks/{id}: only the keys sent change; re-enabling clears the failure record. */
export async function updateEndpoint(d: EndpointDeps, id: number | null, body: Record<string, unknown>) {
  const row = await getEndpoint(d.scope, id);
  const input = validate(updateBody, body);
  const set: Partial<typeof webhookEndpoints.$inferInsert> = { updatedAt: Math.max(d.now, row.updatedAt + 1) };
  if (input.url !== undefined) set.url = checkedUrl(input.url, d.policy);
  if (input.events !== undefined) set.events = normaliseEvents(input.events);
  if (input.enabled !== undefined) {
    set.enabled = input.enabled;
    if (input.enabled && !row.enabled) Object.assign(set, { failingSince: null, disabledReason: null });
  }
  const after = endpointToWire({ ...row, ...set } as WebhookEndpoint);
  const previous = Object.fromEntries(Object.keys(input).map((k) => [k, (endpointToWire(row) as Record<string, unknown>)[k]]));
  const updated = await guarded(
    d.scope,
    updateEndpointStmt(d.scope, row, set),
    eventStatement(d.scope, { type: "webhook.updated", objectType: "webhook", objectId: row.id, data: { object: after, previous } }, d.who, d.now),
  );
  return endpointToWire(updated);
}

/** DELETE /webhooks/{id}: the endpoint and its delivery log. */
export async function deleteEndpoint(d: EndpointDeps, id: number | null): Promise<void> {
  const row = await getEndpoint(d.scope, id);
  await d.scope.batch([
    ...deleteEndpointStmts(d.scope, row.id),
    eventStatement(d.scope, { type: "webhook.deleted", objectType: "webhook", objectId: row.id, data: { object: endpointToWire(row) } }, d.who, d.now),
  ]);
}

/**
 * POST /webhooks/{id}/rotate_secret: a new secret, shown once. The old one keeps
 * signing next to it (two `v1,` signatures) for `ROTATION_OVERLAP`.
 */
export async function rotateEndpointSecret(d: EndpointDeps, id: number | null) {
  const row = await getEndpoint(d.scope, id);
  const secret = newWebhookSecret();
  const set = {
    secretEnc: await encryptSecret(d.encryptionKey, secret),
    previousSecretEnc: row.secretEnc,
    previousSecretExpiresAt: d.now + ROTATION_OVERLAP,
    updatedAt: Math.max(d.now, row.updatedAt + 1),
  };
  const updated = await guarded(
    d.scope,
    updateEndpointStmt(d.scope, row, set),
    // the webhook as it reads after the rotation (its updated_at moved); the secret never
    eventStatement(
      d.scope,
      { type: "webhook.secret_rotated", objectType: "webhook", objectId: row.id, data: { object: endpointToWire({ ...row, updatedAt: set.updatedAt }) } },
      d.who,
      d.now,
    ),
  );
  return { ...endpointToWire(updated), secret, previous_secret_expires_at: set.previousSecretExpiresAt };
}

/**
 * The optimistic update, then its audit event, in one batch: when the row changed
 * meanwhile the guard undoes the batch (no event for a write that did not happen).
 */
async function guarded(scope: TenantScope, update: ReturnType<typeof updateEndpointStmt>, event: ReturnType<typeof eventStatement>): Promise<WebhookEndpoint> {
  try {
    const [rows] = await scope.batch([update, assertOneRowChanged(scope), event]);
    return rows[0]!;
  } catch (err) {
    if (isGuardFailure(err)) throw conflict("The webhook changed meanwhile; read it again and retry");
    throw err;
  }
}
