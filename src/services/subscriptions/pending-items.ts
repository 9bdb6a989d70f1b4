import type { SQL } from "drizzle-orm";
import type { BatchStatements } from "../../db/batch";
import { assertOneRowChanged, isGuardFailure, lastInsertedId } from "../../db/batch";
import { asInserted, objectDataWith, previousOf } from "../../db/event-objects";
import { type Actor, eventStatement } from "../../db/events";
import { findCustomer } from "../../db/queries/customers";
import {
  deletePendingItemStmt,
  findPendingItem,
  insertPendingItemStmt,
  type PendingLineItem,
  pendingItemsOf,
  updatePendingItemStmt,
} from "../../db/queries/pending-line-items";
import type { Tenant } from "../../db/queries/types";
import { pendingLineItems } from "../../db/schema";
import type { TenantScope } from "../../db/scope";
import { currencyOf } from "../../lib/api/decimal";
import { validate } from "../../lib/api/validate";
import { invalidRequest, notFound } from "../../lib/api-error";
import { fromMinor } from "../../lib/money";
import * as z from "../../lib/zod";
import { itemColumns } from "../api/document-content";
import { lineSchema, lookupsFor, resolveLine } from "../api/document-input";
import { currencySchema } from "../api/wire";

/**
 * `/customers/{id}/line_items` (Invoiced's pending line items): charges that
 * wait on a customer until the next subscription invoice takes them, once. Lines
 * are read as invoice lines are (catalogue item, quantity, unit cost); only an
 * item not yet invoiced can be read back, changed or deleted.
 */

const pendingSchema = z.once(() => lineSchema().omit({ discounts: true, taxes: true, id: true }).extend({ currency: currencySchema().optional() }));

export type PendingCtx = { scope: TenantScope; tenant: Tenant; now: number; who: Actor };

function pendingItemToWire(p: PendingLineItem) {
  return {
    id: p.id,
    object: "line_item" as const,
    customer: p.customerId,
    catalog_item: p.catalogItem,
    type: p.type,
    name: p.name,
    description: p.description,
    quantity: p.quantityE4 / 10_000,
    unit_cost: fromMinor(p.unitCost, p.currency),
    amount: fromMinor(Math.round((p.quantityE4 * p.unitCost) / 10_000), p.currency),
    currency: p.currency,
    discountable: p.discountable,
    taxable: p.taxable,
    metadata: p.metadata,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

async function customerOf(ctx: PendingCtx, customerId: number) {
  const customer = await findCustomer(ctx.scope, customerId);
  if (!customer) throw notFound("customer");
  return customer;
}

async function columns(ctx: PendingCtx, body: Record<string, unknown>, currency: string) {
  const input = validate(pendingSchema(), body);
  const { currency: _c, ...line } = input;
  const lookups = await lookupsFor(ctx.scope, [line], [], []);
  return resolveLine(line, "line_item", { currency, tenantCurrency: ctx.tenant.currency, now: ctx.now, lookups });
}

/** `line_item.*` carries the item as `GET /customers/{id}/line_items/{id}` shows it (issue 14). */
const event = (ctx: PendingCtx, verb: string, customerId: number, id: number | SQL, data: Record<string, unknown> | SQL) =>
  eventStatement(ctx.scope, { type: `line_item.${verb}`, customerId, objectType: "line_item", objectId: id, data }, ctx.who, ctx.now);

export async function listPendingItems(ctx: PendingCtx, customerId: number) {
  await customerOf(ctx, customerId);
  return (await pendingItemsOf(ctx.scope, customerId)).map(pendingItemToWire);
}

export async function getPendingItem(ctx: PendingCtx, customerId: number, id: number) {
  const item = await findPendingItem(ctx.scope, customerId, id);
  if (!item) throw notFound("line item");
  return pendingItemToWire(item);
}

export async function createPendingItem(ctx: PendingCtx, customerId: number, body: Record<string, unknown>) {
  const customer = await customerOf(ctx, customerId);
  const currency = currencyOf(typeof body.currency === "string" ? body.currency : (customer.currency ?? ctx.tenant.currency));
  const l = await columns(ctx, body, currency);
  if (l.quantityE4 === 0) throw invalidRequest("line_item.quantity must not be 0", "quantity");
  const values = { customerId, ...itemColumns(l), currency, metadata: l.metadata, createdAt: ctx.now, updatedAt: ctx.now };
  // after the insert in the same batch: the event names the new item's id
  const newId = lastInsertedId(ctx.scope, pendingLineItems);
  const object = pendingItemToWire(asInserted(pendingLineItems, { ...values, id: 0 }));
  const [rows] = (await ctx.scope.batch([
    insertPendingItemStmt(ctx.scope, values),
    event(ctx, "created", customerId, newId, objectDataWith(object, { id: newId })),
  ])) as unknown as [PendingLineItem[]];
  return pendingItemToWire(rows[0]!);
}

/**
 * A subscription's proration line (a net credit, a prorated cancel) is part of
 * what its period billed: a later change credits from it, so it is not edited or
 * deleted by hand (a credit note or a new line corrects it instead).
 */
function refuseProration(item: PendingLineItem) {
  if (item.subscriptionId !== null)
    throw invalidRequest(`This line item is a proration of subscription ${item.subscriptionId} and cannot be changed or deleted`, "id");
}

export async function updatePendingItem(ctx: PendingCtx, customerId: number, id: number, body: Record<string, unknown>) {
  const current = await findPendingItem(ctx.scope, customerId, id);
  if (!current) throw notFound("line item");
  refuseProration(current);
  if ("currency" in body) throw invalidRequest("currency cannot be changed; delete the line item and create a new one", "currency");
  const merged = {
    catalog_item: current.catalogItem,
    name: current.name,
    description: current.description,
    type: current.type,
    quantity: current.quantityE4 / 10_000,
    unit_cost: fromMinor(current.unitCost, current.currency),
    discountable: current.discountable,
    taxable: current.taxable,
    metadata: current.metadata,
    ...body,
  };
  const l = await columns(ctx, merged, current.currency);
  const set = {
    ...itemColumns(l),
    metadata: l.metadata,
    updatedAt: ctx.now,
  };
  const before = pendingItemToWire(current);
  const after = pendingItemToWire({ ...current, ...set });
  const data = { object: after, previous: previousOf(before, after) };
  await guarded(ctx, [updatePendingItemStmt(ctx.scope, customerId, id, set), assertOneRowChanged(ctx.scope), event(ctx, "updated", customerId, id, data)]);
  return getPendingItem(ctx, customerId, id);
}

export async function deletePendingItem(ctx: PendingCtx, customerId: number, id: number) {
  // the item as it was just before (a missing one is a 404, a proration line is not the merchant's to delete)
  const current = await findPendingItem(ctx.scope, customerId, id);
  if (!current) throw notFound("line item");
  refuseProration(current);
  await guarded(ctx, [
    deletePendingItemStmt(ctx.scope, customerId, id),
    assertOneRowChanged(ctx.scope),
    event(ctx, "deleted", customerId, id, { object: pendingItemToWire(current) }),
  ]);
}

/** An item invoiced (or deleted) meanwhile matches nothing: the batch is undone and the answer is 404. */
async function guarded(ctx: PendingCtx, statements: BatchStatements) {
  try {
    await ctx.scope.batch(statements);
  } catch (err) {
    if (isGuardFailure(err)) throw notFound("line item");
    throw err;
  }
}
