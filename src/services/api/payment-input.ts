import type { InvoiceRow, LineRow } from "../../db/queries/documents";
import { LOCK_STALE_SECONDS } from "../../db/queries/payment-attempts";
import { documentsByIds } from "../../db/queries/payments";
import type { TenantScope } from "../../db/scope";
import { minorOf } from "../../lib/api/decimal";
import { conflict, invalidRequest } from "../../lib/api-error";
import { formatMoney } from "../../lib/money";
import * as z from "../../lib/zod";
import type { PaymentApplicationInput } from "../pay/apply-payment";
import { currencySchema, decimalInput, metadataSchema, optionalText, unixTime } from "./wire";

/**
 * What `POST /payments` accepts, and the checks on `applied_to` before anything is
 * written. These checks give clear answers (400 for a request that can never work,
 * 409 for a document whose state forbids it now); the conditional writes in
 * applyPayment's batch stay the real guard against races (S37).
 */

/** Offline payment methods, as Invoiced names them. */
const PAYMENT_METHODS = ["ach", "cash", "check", "credit_card", "direct_debit", "eft", "paypal", "wire_transfer", "other"] as const;

const MAX_APPLICATIONS = 25;

const applicationSchema = z.strictObject({
  type: z.enum(["invoice", "estimate", "credit"]),
  invoice: z.int().positive().optional(),
  estimate: z.int().positive().optional(),
  amount: decimalInput(),
});

export const paymentCreateSchema = z.strictObject({
  customer: z.int().positive(),
  amount: decimalInput(),
  currency: currencySchema().optional(),
  date: unixTime().optional(),
  method: z.enum(PAYMENT_METHODS).optional(),
  reference: optionalText(255).optional(),
  notes: optionalText(10_000).optional(),
  metadata: metadataSchema().optional(),
  applied_to: z.array(applicationSchema).max(MAX_APPLICATIONS, `at most ${MAX_APPLICATIONS} applications per payment`).optional(),
});

export const paymentUpdateSchema = z.strictObject({
  reference: optionalText(255).optional(),
  notes: optionalText(10_000).optional(),
  metadata: metadataSchema().optional(),
});

/** Fields of a payment that never change: a wrong payment is voided (DELETE) and recorded again. */
export const PAYMENT_FIXED = ["customer", "amount", "currency", "date", "method", "applied_to"] as const;

export const PAYMENT_READ_ONLY = ["id", "object", "status", "voided", "balance", "source", "pdf_url", "created_at", "updated_at"] as const;

type Application = z.output<typeof applicationSchema>;

/** Shape and sums of `applied_to`, in minor units: 400s only (nothing read yet). */
export function parseApplications(list: Application[], currency: string, amount: number): PaymentApplicationInput[] {
  const seen = new Set<string>();
  let total = 0;
  const out = list.map((a, i): PaymentApplicationInput => {
    const p = `applied_to[${i}]`;
    const minor = minorOf(a.amount, currency, `${p}.amount`);
    if (minor <= 0) throw invalidRequest(`${p}.amount must be greater than 0`, `${p}.amount`);
    total += minor;
    const needs = a.type === "invoice" ? "invoice" : a.type === "estimate" ? "estimate" : null;
    for (const k of ["invoice", "estimate"] as const) {
      if (k === needs && a[k] === undefined) throw invalidRequest(`${p}.${k} is required when type is ${a.type}`, `${p}.${k}`);
      if (k !== needs && a[k] !== undefined) throw invalidRequest(`${p}.${k} is not allowed when type is ${a.type}`, `${p}.${k}`);
    }
    if (needs) {
      const key = `${needs}:${a[needs]}`;
      if (seen.has(key)) throw invalidRequest(`${p}: ${needs} ${a[needs]} appears more than once; apply one amount to it`, `${p}.${needs}`);
      seen.add(key);
    }
    if (a.type === "invoice") return { type: "invoice", invoiceId: a.invoice!, amount: minor };
    if (a.type === "estimate") return { type: "estimate", estimateId: a.estimate!, amount: minor };
    return { type: "credit", amount: minor };
  });
  if (total > amount) {
    throw invalidRequest(
      `applied_to adds up to ${formatMoney(total, currency)}, more than the payment's amount of ${formatMoney(amount, currency)}`,
      "applied_to",
    );
  }
  return out;
}

