import type { FieldErrors } from "./fields";
import type { BankAccountInput, CardInput, FieldError } from "../../../services/gateways";

/**
 * The test gateway's own forms (development and tests only, S41). Field names as
 * the HTML forms send them. What is sent back to the page after an error keeps
 * what the customer typed, except the card number, security code and account
 * number: those are never echoed into HTML.
 */
export const CARD_FIELDS = ["number", "expiry", "cvc", "name", "make_default"] as const;
export const BANK_FIELDS = ["routing_number", "account_number", "account_holder_name", "make_default"] as const;

export type CardForm = Record<(typeof CARD_FIELDS)[number], string>;
export type BankForm = Record<(typeof BANK_FIELDS)[number], string>;

export const EMPTY_CARD: CardForm = { number: "", expiry: "", cvc: "", name: "", make_default: "" };
export const EMPTY_BANK: BankForm = { routing_number: "", account_number: "", account_holder_name: "", make_default: "" };

/** Longer than any real value: refused before the gateway sees it. */
const LIMITS: Record<string, number> = { number: 30, expiry: 10, cvc: 8, routing_number: 20, account_number: 30 };

export function cardInput(f: CardForm): CardInput {
  return { type: "card", number: f.number, expiry: f.expiry, cvc: f.cvc, name: f.name };
}

export function bankInput(f: BankForm): BankAccountInput {
  return { type: "bank_account", routingNumber: f.routing_number, accountNumber: f.account_number, accountHolderName: f.account_holder_name };
}

/** Too-long values, checked before tokenizing (the gateway's messages assume sane lengths). */
export function lengthErrors(form: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, max] of Object.entries(LIMITS)) {
    if ((form[field] ?? "").length > max) out[field] = "This is too long to be valid. Check what you entered.";
  }
  return out;
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
