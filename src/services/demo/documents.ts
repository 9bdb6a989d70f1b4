import { DAY } from "../../lib/time";
import { CUSTOMERS, ITEMS } from "./catalog";
import type { Prng } from "./prng";

/** What the demo shows of an invoice; the seed reaches each through the API plus a status change. */
type DemoInvoiceState = "draft" | "sent" | "viewed" | "past_due" | "partial" | "paid" | "voided";
type DemoEstimateState = "draft" | "sent" | "viewed" | "approved" | "declined" | "expired" | "invoiced" | "deposit";

/**
 * 199 invoices planned here plus the one made from the "invoiced" estimate: 200 in
 * all, spread as a real ledger would be.
 */
const INVOICE_MIX: Record<DemoInvoiceState, number> = {
  draft: 14,
  sent: 45,
  viewed: 24,
  past_due: 30,
  partial: 22,
  paid: 54,
  voided: 10,
};

const ESTIMATE_MIX: DemoEstimateState[] = [
  "draft",
  "sent",
  "sent",
  "viewed",
  "deposit",
  "approved",
  "approved",
  "approved",
  "declined",
  "declined",
  "expired",
  "expired",
  "invoiced",
];

export type DocumentPlan = {
  customerKey: string;
  currency: string;
  state: string;
  body: Record<string, unknown>;
};

function pickCustomer(rng: Prng): (typeof CUSTOMERS)[number] {
  const total = CUSTOMERS.reduce((s, c) => s + c.weight, 0);
  let r = rng.next() * total;
  for (const c of CUSTOMERS) {
    r -= c.weight;
    if (r < 0) return c;
  }
  return CUSTOMERS[0]!;
}

function lines(rng: Prng) {
  const n = rng.int(1, 4);
  return Array.from({ length: n }, () => {
    const item = rng.pick(ITEMS);
    // hours may be fractional (2.5 h): the API keeps quantities exact
    const quantity = item.id === "consulting-hour" ? rng.int(2, 80) / 2 : rng.int(1, 6);
    return { catalog_item: item.id, name: item.name, description: item.description, quantity, unit_cost: item.unit_cost };
  });
}

function adjustments(rng: Prng, currency: string, taxable: boolean) {
  const out: Record<string, unknown> = {};
  if (currency === "eur") out.taxes = [{ tax_rate: "vat" }];
  else if (taxable && rng.chance(0.6)) out.taxes = [{ tax_rate: "sales-tax" }];
  if (rng.chance(0.15)) out.discounts = [{ coupon: rng.pick(["welcome10", "loyalty5"]) }];
  return out;
}

/** Days before today for an invoice in this state, so that due dates fall where the state says. */
function ageInDays(rng: Prng, state: DemoInvoiceState): number {
  switch (state) {
    case "draft":
      return rng.int(0, 5);
    case "sent":
    case "viewed":
    case "partial":
      return rng.int(1, 25); // due in 30 days: still open, not late
    case "past_due":
      return rng.int(35, 200);
    default:
      return rng.int(5, 360);
  }
}

/** The 200 invoices, in a deterministic order, dated relative to `today` (unix seconds, start of day). */
export function planInvoices(rng: Prng, today: number): DocumentPlan[] {
  const states = Object.entries(INVOICE_MIX).flatMap(([s, n]) => Array<DemoInvoiceState>(n).fill(s as DemoInvoiceState));
  // Fisher-Yates with the seeded PRNG: numbers and dates interleave like a real ledger.
  for (let i = states.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [states[i], states[j]] = [states[j]!, states[i]!];
  }
  const plans: DocumentPlan[] = states.map((state) => {
    const customer = pickCustomer(rng);
    const currency = String(customer.body.currency);
    const date = today - ageInDays(rng, state) * DAY;
    return {
      customerKey: customer.key,
      currency,
      state,
      body: {
        currency,
        date,
        due_date: date + 30 * DAY,
        draft: state === "draft",
        ...(rng.chance(0.3) ? { purchase_order: `PO-${rng.int(1000, 9999)}` } : {}),
        items: lines(rng),
        ...adjustments(rng, currency, customer.body.taxable !== false),
      },
    };
  });
  // Number in date order, as a merchant's ledger would.
  plans.sort((a, b) => Number(a.body.date) - Number(b.body.date));
  for (const [i, p] of plans.entries()) p.body.number = `INV-${String(i + 1001).padStart(5, "0")}`;
  return plans;
}

function depositProject() {
  const item = (id: string, quantity: number) => {
    const i = ITEMS.find((x) => x.id === id)!;
    return { catalog_item: i.id, name: i.name, description: i.description, quantity, unit_cost: i.unit_cost };
  };
  return [item("onboarding", 1), item("training-day", 2), item("hardware-kit", 1)];
}

/** The estimates: one per state of interest, the first few for the demo customer. */
export function planEstimates(rng: Prng, today: number): DocumentPlan[] {
  return ESTIMATE_MIX.map((state, i) => {
    const customer = i < 8 ? CUSTOMERS[0]! : pickCustomer(rng);
    const currency = String(customer.body.currency);
    const date = today - (state === "expired" ? rng.int(40, 90) : rng.int(1, 20)) * DAY;
    return {
      customerKey: customer.key,
      currency,
      state,
      body: {
        number: `EST-${String(i + 101).padStart(4, "0")}`,
        currency,
        date,
        expiration_date: date + 30 * DAY,
        draft: state === "draft",
        // a deposit must not exceed the total: that estimate gets a project big enough for it
        items: state === "deposit" ? depositProject() : lines(rng),
        ...(state === "deposit" ? { deposit: 250 } : {}),
        ...adjustments(rng, currency, customer.body.taxable !== false),
      },
    };
  });
}
