import type { Subscription } from "../../db/queries/subscriptions";
import type { Customer, Tenant } from "../../db/queries/types";
import { formatDate, formatMoney } from "../../presentation/format";
import type { MailMessage } from "../email";

/**
 * The confirmation a customer gets after changing their own subscription in the
 * portal (issue 15): what changed, and a link back to see it. Plain text: the
 * facts only, no personal data beyond what the customer already sees (S44).
 */

export type PortalAction =
  | { kind: "changed"; invoiceTotal: number | null }
  | { kind: "scheduled"; at: number | null }
  | { kind: "withdrawn" }
  | { kind: "cancel_scheduled"; at: number | null }
  | { kind: "canceled" }
  | { kind: "cancel_undone" }
  | { kind: "offer_accepted" }
  | { kind: "paused" }
  | { kind: "resumed" };

function sentence(a: PortalAction, s: Subscription): string {
  const when = (at: number | null) => (at ? formatDate(at) : "the end of the current period");
  switch (a.kind) {
    case "changed":
      return a.invoiceTotal
        ? `Your subscription was changed to ${s.planName} × ${s.quantity}. An invoice of ${formatMoney(a.invoiceTotal, s.currency)} was created for the rest of this period.`
        : `Your subscription was changed to ${s.planName} × ${s.quantity}.`;
    case "scheduled":
      return `Your subscription will change on ${when(a.at)}. Until then nothing changes.`;
    case "withdrawn":
      return "The change you had scheduled was withdrawn. Your subscription continues as before.";
    case "cancel_scheduled":
      return `Your subscription to ${s.planName} will end on ${when(a.at)}. You can undo this in the portal until then.`;
    case "canceled":
      return `Your subscription to ${s.planName} was canceled.`;
    case "cancel_undone":
      return `Your subscription to ${s.planName} will continue: the cancellation was undone.`;
    case "offer_accepted":
      return `Thank you for staying. The offer was added to your subscription to ${s.planName}.`;
    case "paused":
      return `Your subscription to ${s.planName} is paused. Nothing is billed while it is paused.`;
    case "resumed":
      return `Your subscription to ${s.planName} was resumed.`;
  }
}

export function portalActionMail(
  tenant: Pick<Tenant, "id" | "name">,
  customer: Pick<Customer, "name" | "email">,
  sub: Subscription,
  action: PortalAction,
  url: string,
): MailMessage | null {
  if (!customer.email) return null;
  return {
    tenantId: tenant.id,
    to: { email: customer.email, name: customer.name },
    subject: `Your subscription with ${tenant.name}`,
    text: `Hello ${customer.name},\n\n${sentence(action, sub)}\n\nSee your subscription: ${url}\n\n${tenant.name}\n`,
  };
}
