import * as z from "../../../lib/zod";
import type { BankAccountInput, CardInput, FieldError } from "../../../services/gateways";
import type { FieldErrors } from "../../../views/components/field-errors";
import type { BankForm, CardForm } from "../../../views/pages/payment-methods/typed-forms";

/**
 * The test gateway's own forms (development and tests only, S41). Field names as
 * the HTML forms send them. What is sent back to the page after an error keeps
 * what the customer typed, except the card number, security code and account
 * number: those are never echoed into HTML.
 */
const TOO_LONG = "This is too long to be valid. Check what you entered.";

/** Lengths longer than any real value are refused before the gateway sees them (its messages assume sane lengths). */
export const cardSchema = z.once(() =>
  z.object({
    number: z.string().max(30, TOO_LONG),
    expiry: z.string().max(10, TOO_LONG),
    cvc: z.string().max(8, TOO_LONG),
    name: z.string(),
    make_default: z.string(),
  }),
);

export const bankSchema = z.once(() =>
  z.object({
    routing_number: z.string().max(20, TOO_LONG),
    account_number: z.string().max(30, TOO_LONG),
    account_holder_name: z.string(),
    make_default: z.string(),
  }),
);

export const autopayForm = z.once(() => z.object({ autopay: z.enum(["on", "off"], { error: "Choose to turn AutoPay on or off." }) }));

/** The hosted flow's form: only whether the new method becomes the default. */
export const checkoutForm = z.once(() => z.object({ make_default: z.string() }));

export const EMPTY_CARD: CardForm = { number: "", expiry: "", cvc: "", name: "", make_default: "" };
export const EMPTY_BANK: BankForm = { routing_number: "", account_number: "", account_holder_name: "", make_default: "" };

export function cardInput(f: CardForm): CardInput {
  return { type: "card", number: f.number, expiry: f.expiry, cvc: f.cvc, name: f.name };
}

export function bankInput(f: BankForm): BankAccountInput {
  return { type: "bank_account", routingNumber: f.routing_number, accountNumber: f.account_number, accountHolderName: f.account_holder_name };
}

const BANK_NAMES: Record<string, string> = {
  routingNumber: "routing_number",
  accountNumber: "account_number",
  accountHolderName: "account_holder_name",
};

/** The gateway's field errors under the form's field names, first message per field. */
export function formErrors(errors: FieldError[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const name = BANK_NAMES[e.field] ?? e.field;
    if (!(name in out)) out[name] = e.message;
  }
  return out;
}

const AGAIN: Record<string, string> = {
  number: "For your security, enter the card number again.",
  cvc: "For your security, enter the security code again.",
  account_number: "For your security, enter the account number again.",
};

/**
 * Adds "enter it again" for the secret fields that were filled in and had no
 * problem of their own: they come back empty, and the customer should know why.
 */
export function withReentry(errors: FieldErrors, form: Record<string, string>, fields: readonly string[]): FieldErrors {
  const out = { ...errors };
  for (const f of fields) if (form[f] && !out[f]) out[f] = AGAIN[f]!;
  return out;
}

/** The card form to show again after an error: number and security code are never sent back. */
export function keptCard(f: CardForm): CardForm {
  return { ...f, number: "", cvc: "" };
}

/** The bank form to show again after an error: the account number is never sent back. */
export function keptBank(f: BankForm): BankForm {
  return { ...f, account_number: "" };
}
