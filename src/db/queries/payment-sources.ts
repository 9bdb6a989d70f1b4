import { and, asc, eq, isNull } from "drizzle-orm";
import type { CustomerScope, TenantScope } from "../scope";
import { paymentSources } from "../schema";

export type PaymentSource = typeof paymentSources.$inferSelect;
export type NewPaymentSource = Omit<typeof paymentSources.$inferInsert, "tenantId" | "id" | "deletedAt">;

const live = isNull(paymentSources.deletedAt);

/** A customer's saved methods that are not removed, oldest first. Works for both scopes. */
export function listPaymentSources(scope: TenantScope, customerId: number): Promise<PaymentSource[]> {
  return scope
    .select(paymentSources, and(eq(paymentSources.customerId, customerId), live))
    .orderBy(asc(paymentSources.createdAt), asc(paymentSources.id))
    .all();
}

/** One live method of the signed-in customer by its public id (portal URLs), else undefined (S31). */
export function findMyPaymentSource(my: CustomerScope, publicId: string): Promise<PaymentSource | undefined> {
  return my.select(paymentSources, and(eq(paymentSources.publicId, publicId), live)).get();
}

/** One live method of a customer of this tenant by its numeric id (the API), else undefined (S31). */
export function findCustomerPaymentSource(scope: TenantScope, customerId: number, id: number) {
  return scope.select(paymentSources, and(eq(paymentSources.customerId, customerId), eq(paymentSources.id, id), live)).get();
}

export function insertPaymentSource(scope: TenantScope, row: NewPaymentSource) {
  return scope.insert(paymentSources, row).returning();
}

/**
 * Soft delete: payments keep pointing at the row for receipts. Conditional on
 * `deleted_at IS NULL`, so a second remove changes nothing and the caller can tell.
 */
export function softDeletePaymentSource(scope: TenantScope, customerId: number, id: number, now: number) {
  return scope.update(
    paymentSources,
    { deletedAt: now },
    and(eq(paymentSources.customerId, customerId), eq(paymentSources.id, id), live),
  );
}
