import { MAX_INVOICES, type PayEstimate, type PayInvoice } from "../../db/queries/payable-documents";
import { LOCK_STALE_SECONDS } from "../../db/queries/payment-attempts";
import type { Tenant } from "../../db/queries/types";
import { formatMoney } from "../../lib/money";
import { pluralWord } from "../../presentation/plural";
import { parseTypedAmount } from "./amounts";
import type { PaymentApplicationInput } from "./apply-payment";

/**
 * What the customer asked to pay, checked against stored rows and the tenant's
 * settings (S35: a typed amount is only a request; settings are enforced here, on
 * the server, not by hiding fields). Pure: the route loads the rows, this decides.
 */

type PaySettings = Pick<Tenant, "allowPartialPayments" | "allowAdvancePayments" | "name">;

export type PaySelection = {
  /** public ids of the ticked invoices */
  invoices: string[];
  /** typed amount per invoice public id; a missing entry means "the full balance" */
  amounts: Record<string, string>;
  /** typed advance payment, "" for none */
  advance: string;
  /** public id of the estimate whose deposit is paid, or null */
  estimate: string | null;
};

export type PlanContext = {
  /** the customer's visible invoices among those named in the selection (S31: others are absent) */
  named: PayInvoice[];
  /** the customer's estimate named by the selection, if found */
  estimate: PayEstimate | null;
  settings: PaySettings;
  /** currency of an advance payment when no invoice sets one */
  fallbackCurrency: string;
  now: number;
};

export type PlanLine =
  | { type: "invoice"; invoiceId: number; publicId: string; number: string; balance: number; amount: number }
  | { type: "estimate"; estimateId: number; publicId: string; number: string; amount: number }
  | { type: "credit"; amount: number };

/** Field name -> message; "invoice" holds problems with the selection as a whole. */
type PlanErrors = Record<string, string>;

export type PlanResult = { currency: string | null; amount: number; lines: PlanLine[]; errors: PlanErrors };

/** An advance payment above this is surely a typing mistake (and above what card networks take). */
const MAX_ADVANCE_MAJOR = 1_000_000;

const isOpen = (i: PayInvoice) => i.balance > 0 && !i.paid && i.status !== "paid" && i.status !== "pending";

export function amountField(publicId: string): string {
  return `amount_${publicId}`;
}

