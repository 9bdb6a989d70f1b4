import { findMyEstimate, openMyEstimate } from "../../db/queries/estimates";
import { viewInvoice } from "../../db/queries/invoice-document";
import { customerScope, type TenantScope } from "../../db/scope";
import { approveEstimate, declineEstimate } from "../estimates/respond";

/**
 * What the demo's customers did in the portal (opened an invoice, answered an
 * estimate). The merchant API cannot do these, so the seed calls the same
 * functions the portal's routes call, as the customer, recorded as events.
 */

const USER_AGENT = "Mozilla/5.0 (demo seed)";
const DEMO_IP = "192.0.2.10"; // TEST-NET-1: never a real address

export async function customerViewsInvoice(scope: TenantScope, customerId: number, publicId: string, now: number) {
  await viewInvoice(customerScope(scope, customerId), publicId, { now, ip: DEMO_IP, userAgent: USER_AGENT, via: "page" });
}

async function openEstimate(scope: TenantScope, customerId: number, publicId: string, now: number) {
  const my = customerScope(scope, customerId);
  const opened = await openMyEstimate(my, publicId, { now, ip: DEMO_IP, userAgent: USER_AGENT, via: "page" });
  if (!opened) throw new Error(`demo seed: estimate ${publicId} not found for customer ${customerId}`);
  const { lines } = opened.extras;
  // the view moved it to "viewed": answer the estimate as it is now
  return { my, e: (await findMyEstimate(my, publicId))!, lines };
}

export async function customerViewsEstimate(scope: TenantScope, customerId: number, publicId: string, now: number) {
  await openEstimate(scope, customerId, publicId, now);
}

export async function customerAnswersEstimate(
  scope: TenantScope,
  customer: { id: number; name: string; email: string | null },
  publicId: string,
  answer: { approve: true } | { approve: false; reason: string },
  now: number,
  origin: string,
) {
  const { my, e, lines } = await openEstimate(scope, customer.id, publicId, now);
  const who = { sessionId: null, email: customer.email, ip: DEMO_IP, userAgent: USER_AGENT, now, origin };
  const outcome = answer.approve ? await approveEstimate(my, e, lines, customer.name, who) : await declineEstimate(my, e, lines, answer.reason, who);
  if (!outcome.ok) throw new Error(`demo seed: estimate ${e.number}: ${outcome.message}`);
}
