import { isUniqueViolation } from "../../db/batch";
import { asInserted, previousOf } from "../../db/event-objects";
import { type Actor, eventStatement } from "../../db/events";
import {
  type CatalogTable,
  deleteCatalogStmt,
  findCatalogRow,
  insertCatalogStmt,
  type NewRowOf,
  type RowOf,
  updateCatalogStmt,
} from "../../db/queries/catalog";
import type { Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import type { ListSpec } from "../../lib/api/pagination";
import { invalidRequest, notFound } from "../../lib/api-error";
import { refuseReadOnly, stringId } from "./wire";

/**
 * The catalogue objects (items, plans, coupons, tax rates) share one life cycle:
 * a merchant-chosen string id, create / retrieve / update / delete, an audit event
 * per write in the same batch. Each resource file describes its fields; this file
 * runs them.
 */

/** What a tenant-level default is needed for: the currency of a fixed amount when none is given. */
export type CatalogCtx = { scope: TenantScope; tenant: Tenant };

export type CatalogResource<T extends CatalogTable> = {
  table: T;
  /** URL segment: "items" */
  path: string;
  /** Invoiced's `object` value and event prefix: "item" */
  object: string;
  /** for messages: "item", "tax rate" */
  noun: string;
  listSpec: ListSpec;
  /** fields that exist on the object but cannot change after creation, with why */
  immutable?: { fields: readonly string[]; hint: string };
  /** validated columns for a new row (without tenant and timestamps) */
  parseCreate(ctx: CatalogCtx, body: Record<string, unknown>): Promise<Omit<NewRowOf<T>, "createdAt" | "updatedAt">>;
  /** validated columns to change */
  parseUpdate(ctx: CatalogCtx, existing: RowOf<T>, body: Record<string, unknown>): Promise<Partial<NewRowOf<T>>>;
  toWire(row: RowOf<T>, tenant: Tenant): Record<string, unknown>;
};

const READ_ONLY = ["object", "created_at", "updated_at"] as const;

const withoutUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export async function getCatalogObject<T extends CatalogTable>(scope: TenantScope, r: CatalogResource<T>, rawId: string | undefined) {
  const id = stringId(rawId);
  const row = id === null ? undefined : await findCatalogRow(scope, r.table, id);
  if (!row) throw notFound(r.noun);
  return row;
}

const event = (ctx: CatalogCtx, object: string, verb: string, id: string, data: Record<string, unknown>, who: Actor, now: number) =>
  eventStatement(ctx.scope, { type: `${object}.${verb}`, objectType: object, objectId: id, data }, who, now);

export async function createCatalogObject<T extends CatalogTable>(
  ctx: CatalogCtx,
  r: CatalogResource<T>,
  body: Record<string, unknown>,
  now: number,
  who: Actor,
): Promise<RowOf<T>> {
  refuseReadOnly(body, READ_ONLY);
  const columns = await r.parseCreate(ctx, body);
  const id = (columns as { id: string }).id;
  try {
    const values = { ...columns, createdAt: now, updatedAt: now } as NewRowOf<T>;
    // the object as the API will return it (the id is the merchant's, known before the insert)
    const object = r.toWire(asInserted(r.table, values as never) as RowOf<T>, ctx.tenant);
    const [inserted] = await ctx.scope.batch([
      insertCatalogStmt(ctx.scope, r.table, values),
      event(ctx, r.object, "created", id, { object, fields: Object.keys(body) }, who, now),
    ]);
    return (inserted as RowOf<T>[])[0]!;
  } catch (err) {
    if (isUniqueViolation(err)) throw invalidRequest(`A ${r.noun} with id ${id} already exists`, "id");
    throw err;
  }
}

export async function updateCatalogObject<T extends CatalogTable>(
  ctx: CatalogCtx,
  r: CatalogResource<T>,
  rawId: string | undefined,
  body: Record<string, unknown>,
  now: number,
  who: Actor,
): Promise<RowOf<T>> {
  const existing = await getCatalogObject(ctx.scope, r, rawId);
  refuseReadOnly(body, [...READ_ONLY, "id"], "an id cannot change; create a new object with the new id");
  if (r.immutable) refuseReadOnly(body, r.immutable.fields, r.immutable.hint);
  const set = await r.parseUpdate(ctx, existing, body);
  const before = r.toWire(existing, ctx.tenant);
  const after = r.toWire({ ...existing, ...withoutUndefined(set), updatedAt: now } as RowOf<T>, ctx.tenant);
  const [updated] = await ctx.scope.batch([
    updateCatalogStmt(ctx.scope, r.table, existing.id, { ...set, updatedAt: now }),
    event(ctx, r.object, "updated", existing.id, { object: after, previous: previousOf(before, after), fields: Object.keys(body) }, who, now),
  ]);
  return ((updated as RowOf<T>[])[0] ?? existing) as RowOf<T>;
}

/**
 * Deleting removes the object from the catalogue only: invoices and estimates keep
 * what they copied from it (names, prices, rates are stored on their lines).
 */
export async function deleteCatalogObject<T extends CatalogTable>(
  ctx: CatalogCtx,
  r: CatalogResource<T>,
  rawId: string | undefined,
  now: number,
  who: Actor,
): Promise<void> {
  const existing = await getCatalogObject(ctx.scope, r, rawId);
  await ctx.scope.batch([
    deleteCatalogStmt(ctx.scope, r.table, existing.id),
    event(ctx, r.object, "deleted", existing.id, { object: r.toWire(existing, ctx.tenant) }, who, now),
  ]);
}