/**
 * Each invoice and estimate must be the customer's (another customer's or tenant's id
 * reads as "No such", S31), in the payment's currency, open, and owe at least the
 * amount applied to it. Returns the customer's invoices applied to, with their lines.
 */
export async function checkApplicationTargets(
  scope: TenantScope,
  customerId: number,
  currency: string,
  apps: PaymentApplicationInput[],
  now: number,
): Promise<{ invoices: Map<number, InvoiceRow>; lines: LineRow[] }> {
  const invoiceIds = apps.flatMap((a) => (a.type === "invoice" ? [a.invoiceId] : []));
  const estimateIds = apps.flatMap((a) => (a.type === "estimate" ? [a.estimateId] : []));
  if (!invoiceIds.length && !estimateIds.length) return { invoices: new Map(), lines: [] };
  const docs = await documentsByIds(scope, invoiceIds, estimateIds);
  const invoiceById = new Map(docs.invoices.filter((r) => r.customerId === customerId).map((r) => [r.id, r]));
  const estimateById = new Map(docs.estimates.filter((r) => r.customerId === customerId).map((r) => [r.id, r]));
  const upper = currency.toUpperCase();

  apps.forEach((a, i) => {
    const p = `applied_to[${i}]`;
    if (a.type === "invoice") {
      const inv = invoiceById.get(a.invoiceId);
      if (!inv) throw invalidRequest(`No such invoice for this customer: ${a.invoiceId}`, `${p}.invoice`);
      if (inv.currency !== currency)
        throw invalidRequest(`Invoice ${inv.number} is in ${inv.currency.toUpperCase()}; the payment is in ${upper}`, `${p}.invoice`);
      if (inv.draft) throw conflict(`Invoice ${inv.number} is a draft and cannot be paid yet`, `${p}.invoice`);
      if (inv.voided) throw conflict(`Invoice ${inv.number} is voided`, `${p}.invoice`);
      if (inv.closed) throw conflict(`Invoice ${inv.number} is closed`, `${p}.invoice`);
      if (inv.paid || inv.balance === 0) throw conflict(`Invoice ${inv.number} is already paid`, `${p}.invoice`);
      if (a.amount > inv.balance) {
        throw conflict(`${p}.amount is more than invoice ${inv.number} owes (${formatMoney(inv.balance, currency)})`, `${p}.amount`);
      }
      if (inv.paymentLock !== null && (inv.paymentLockAt ?? 0) >= now - LOCK_STALE_SECONDS) {
        throw conflict(`Invoice ${inv.number} is being paid in the portal right now; retry in a few minutes`, `${p}.invoice`);
      }
    } else if (a.type === "estimate") {
      const est = estimateById.get(a.estimateId);
      if (!est) throw invalidRequest(`No such estimate for this customer: ${a.estimateId}`, `${p}.estimate`);
      if (est.currency !== currency)
        throw invalidRequest(`Estimate ${est.number} is in ${est.currency.toUpperCase()}; the payment is in ${upper}`, `${p}.estimate`);
      if (est.deposit <= 0) throw invalidRequest(`Estimate ${est.number} asks for no deposit`, `${p}.estimate`);
      if (est.depositPaid) throw conflict(`The deposit of estimate ${est.number} is already paid`, `${p}.estimate`);
      if (["voided", "declined", "invoiced"].includes(est.status)) throw conflict(`Estimate ${est.number} is ${est.status}`, `${p}.estimate`);
      if (a.amount !== est.deposit) {
        throw invalidRequest(`${p}.amount must equal the deposit of estimate ${est.number} (${formatMoney(est.deposit, currency)})`, `${p}.amount`);
      }
    }
  });
  return { invoices: invoiceById, lines: docs.lines };
}
