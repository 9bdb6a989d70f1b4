import { contacts, customers, estimates, invoices, lineItems, paymentSources, payments } from "../../src/db/schema";
import type { TenantScope } from "../../src/db/scope";
import { publicId } from "../../src/lib/random";
import { DAY, nowSeconds } from "../../src/lib/time";

// Direct row builders for tests of portal pages. They bypass the API on purpose:
// a page test should not fail because the API changed.

let seq = 0;
const next = () => `${Date.now().toString(36)}-${seq++}`;

export async function makeCustomer(scope: TenantScope, over: Partial<typeof customers.$inferInsert> = {}) {
  const now = nowSeconds();
  const [row] = await scope
    .insert(customers, { name: "Ada Lovelace", number: `CUST-${next()}`, email: `ada-${next()}@example.com`, createdAt: now, updatedAt: now, ...over })
    .returning();
  return row!;
}

export async function makeContact(scope: TenantScope, customerId: number, over: Partial<typeof contacts.$inferInsert> = {}) {
  const now = nowSeconds();
  const [row] = await scope
    .insert(contacts, { customerId, name: "Grace Hopper", email: `grace-${next()}@example.com`, createdAt: now, updatedAt: now, ...over })
    .returning();
  return row!;
}

type LineSpec = { name?: string; quantityE4?: number; unitCost: number };

/** An invoice whose subtotal/total/balance are the sum of its lines (no discounts or taxes). */
export async function makeInvoice(
  scope: TenantScope,
  customerId: number,
  over: Partial<typeof invoices.$inferInsert> = {},
  lines: LineSpec[] = [{ unitCost: 10000 }],
) {
  const now = nowSeconds();
  const amounts = lines.map((l) => Math.round(((l.quantityE4 ?? 10000) * l.unitCost) / 10000));
  const total = amounts.reduce((a, b) => a + b, 0);
  const [row] = await scope
    .insert(invoices, {
      publicId: publicId(),
      customerId,
      number: `INV-${next()}`,
      currency: "usd",
      status: "sent",
      date: now - 10 * DAY,
      dueDate: now + 20 * DAY,
      subtotal: total,
      total,
      balance: total,
      createdAt: now,
      updatedAt: now,
      ...over,
    })
    .returning();
  await scope.insertMany(
    lineItems,
    lines.map((l, i) => ({
      invoiceId: row!.id,
      position: i,
      name: l.name ?? `Line ${i + 1}`,
      quantityE4: l.quantityE4 ?? 10000,
      unitCost: l.unitCost,
      amount: amounts[i]!,
    })),
  );
  return row!;
}

export async function makeEstimate(
  scope: TenantScope,
  customerId: number,
  over: Partial<typeof estimates.$inferInsert> = {},
  lines: LineSpec[] = [{ unitCost: 50000 }],
) {
  const now = nowSeconds();
  const amounts = lines.map((l) => Math.round(((l.quantityE4 ?? 10000) * l.unitCost) / 10000));
  const total = amounts.reduce((a, b) => a + b, 0);
  const [row] = await scope
    .insert(estimates, {
      publicId: publicId(),
      customerId,
      number: `EST-${next()}`,
      currency: "usd",
      status: "sent",
      date: now - DAY,
      expirationDate: now + 30 * DAY,
      subtotal: total,
      total,
      createdAt: now,
      updatedAt: now,
      ...over,
    })
    .returning();
  await scope.insertMany(
    lineItems,
    lines.map((l, i) => ({
      estimateId: row!.id,
      position: i,
      name: l.name ?? `Line ${i + 1}`,
      quantityE4: l.quantityE4 ?? 10000,
      unitCost: l.unitCost,
      amount: amounts[i]!,
    })),
  );
  return row!;
}

export async function makePaymentSource(scope: TenantScope, customerId: number, over: Partial<typeof paymentSources.$inferInsert> = {}) {
  const [row] = await scope
    .insert(paymentSources, {
      publicId: publicId(),
      customerId,
      type: "card",
      gateway: "test",
      gatewayToken: `tok_${next()}`,
      brand: "Visa",
      last4: "4242",
      expMonth: 12,
      expYear: new Date().getUTCFullYear() + 2,
      createdAt: nowSeconds(),
      ...over,
    })
    .returning();
  return row!;
}

export async function makePayment(scope: TenantScope, customerId: number, over: Partial<typeof payments.$inferInsert> = {}) {
  const now = nowSeconds();
  const [row] = await scope
    .insert(payments, {
      publicId: publicId(),
      customerId,
      date: now,
      currency: "usd",
      amount: 10000,
      status: "succeeded",
      createdAt: now,
      updatedAt: now,
      ...over,
    })
    .returning();
  return row!;
}
