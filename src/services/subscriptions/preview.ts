import type { InvoiceRow, LineRow } from "../../db/queries/documents";
import { pendingItemsOf } from "../../db/queries/pending-line-items";
import type { Subscription } from "../../db/queries/subscriptions";
import { fromMinor } from "../../lib/money";
import type { OriginEnv } from "../../lib/origins";
import { invoiceJson } from "../api/invoices";
import { type CreateCtx, newSubscriptionColumns } from "./create";
import { priceSubscriptionPeriod } from "./engine";
import { mrrOf, periodOf, priceBase, recurringTotalOf } from "./engine-input";
import type { SubscriptionCreate } from "./input";
import { draftLineRows } from "./line-columns";

/**
 * `POST /subscriptions/preview`: what creating this subscription would invoice
 * first, from the same rules and the same pricing function as the create and the
 * renewal, with nothing stored. Invoiced answers a raw object (not a subscription).
 */
export async function previewSubscription(ctx: CreateCtx & { env: OriginEnv }, body: SubscriptionCreate, raw: Record<string, unknown>) {
  const { row, customer } = await newSubscriptionColumns(ctx, body, raw);
  const sub = { ...row, id: 0 } as Subscription;
  const k = row.periodsBilled ?? 0;
  const period = periodOf(sub, ctx.tenant.timeZone, k);
  const pending = await pendingItemsOf(ctx.scope, customer.id, sub.currency);
  const draft = priceSubscriptionPeriod({ ...priceBase(sub), period, prorations: [], pendingItems: pending });
  const invoice: InvoiceRow = {
    id: 0,
    publicId: "",
    tenantId: ctx.scope.tenantId,
    customerId: customer.id,
    name: null,
    number: "",
    currency: draft.currency,
    draft: true,
    closed: false,
    date: Math.max(ctx.now, row.renewsNext ?? ctx.now),
    paymentTerms: customer.paymentTerms,
    purchaseOrder: null,
    notes: null,
    terms: null,
    discounts: draft.discounts,
    taxes: draft.taxes.map(({ inclusive: _i, ...t }) => t),
    subtotal: draft.subtotal,
    totalDiscounts: draft.totalDiscounts,
    totalTaxes: draft.totalTaxes,
    total: draft.total,
    status: "draft",
    paid: false,
    voided: false,
    dueDate: null,
    balance: draft.total,
    paymentLock: null,
    paymentLockAt: null,
    estimateId: null,
    metadata: {},
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  // the lines the invoice would hold, as rows of no document yet
  const lines: LineRow[] = draftLineRows(draft).map((l) => ({ ...l, id: 0, tenantId: ctx.scope.tenantId, invoiceId: null, estimateId: null }) as LineRow);
  const json = invoiceJson(invoice, lines, { env: ctx.env, username: ctx.tenant.username, now: ctx.now });
  const first_invoice = {
    ...json,
    id: null,
    number: null,
    public_id: null,
    url: null,
    pdf_url: null,
    payment_url: null,
    items: json.items.map((item) => ({ ...item, id: null })),
  };
  return { first_invoice, recurring_total: fromMinor(recurringTotalOf(sub), sub.currency), mrr: fromMinor(mrrOf(sub), sub.currency) };
}
