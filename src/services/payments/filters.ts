import type { PaymentQuery } from "../../db/queries/payment-history";
import * as z from "../../lib/zod";
import { dayStart, isoDay } from "../invoices/filters";

/**
 * The payment list's query string (issue 17.7): date range, method, status and page,
 * parsed once for the page and its CSV export, as the invoice list's is. A bad value
 * is a message per field (422 page, 422 text for the CSV), never a silent guess.
 */

const PAYMENT_METHOD_FILTERS = ["all", "card", "bank", "check", "wire_transfer", "cash", "paypal", "balance", "other"] as const;
const PAYMENT_STATUS_FILTERS = ["all", "succeeded", "pending", "failed", "voided"] as const;
const MAX_PAGE = 999_999;

/** Methods as stored (Invoiced's `method`), grouped the way a customer names them. */
const METHODS_OF: Record<Exclude<PaymentMethodFilter, "all">, string[]> = {
  card: ["credit_card", "card"],
  bank: ["ach", "bank_account", "direct_debit", "eft"],
  check: ["check"],
  wire_transfer: ["wire_transfer"],
  cash: ["cash"],
  paypal: ["paypal"],
  balance: ["balance"],
  other: ["other"],
};

type PaymentMethodFilter = (typeof PAYMENT_METHOD_FILTERS)[number];
type PaymentStatusFilter = (typeof PAYMENT_STATUS_FILTERS)[number];

export type PaymentFilter = {
  method: PaymentMethodFilter;
  status: PaymentStatusFilter;
  /** unix seconds, inclusive start of the `from` day (UTC) */
  from: number | null;
  /** unix seconds, exclusive end of the `to` day (UTC) */
  to: number | null;
  page: number;
};

export type PaymentFilterInput = Record<"method" | "status" | "from" | "to" | "page", string>;

export type PaymentFilterResult =
  | { ok: true; filter: PaymentFilter; input: PaymentFilterInput }
  | { ok: false; errors: Partial<Record<keyof PaymentFilterInput, string>>; input: PaymentFilterInput };

const schema = z.once(() =>
  z.object({
    method: z.enum(PAYMENT_METHOD_FILTERS, { error: "Choose a payment method from the list." }),
    status: z.enum(PAYMENT_STATUS_FILTERS, { error: "Choose succeeded, pending, failed, voided or all." }),
    from: z.union([z.literal(""), isoDay()]),
    to: z.union([z.literal(""), isoDay()]),
    page: z.string().regex(/^[1-9]\d{0,5}$/, `The page must be a whole number from 1 to ${MAX_PAGE}.`),
  }),
);

const DEFAULTS: PaymentFilterInput = { method: "all", status: "all", from: "", to: "", page: "1" };

export function parsePaymentFilter(params: URLSearchParams): PaymentFilterResult {
  const input: PaymentFilterInput = {
    method: params.get("method") || "all",
    status: params.get("status") || "all",
    from: (params.get("from") ?? "").trim(),
    to: (params.get("to") ?? "").trim(),
    page: params.get("page") || "1",
  };
  const parsed = schema().safeParse(input);
  if (!parsed.success) {
    const errors: Partial<Record<keyof PaymentFilterInput, string>> = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as keyof PaymentFilterInput] ??= issue.message;
    return { ok: false, errors, input };
  }
  const v = parsed.data;
  const from = v.from ? dayStart(v.from)! : null;
  const to = v.to ? dayStart(v.to)! + 86400 : null;
  if (from !== null && to !== null && to <= from) return { ok: false, errors: { to: "The end date must be on or after the start date." }, input };
  return { ok: true, input, filter: { method: v.method, status: v.status, from, to, page: Number(v.page) } };
}

/** Whether anything but the page differs from the unfiltered list (the "Filter" panel opens). */
export function paymentFiltersSet(input: PaymentFilterInput): boolean {
  return input.method !== "all" || input.status !== "all" || input.from !== "" || input.to !== "";
}

/** The query string for these filters, defaults left out. */
export function paymentFilterQuery(input: PaymentFilterInput, over: Partial<PaymentFilterInput> = {}): string {
  const all = { ...input, ...over };
  const p = new URLSearchParams();
  for (const k of Object.keys(DEFAULTS) as (keyof PaymentFilterInput)[]) if (all[k] !== DEFAULTS[k]) p.set(k, all[k]);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The parsed filter as the query wants it. */
export function paymentQuery(f: PaymentFilter): PaymentQuery {
  return {
    methods: f.method === "all" ? null : METHODS_OF[f.method],
    status: f.status === "all" ? null : f.status,
    from: f.from,
    to: f.to,
  };
}
