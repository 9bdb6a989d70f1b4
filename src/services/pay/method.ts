import type { PaymentSource } from "../../db/queries/payment-sources";
import type { Customer, Tenant } from "../../db/queries/types";
import type { PaymentGateway, StoredSource } from "../gateways";
import type { PayForm } from "./input";

/**
 * How the customer pays: a saved method of this tenant's gateway, a new card or
 * bank account typed into our form (the offline test gateway only, S41), or a new
 * one entered on Stripe's hosted Checkout page.
 */

type ResolvedMethod = { kind: "saved"; source: PaymentSource } | { kind: "new"; stored: StoredSource } | { kind: "checkout" };

export type MethodResult = { ok: true; method: ResolvedMethod; save: boolean; autopay: boolean } | { ok: false; errors: Record<string, string> };

const CARD_FIELDS: Record<string, string> = { number: "card_number", expiry: "card_expiry", cvc: "card_cvc", name: "card_name" };
const BANK_FIELDS: Record<string, string> = { routingNumber: "bank_routing", accountNumber: "bank_account", accountHolderName: "bank_holder" };

/** The radio values the form offers for this gateway. */
function newMethodChoices(gateway: Pick<PaymentGateway, "flow">): string[] {
  return gateway.flow === "direct" ? ["new_card", "new_bank"] : ["checkout"];
}

export async function resolveMethod(
  form: PayForm,
  gateway: PaymentGateway,
  sources: PaymentSource[],
  tenant: Pick<Tenant, "allowAutopayEnrollment" | "name">,
  customer: Pick<Customer, "autopay">,
): Promise<MethodResult> {
  const errors: Record<string, string> = {};
  // Enrolling when already enrolled changes nothing and is not an error.
  const autopay = form.autopay && !customer.autopay;
  if (autopay && !tenant.allowAutopayEnrollment) errors.autopay = `${tenant.name} does not offer AutoPay enrolment here.`;

  let method: ResolvedMethod | null = null;
  if (form.method.startsWith("source_")) {
    const source = sources.find((s) => `source_${s.publicId}` === form.method);
    if (!source) errors.method = "That saved payment method is no longer available. Choose another.";
    else method = { kind: "saved", source };
  } else if (!newMethodChoices(gateway).includes(form.method)) {
    errors.method = "Choose how you want to pay.";
  } else if (gateway.flow === "hosted") {
    method = { kind: "checkout" };
  } else {
    const typed = form.method === "new_card" ? { type: "card" as const, ...form.card } : { type: "bank_account" as const, ...form.bank };
    const result = await gateway.tokenize(typed);
    const names = typed.type === "card" ? CARD_FIELDS : BANK_FIELDS;
    if (result.ok) method = { kind: "new", stored: result.source };
    else for (const e of result.errors) errors[names[e.field] ?? "method"] ??= e.message;
  }

  if (!method || Object.keys(errors).length) return { ok: false, errors };
  // AutoPay charges a saved method, so enrolling keeps the new one.
  const save = method.kind !== "saved" && (form.saveMethod || autopay);
  return { ok: true, method, save, autopay };
}
