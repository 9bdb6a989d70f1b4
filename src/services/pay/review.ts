import { insertAttempt } from "../../db/queries/payment-attempts";
import { insertPaymentSource } from "../../db/queries/payment-sources";
import { publicId, randomString } from "../../lib/random";
import type { PayDeps } from "./deps";
import type { PayForm } from "./input";
import { resolveMethod } from "./method";
import type { PayData } from "./page-data";
import { allocationsOf, buildPlan, describePlan } from "./plan";

export type ReviewResult = { ok: true; clientKey: string } | { ok: false; errors: Record<string, string> };

/**
 * The pay form's POST: checks what is asked against stored balances and the tenant's
 * settings, turns a typed card into a token (test gateway), and writes the payment
 * attempt that the confirmation page shows and the confirm button charges. Nothing
 * is charged here; the attempt (and its id, the idempotency key, S36) exists before
 * any gateway call.
 */
export async function reviewPayment(d: PayDeps, form: PayForm, data: PayData): Promise<ReviewResult> {
  const plan = buildPlan(form.selection, {
    named: data.named,
    estimate: data.estimate,
    settings: d.tenant,
    fallbackCurrency: d.customer.currency ?? d.tenant.currency,
    now: d.now,
  });
  const method = await resolveMethod(form, d.gateway, data.sources, d.tenant, d.customer);
  const errors = { ...plan.errors, ...(method.ok ? {} : method.errors) };
  if (!method.ok || !plan.currency || Object.keys(errors).length) return { ok: false, errors };

  let sourceId: number | null = null;
  const m = method.method;
  if (m.kind === "saved") sourceId = m.source.id;
  if (m.kind === "new") {
    // Stored hidden (deleted) until the charge succeeds and the customer asked to keep it.
    const [row] = await insertPaymentSource(d.scope, { ...m.stored, publicId: publicId(), customerId: d.customer.id, createdAt: d.now, deletedAt: d.now });
    sourceId = row!.id;
  }

  const clientKey = randomString(24);
  await insertAttempt(d.scope, {
    id: `pa_${randomString(24)}`,
    customerId: d.customer.id,
    clientKey,
    status: "pending",
    currency: plan.currency,
    amount: plan.amount,
    allocations: allocationsOf(plan.lines),
    paymentSourceId: sourceId,
    gateway: d.gateway.kind,
    autopayEnroll: method.autopay,
    saveSource: method.save,
    description: describePlan(plan.lines),
    createdAt: d.now,
    updatedAt: d.now,
  });
  return { ok: true, clientKey };
}
