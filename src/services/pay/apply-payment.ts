import { assertOneRowChanged, type BatchStatements, isGuardFailure } from "../../db/batch";
import { asInserted, objectDataWith } from "../../db/event-objects";
import { type Actor, eventStatement } from "../../db/events";
import {
  findPaymentByPublicId,
  insertApplicationStmt,
  insertPaymentStmt,
  lowerInvoiceBalanceStmt,
  markDepositPaidStmt,
  type NewPayment,
  type Payment,
  type PaymentApplication,
  paymentIdByPublicId,
} from "../../db/queries/payments";
import { paymentApplications, payments } from "../../db/schema";
import type { TenantScope } from "../../db/scope";
import { publicId as newPublicId } from "../../lib/random";
import { paymentToWire } from "../api/payment-wire";

/**
 * Recording a succeeded payment and applying it, shared by the merchant API
 * (offline payments) and the portal's online payments.
 *
 * Everything happens in ONE D1 batch (atomic): the payment row, one application
 * row per invoice/estimate/credit, each invoice's balance lowered by a conditional
 * write (`balance >= amount`, same currency, not draft or voided), and an audit
 * event. If any invoice no longer owes what we apply to it (paid meanwhile, S37),
 * the guard after its update fails and nothing of the batch is kept:
 * `PaymentConflictError` is thrown and the caller answers 409 (or marks its attempt failed).
 *
 * Amounts are integer minor units of `currency`, already checked by the caller
 * to be positive and to add up to at most `amount`.
 *
 * @example
 *   const payment = await applyPayment(scope, {
 *     customerId, currency: "usd", amount: 5000, method: "card", source: "portal",
 *     applications: [{ type: "invoice", invoiceId: 12, amount: 5000 }],
 *     lockId: attempt.id,
 *   }, now, { actor: "customer", ip, userAgent });
 */

export type PaymentApplicationInput =
  | { type: "invoice"; invoiceId: number; amount: number }
  | { type: "estimate"; estimateId: number; amount: number }
  | { type: "credit"; amount: number };

export type RecordPaymentInput = {
  customerId: number;
  currency: string;
  amount: number;
  applications: PaymentApplicationInput[];
  /** unix seconds; defaults to now */
  date?: number;
  method?: string;
  reference?: string | null;
  /** api (merchant), portal, autopay */
  source?: string;
  notes?: string | null;
  metadata?: Record<string, string>;
  /** give your own random public id to find the payment later; one is generated otherwise */
  publicId?: string;
  paymentSourceId?: number | null;
  methodBrand?: string | null;
  methodLast4?: string | null;
  gateway?: string | null;
  gatewayId?: string | null;
  /** the payment attempt holding the invoices' payment_lock: released on those invoices */
  lockId?: string | null;
};

export class PaymentConflictError extends Error {
  constructor() {
    super("An invoice no longer owes the amount applied to it (paid, voided or changed meanwhile)");
  }
}

/** The statements of the batch, for callers that add statements of their own (e.g. marking their attempt succeeded). */
/** `portalOrigin`: the tenant's portal origin, for the links of the payment its event carries. */
export function applyPaymentStatements(scope: TenantScope, input: RecordPaymentInput, now: number, who: Actor, portalOrigin: string) {
  const pid = input.publicId ?? newPublicId();
  const row: NewPayment = {
    publicId: pid,
    customerId: input.customerId,
    date: input.date ?? now,
    currency: input.currency.toLowerCase(),
    amount: input.amount,
    method: input.method ?? "other",
    reference: input.reference ?? null,
    source: input.source ?? "api",
    status: "succeeded",
    paymentSourceId: input.paymentSourceId ?? null,
    methodBrand: input.methodBrand ?? null,
    methodLast4: input.methodLast4 ?? null,
    gateway: input.gateway ?? null,
    gatewayId: input.gatewayId ?? null,
    notes: input.notes ?? null,
    metadata: input.metadata ?? {},
    createdAt: now,
    updatedAt: now,
  };
  const statements: BatchStatements = [insertPaymentStmt(scope, row)];
  const currency = input.currency.toLowerCase();
  for (const a of input.applications) {
    if (a.type === "invoice") {
      statements.push(lowerInvoiceBalanceStmt(scope, a.invoiceId, a.amount, currency, now, input.lockId), assertOneRowChanged(scope));
      statements.push(insertApplicationStmt(scope, pid, { type: "invoice", invoiceId: a.invoiceId, amount: a.amount }));
    } else if (a.type === "estimate") {
      statements.push(markDepositPaidStmt(scope, a.estimateId, a.amount, currency, now), assertOneRowChanged(scope));
      statements.push(insertApplicationStmt(scope, pid, { type: "estimate", estimateId: a.estimateId, amount: a.amount }));
    } else {
      statements.push(insertApplicationStmt(scope, pid, { type: "credit", amount: a.amount }));
    }
  }
  statements.push(
    eventStatement(
      scope,
      {
        type: "payment.created",
        customerId: input.customerId,
        objectType: "payment",
        objectId: pid,
        // the payment as GET /payments/{id} will show it; its id comes from the insert
        data: objectDataWith(paymentToWire(asInserted(payments, { ...row, id: 0 }), applicationsOfInput(input), portalOrigin), {
          id: paymentIdByPublicId(scope, pid),
        }),
      },
      who,
      now,
    ),
  );
  return { publicId: pid, statements };
}

/** The applications as they will be stored (the wire shows type, document and amount). */
const applicationsOfInput = (input: RecordPaymentInput): PaymentApplication[] =>
  input.applications.map((a) =>
    asInserted(paymentApplications, {
      type: a.type,
      invoiceId: a.type === "invoice" ? a.invoiceId : null,
      estimateId: a.type === "estimate" ? a.estimateId : null,
      amount: a.amount,
    }),
  );

/** Runs the batch; returns the stored payment or throws PaymentConflictError (nothing kept). */
export async function applyPayment(scope: TenantScope, input: RecordPaymentInput, now: number, who: Actor, portalOrigin: string): Promise<Payment> {
  const { publicId, statements } = applyPaymentStatements(scope, input, now, who, portalOrigin);
  try {
    await scope.batch(statements);
  } catch (err) {
    if (isGuardFailure(err)) throw new PaymentConflictError();
    throw err;
  }
  return (await findPaymentByPublicId(scope, publicId))!;
}
