import { and, asc, desc, eq, exists, getTableColumns, isNotNull, isNull, ne, notExists, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { type Actor, changedOne, eventStatement } from "../events";
import { pageOf } from "../page";
import { customers, paymentSources } from "../schema";
import type { CustomerScope, TenantScope } from "../scope";
import { pageReads } from "./page-entry";

export type PaymentSource = typeof paymentSources.$inferSelect;
export type NewPaymentSource = Omit<typeof paymentSources.$inferInsert, "tenantId" | "id" | "deletedAt">;

const live = isNull(paymentSources.deletedAt);

/** A saved method's columns as pages describe it ("Visa ending in 4242, expires 04/27"): all a page reads of one. */
export const describedMethodColumns = {
  type: paymentSources.type,
  brand: paymentSources.brand,
  bankName: paymentSources.bankName,
  last4: paymentSources.last4,
  expMonth: paymentSources.expMonth,
  expYear: paymentSources.expYear,
};
export type DescribedMethod = Pick<PaymentSource, keyof typeof describedMethodColumns>;

/** A customer's saved methods that are not removed, oldest first. Works for both scopes. */
export function listPaymentSources(scope: TenantScope, customerId: number): Promise<PaymentSource[]> {
  return scope
    .select(paymentSources, and(eq(paymentSources.customerId, customerId), live))
    .orderBy(asc(paymentSources.createdAt), asc(paymentSources.id))
    .all();
}

/** The payment methods page's reads: the signed-in customer's live methods (one batch with the session, issue 18). */
export function myPaymentSourceReads(my: CustomerScope) {
  return pageReads([my.select(paymentSources, live).orderBy(asc(paymentSources.createdAt), asc(paymentSources.id))], ([rows]) => rows);
}

/** The same as page reads (one batch with the session, issue 18); an id that is not one reads nothing. */
export function myPaymentSourceByIdReads(my: CustomerScope, publicId: string) {
  if (!/^[A-Za-z0-9]{20}$/.test(publicId)) return pageReads([], () => undefined);
  return pageReads([my.select(paymentSources, and(eq(paymentSources.publicId, publicId), live))], ([rows]) => rows[0]);
}

/** One live method of the signed-in customer by its public id (portal URLs), else undefined (S31). */
export function findMyPaymentSource(my: CustomerScope, publicId: string): Promise<PaymentSource | undefined> {
  return my.select(paymentSources, and(eq(paymentSources.publicId, publicId), live)).get();
}

/** One live method of a customer of this tenant by its numeric id (the API), else undefined (S31). */
export function findCustomerPaymentSource(scope: TenantScope, customerId: number, id: number) {
  return scope.select(paymentSources, and(eq(paymentSources.customerId, customerId), eq(paymentSources.id, id), live)).get();
}

/** Sortable columns of the API list, by wire name. */
export const PAYMENT_SOURCE_SORT = { id: paymentSources.id, created_at: paymentSources.createdAt };

/** A page of a customer's live methods for the API, with the total for the list headers. */
export async function pagePaymentSources(scope: TenantScope, customerId: number, page: { limit: number; offset: number; order: SQL[] }) {
  const order = page.order.length ? page.order : [asc(paymentSources.createdAt)];
  return pageOf(scope, paymentSources, { where: and(eq(paymentSources.customerId, customerId), live), order, limit: page.limit, offset: page.offset });
}

/** A new method; a single-use one (paid with, not kept) is inserted already removed (`deletedAt`). */
export function insertPaymentSource(scope: TenantScope, row: NewPaymentSource & { deletedAt?: number | null }) {
  return scope.insert(paymentSources, row).returning();
}

/**
 * Inserts a method only if `when` holds as the statement runs (insert ... select):
 * in a batch after a conditional claim, with `when` = `changes() = 1`, the method is
 * saved by whichever caller won the claim and by no one else. Values go in the
 * table's column order, which drizzle checks for insert ... select.
 */
export function insertPaymentSourceWhen(scope: TenantScope, row: NewPaymentSource, when: SQL) {
  const values: Record<string, unknown> = { ...row, tenantId: scope.tenantId };
  const list = Object.entries(getTableColumns(paymentSources)).map(([key, col]) =>
    values[key] === undefined || values[key] === null ? sql`NULL` : sql.param(values[key], col),
  );
  return scope.db
    .insert(paymentSources)
    .select(sql`SELECT ${sql.join(list, sql`, `)} WHERE ${when}`)
    .returning();
}

/** Condition: the method with this public id exists (inserted earlier in the same batch, or not). */
export function sourceInserted(scope: Pick<TenantScope, "tenantId">, publicId: string): SQL {
  return sql`EXISTS ${sourceIdByPublicId(scope, publicId)}`;
}

const others = alias(paymentSources, "other_sources");
/** `others` in a raw FROM clause: drizzle renders an aliased table there by its alias alone. */
const othersFrom = sql`${paymentSources} AS ${sql.identifier("other_sources")}`;

/**
 * Soft delete that keeps the AutoPay rule in the same statement: a customer on
 * AutoPay always keeps at least one live method. Two removals at once cannot both
 * pass a check made earlier; whichever runs second finds no other method and
 * changes nothing.
 */
export function softDeleteKeepingAutopayMethod(scope: TenantScope, customerId: number, id: number, now: number) {
  const onAutopay = scope.db
    .select({ one: sql`1` })
    .from(customers)
    .where(scope.own(customers, eq(customers.id, customerId), eq(customers.autopay, true)));
  const anotherLive = scope.db
    .select({ one: sql`1` })
    .from(others)
    .where(and(eq(others.tenantId, scope.tenantId), eq(others.customerId, customerId), isNull(others.deletedAt), ne(others.id, id)));
  return scope.update(
    paymentSources,
    { deletedAt: now },
    and(eq(paymentSources.customerId, customerId), eq(paymentSources.id, id), live, or(notExists(onAutopay), exists(anotherLive))),
  );
}

/** Subquery: the id of the customer's newest live method. */
function newestLive(scope: TenantScope, customerId: number) {
  return sql`(SELECT ${others.id} FROM ${othersFrom} WHERE ${others.tenantId} = ${scope.tenantId} AND ${others.customerId} = ${customerId}
    AND ${others.deletedAt} IS NULL ORDER BY ${others.createdAt} DESC, ${others.id} DESC LIMIT 1)`;
}

/**
 * After a removal in the same batch: if the removed method was the default, the
 * newest remaining one becomes the default (or none). Runs only when the method
 * really is removed, so a refused removal moves nothing.
 */
export function moveDefaultOffRemoved(scope: TenantScope, customerId: number, removedId: number, now: number) {
  const removed = scope.db
    .select({ one: sql`1` })
    .from(others)
    .where(and(eq(others.tenantId, scope.tenantId), eq(others.id, removedId), isNotNull(others.deletedAt)));
  return scope.update(
    customers,
    { defaultPaymentSourceId: newestLive(scope, customerId) as unknown as number, updatedAt: now },
    and(eq(customers.id, customerId), eq(customers.defaultPaymentSourceId, removedId), exists(removed)),
  );
}

/** Subquery condition: `idColumn` names a live method of the customer. */
function isLiveSourceOf(scope: TenantScope, customerId: number, idColumn: typeof customers.defaultPaymentSourceId | number) {
  return exists(
    scope.db
      .select({ one: sql`1` })
      .from(others)
      .where(and(eq(others.tenantId, scope.tenantId), eq(others.customerId, customerId), eq(others.id, idColumn), isNull(others.deletedAt))),
  );
}

/**
 * Makes a live method the default; changes nothing when it already is, or when it
 * is not a live method of this customer (removed meanwhile). One conditional write.
 */
export function setDefaultIfLive(scope: TenantScope, customerId: number, sourceId: number, now: number) {
  return scope.update(
    customers,
    { defaultPaymentSourceId: sourceId, updatedAt: now },
    and(
      eq(customers.id, customerId),
      or(isNull(customers.defaultPaymentSourceId), ne(customers.defaultPaymentSourceId, sourceId)),
      isLiveSourceOf(scope, customerId, sourceId),
    ),
  );
}

/**
 * After inserting a method (by its public id) in the same batch: it becomes the
 * default when asked, or when the customer has no usable default yet, so AutoPay
 * always has something to charge.
 */
export function setDefaultAfterInsert(scope: TenantScope, customerId: number, publicId: string, force: boolean, now: number) {
  const inserted = sql`(SELECT ${others.id} FROM ${othersFrom} WHERE ${others.tenantId} = ${scope.tenantId} AND ${others.publicId} = ${publicId})`;
  return scope.update(
    customers,
    { defaultPaymentSourceId: inserted as unknown as number, updatedAt: now },
    and(
      eq(customers.id, customerId),
      // nothing inserted (a claim lost in the same batch): the default stays as it is
      sourceInserted(scope, publicId),
      force ? undefined : or(isNull(customers.defaultPaymentSourceId), notExists(liveById(scope, customerId))),
    ),
  );
}

/**
 * Statement: a method kept while paying becomes the default when the customer has
 * no usable default yet (their first method, issue 17), so AutoPay and the next
 * /pay preselect it. Conditional: a double settle or an existing default changes nothing.
 */
export function adoptDefaultIfNoneStmt(scope: TenantScope, customerId: number, sourceId: number, now: number) {
  return scope.update(
    customers,
    { defaultPaymentSourceId: sourceId, updatedAt: now },
    and(eq(customers.id, customerId), or(isNull(customers.defaultPaymentSourceId), notExists(liveById(scope, customerId)))),
  );
}

/** Subquery: the customer's current default is a live method. */
function liveById(scope: TenantScope, customerId: number) {
  return scope.db
    .select({ one: sql`1` })
    .from(others)
    .where(
      and(eq(others.tenantId, scope.tenantId), eq(others.customerId, customerId), eq(others.id, customers.defaultPaymentSourceId), isNull(others.deletedAt)),
    );
}

/** AutoPay on, only if it is off and the default is a live method (conditional: a double submit changes once). */
export function enrollAutopayIfDefault(scope: TenantScope, customerId: number, now: number) {
  return scope.update(
    customers,
    { autopay: true, updatedAt: now },
    and(eq(customers.id, customerId), eq(customers.autopay, false), exists(liveById(scope, customerId))),
  );
}

/** AutoPay off, only if it is on. */
export function cancelAutopay(scope: TenantScope, customerId: number, now: number) {
  return scope.update(customers, { autopay: false, updatedAt: now }, and(eq(customers.id, customerId), eq(customers.autopay, true)));
}

/**
 * The provider customer behind the customer's newest Stripe method (its token is
 * "cus_.../pm_..."), so new methods attach to the same Stripe customer.
 */
export async function lastStripeToken(my: CustomerScope): Promise<string | null> {
  const row = await my.select(paymentSources, eq(paymentSources.gateway, "stripe")).orderBy(desc(paymentSources.id)).limit(1).get();
  return row?.gatewayToken ?? null;
}

/** Subquery: the id of the method with this public id, for statements batched after its insert. */
export function sourceIdByPublicId(scope: Pick<TenantScope, "tenantId">, publicId: string) {
  return sql`(SELECT ${others.id} FROM ${othersFrom} WHERE ${others.tenantId} = ${scope.tenantId} AND ${others.publicId} = ${publicId})`;
}

/** A saved method (live or single-use) by internal id, of this customer only. */
export function findSourceById(scope: TenantScope, customerId: number, id: number) {
  return scope.select(paymentSources, and(eq(paymentSources.customerId, customerId), eq(paymentSources.id, id))).get();
}

/** Statement: a single-use method becomes a saved one (the customer asked to keep it and the charge went through). */
export function reviveSourceStmt(scope: TenantScope, customerId: number, sourceId: number) {
  return scope.update(paymentSources, { deletedAt: null }, and(eq(paymentSources.customerId, customerId), eq(paymentSources.id, sourceId)));
}

/** A customer's method with this provider token, live or not (a webhook and the return page may both try to save it). */
export function findSourceByToken(scope: TenantScope, customerId: number, gateway: string, token: string) {
  return scope
    .select(paymentSources, and(eq(paymentSources.customerId, customerId), eq(paymentSources.gateway, gateway), eq(paymentSources.gatewayToken, token)))
    .get();
}

/**
 * Statements: AutoPay on (and this method as default when none is set), then an
 * `autopay.enrolled` event (`data`: the customer as the API shows it after) only if
 * the customer was not enrolled already.
 */
export function enrollAutopayStmts(scope: TenantScope, customerId: number, sourceId: number | null, who: Actor, now: number, data: Record<string, unknown>) {
  return [
    scope.update(
      customers,
      {
        autopay: true,
        ...(sourceId ? { defaultPaymentSourceId: sql`coalesce(${customers.defaultPaymentSourceId}, ${sourceId})` as unknown as number } : {}),
        updatedAt: now,
      },
      and(eq(customers.id, customerId), eq(customers.autopay, false)),
    ),
    eventStatement(scope, { type: "autopay.enrolled", customerId, objectType: "customer", objectId: String(customerId), data }, who, now, {
      from: customers,
      when: scope.own(customers, eq(customers.id, customerId), changedOne),
    }),
  ] as const;
}
