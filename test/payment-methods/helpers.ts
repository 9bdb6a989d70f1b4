import { eq } from "drizzle-orm";
import { listPaymentSources } from "../../src/db/queries/payment-sources";
import { paymentSources } from "../../src/db/schema";
import type { makeTenant } from "../helpers/tenants";

export { ageSignIn, customerRow, eventsOf, signedIn, unescapeHtml } from "../billing/helpers";

type T = Awaited<ReturnType<typeof makeTenant>>;

/** The test gateway's card form, filled with the good test card; override what a test changes. */
export function testCard(over: Record<string, string> = {}): Record<string, string> {
  return { type: "card", number: "4242 4242 4242 4242", expiry: "12/39", cvc: "123", name: "Ada Lovelace", ...over };
}

export function testBank(over: Record<string, string> = {}): Record<string, string> {
  return { type: "bank_account", routing_number: "110000000", account_number: "000123456789", account_holder_name: "Ada Lovelace", ...over };
}

/** The customer's live methods, oldest first. */
export function liveSources(t: T, customerId: number) {
  return listPaymentSources(t.scope, customerId);
}

/** Every row of the customer's methods, removed ones included. */
export function allSources(t: T, customerId: number) {
  return t.scope.select(paymentSources, eq(paymentSources.customerId, customerId)).all();
}