export function buildPlan(sel: PaySelection, ctx: PlanContext): PlanResult {
  const errors: PlanErrors = {};
  const lines: PlanLine[] = [];
  const money = (minor: number, cur: string) => formatMoney(minor, cur);

  const wanted = [...new Set(sel.invoices)];
  if (wanted.length > MAX_INVOICES) errors.invoice = `Choose at most ${MAX_INVOICES} invoices for one payment.`;
  const byId = new Map(ctx.named.map((i) => [i.publicId, i]));
  const chosen: PayInvoice[] = [];
  for (const pid of wanted.slice(0, MAX_INVOICES)) {
    const inv = byId.get(pid);
    if (!inv) errors.invoice ??= "One of the chosen invoices could not be found. Reload the page and choose again.";
    else if (!isOpen(inv)) errors.invoice ??= `Invoice ${inv.number} is already paid.`;
    else if (inv.paymentLock && (inv.paymentLockAt ?? 0) >= ctx.now - LOCK_STALE_SECONDS) {
      errors.invoice ??= `A payment for invoice ${inv.number} is already in progress. Check your payments, or try again in a few minutes.`;
    } else chosen.push(inv);
  }

  let est: PayEstimate | null = null;
  if (sel.estimate !== null) {
    const e = ctx.estimate;
    if (!e || e.publicId !== sel.estimate) errors.estimate = "The estimate could not be found.";
    else if (e.deposit <= 0) errors.estimate = `Estimate ${e.number} asks for no deposit.`;
    else if (e.depositPaid) errors.estimate = `The deposit for estimate ${e.number} is already paid.`;
    else if (e.status !== "approved" && e.status !== "invoiced") errors.estimate = `Approve estimate ${e.number} before paying its deposit.`;
    else if (e.paymentLock && (e.paymentLockAt ?? 0) >= ctx.now - LOCK_STALE_SECONDS) {
      errors.estimate = `A payment for the deposit of estimate ${e.number} is already in progress.`;
    } else est = e;
  }

  const currencies = new Set([...chosen.map((i) => i.currency), ...(est ? [est.currency] : [])]);
  if (currencies.size > 1) {
    errors.invoice = "Invoices in different currencies cannot be paid together. Choose invoices in one currency.";
    return { currency: null, amount: 0, lines: [], errors };
  }
  const currency = [...currencies][0] ?? ctx.fallbackCurrency;

  for (const inv of chosen) {
    const field = amountField(inv.publicId);
    const typed = sel.amounts[inv.publicId];
    if (typed === undefined) {
      lines.push({ type: "invoice", invoiceId: inv.id, publicId: inv.publicId, number: inv.number, balance: inv.balance, amount: inv.balance });
      continue;
    }
    // issue 17: the summary on top lists every problem, so each names its invoice
    const fail = (message: string) => {
      errors[field] = `Invoice ${inv.number}: ${message}`;
    };
    const parsed = parseTypedAmount(typed, inv.currency);
    if (!parsed.ok) {
      fail(parsed.message);
      continue;
    }
    if (parsed.minor <= 0) fail("The amount must be more than zero.");
    else if (parsed.minor > inv.balance) fail(`The amount cannot be more than the balance of ${money(inv.balance, inv.currency)}.`);
    else if (parsed.minor < inv.balance && !ctx.settings.allowPartialPayments) {
      fail(`${ctx.settings.name} does not accept partial payments: pay the full balance of ${money(inv.balance, inv.currency)}.`);
    } else lines.push({ type: "invoice", invoiceId: inv.id, publicId: inv.publicId, number: inv.number, balance: inv.balance, amount: parsed.minor });
  }

  if (est) lines.push({ type: "estimate", estimateId: est.id, publicId: est.publicId, number: est.number, amount: est.deposit });

  if (sel.advance.trim() !== "") {
    const parsed = parseTypedAmount(sel.advance, currency);
    if (!ctx.settings.allowAdvancePayments) errors.advance_amount = `${ctx.settings.name} does not accept advance payments.`;
    else if (!parsed.ok) errors.advance_amount = parsed.message;
    else if (parsed.minor > 0) {
      const cap = parseTypedAmount(String(MAX_ADVANCE_MAJOR), currency);
      if (cap.ok && parsed.minor > cap.minor) errors.advance_amount = `An advance payment can be at most ${money(cap.minor, currency)}.`;
      else lines.push({ type: "credit", amount: parsed.minor });
    }
  }

  if (lines.length === 0 && Object.keys(errors).length === 0) {
    errors.invoice = ctx.settings.allowAdvancePayments
      ? "Choose at least one invoice to pay, or enter an advance payment."
      : "Choose at least one invoice to pay.";
  }
  const amount = lines.reduce((a, l) => a + l.amount, 0);
  if (!Number.isSafeInteger(amount)) errors.invoice = "The total is too large.";
  return { currency, amount, lines, errors };
}

/** How the payment is applied, in the shape applyPayment takes. */
export function allocationsOf(lines: PlanLine[]): PaymentApplicationInput[] {
  return lines.map((l) =>
    l.type === "invoice"
      ? { type: "invoice", invoiceId: l.invoiceId, amount: l.amount }
      : l.type === "estimate"
        ? { type: "estimate", estimateId: l.estimateId, amount: l.amount }
        : { type: "credit", amount: l.amount },
  );
}

/** "Invoices INV-1, INV-2", "Deposit for estimate EST-3", "Advance payment", joined with " and ". */
export function describePlan(lines: PlanLine[]): string {
  const inv = lines.filter((l) => l.type === "invoice").map((l) => (l.type === "invoice" ? l.number : ""));
  const parts: string[] = [];
  if (inv.length) parts.push(`${pluralWord(inv.length, "Invoice")} ${inv.join(", ")}`);
  for (const l of lines) if (l.type === "estimate") parts.push(`Deposit for estimate ${l.number}`);
  if (lines.some((l) => l.type === "credit")) parts.push(parts.length ? "an advance payment" : "Advance payment");
  return parts.join(" and ").slice(0, 500);
}
