import type { TenantScope } from "../../db/scope";
import { fromMinor, toMinor } from "../../lib/money";
import { DAY } from "../../lib/time";
import type { DemoApi } from "./api-client";
import { customerAnswersEstimate, customerViewsEstimate, customerViewsInvoice } from "./customer-actions";
import type { DocumentPlan } from "./documents";
import type { Prng } from "./prng";

/** A demo customer as the API created it. */
export type SeededCustomer = { id: number; name: string; email: string | null };

type Ctx = { api: DemoApi; scope: TenantScope; customers: Map<string, SeededCustomer>; rng: Prng; now: number };
type Doc = { id: number; public_id: string; number: string; balance?: number; currency: string; url: string };

const METHODS = ["check", "ach", "wire_transfer", "credit_card", "check", "ach"] as const;

const customerOf = (ctx: Ctx, key: string) => {
  const c = ctx.customers.get(key);
  if (!c) throw new Error(`demo seed: unknown customer ${key}`);
  return c;
};

/** A moment after `date` (the customer acted later), never in the future. */
const after = (ctx: Ctx, date: number, maxDays: number) => Math.min(ctx.now, date + ctx.rng.int(1, maxDays) * DAY);

/** Records an offline payment through the API and applies it to one invoice. */
async function pay(ctx: Ctx, doc: Doc, customerId: number, minor: number, date: number, key: string) {
  const amount = fromMinor(minor, doc.currency);
  await ctx.api.post(
    "/payments",
    {
      customer: customerId,
      amount,
      currency: doc.currency,
      date,
      method: ctx.rng.pick(METHODS),
      reference: `${doc.number}-${ctx.rng.int(1000, 9999)}`,
      applied_to: [{ type: "invoice", invoice: doc.id, amount }],
    },
    key,
  );
}

/** Creates each invoice through the API, then takes it to its planned state. */
export async function seedInvoices(ctx: Ctx, plans: DocumentPlan[]): Promise<void> {
  for (const plan of plans) {
    const customer = customerOf(ctx, plan.customerKey);
    const number = String(plan.body.number);
    const issued = plan.state !== "draft";
    const doc = await ctx.api.post<Doc>("/invoices", { ...plan.body, customer: customer.id, ...(issued ? { sent: true } : {}) }, `invoice:${number}`);
    const date = Number(plan.body.date);
    const balance = toMinor(doc.balance ?? 0, doc.currency);
    switch (plan.state) {
      case "viewed":
        await customerViewsInvoice(ctx.scope, customer.id, doc.public_id, after(ctx, date, 3));
        break;
      case "partial": {
        // 20 to 70 % paid, in whole minor units
        const part = Math.max(1, Math.floor((balance * ctx.rng.int(20, 70)) / 100));
        await pay(ctx, doc, customer.id, part, after(ctx, date, 10), `payment:${number}`);
        break;
      }
      case "paid":
        await pay(ctx, doc, customer.id, balance, after(ctx, date, 30), `payment:${number}`);
        break;
      case "voided":
        await ctx.api.post(`/invoices/${doc.id}/void`, {}, `invoice:${number}:void`);
        break;
      // draft, sent and past_due (a sent invoice whose due date has passed) are as created
    }
  }
}

const DECLINE_REASONS = ["We went with another supplier this quarter.", "Budget was cut; we will come back next year."];

/** Creates each estimate through the API, then the customer's answer in the portal where planned. */
export async function seedEstimates(ctx: Ctx, plans: DocumentPlan[]): Promise<void> {
  let declined = 0;
  for (const plan of plans) {
    const customer = customerOf(ctx, plan.customerKey);
    const number = String(plan.body.number);
    const issued = plan.state !== "draft";
    const doc = await ctx.api.post<Doc>("/estimates", { ...plan.body, customer: customer.id, ...(issued ? { sent: true } : {}) }, `estimate:${number}`);
    const when = after(ctx, Number(plan.body.date), 3);
    switch (plan.state) {
      case "viewed":
        await customerViewsEstimate(ctx.scope, customer.id, doc.public_id, when);
        break;
      case "approved":
        await customerAnswersEstimate(ctx.scope, customer, doc.public_id, { approve: true }, when, new URL(doc.url).origin);
        break;
      case "declined":
        await customerAnswersEstimate(
          ctx.scope,
          customer,
          doc.public_id,
          { approve: false, reason: DECLINE_REASONS[declined++ % 2]! },
          when,
          new URL(doc.url).origin,
        );
        break;
      case "invoiced":
        await customerAnswersEstimate(ctx.scope, customer, doc.public_id, { approve: true }, when, new URL(doc.url).origin);
        await ctx.api.post(`/estimates/${doc.id}/invoice`, {}, `estimate:${number}:invoice`);
        break;
      // draft, sent, deposit (sent, with a deposit to pay on approval) and expired (sent, past its expiration date) are as created
    }
  }
}
