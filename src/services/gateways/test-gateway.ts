import { sha256Hex } from "../../lib/crypto";
import { randomToken } from "../../lib/random";
import type { BankAccountInput, CardInput, ChargeRequest, ChargeResult, DirectGateway, FieldError, NewSourceInput, TokenizeResult } from "./types";

/**
 * The offline gateway for development and tests (S41): no network, no real money.
 * It knows the well-known test numbers and nothing else, so a real card typed by
 * mistake is refused instead of "working". What it hands back for storage is a token
 * that encodes how later charges behave, plus brand, last 4 and expiry; never the number.
 */

type Outcome = "ok" | "declined" | "insufficient" | "noaccount";

const FAILURES: Record<Exclude<Outcome, "ok">, { code: string; message: string }> = {
  declined: { code: "card_declined", message: "Your card was declined." },
  insufficient: { code: "insufficient_funds", message: "Your card has insufficient funds." },
  noaccount: { code: "no_account", message: "The bank account could not be found." },
};

/** Test cards: number -> behaviour. Any other number is refused at entry. */
const TEST_CARDS: Record<string, Outcome> = {
  "4242424242424242": "ok",
  "4000056655665556": "ok",
  "5555555555554444": "ok",
  "378282246310005": "ok",
  "6011111111111117": "ok",
  "4000000000000002": "declined",
  "4000000000009995": "insufficient",
};

const TEST_ROUTING_NUMBER = "110000000";
/** Test bank accounts (Stripe's numbers): account -> behaviour. */
const TEST_BANK_ACCOUNTS: Record<string, Outcome> = {
  "000123456789": "ok",
  "000111111116": "noaccount",
  "000222222227": "insufficient",
};

const TOKEN_RE = /^tok_test_(ok|declined|insufficient|noaccount)_/;

export type TestGatewayOptions = {
  /** unix seconds, for expiry checks */
  now: () => number;
};

export function testGateway(opts: TestGatewayOptions): DirectGateway {
  return {
    kind: "test",
    flow: "direct",
    testMode: true,
    async tokenize(input: NewSourceInput): Promise<TokenizeResult> {
      return input.type === "card" ? tokenizeCard(input, opts.now()) : tokenizeBank(input);
    },
    charge: testCharge,
  };
}

async function testCharge(req: ChargeRequest): Promise<ChargeResult> {
  if (!Number.isSafeInteger(req.amount) || req.amount <= 0) {
    return { status: "failed", providerRef: null, failureMessage: "The amount is not valid.", failureCode: "invalid_amount" };
  }
  // The same idempotency key always gives the same charge id: a retry is recognisably the same charge (S36).
  const providerRef = `ch_test_${(await sha256Hex(req.idempotencyKey)).slice(0, 24)}`;
  // Tokens that do not follow our format (rows made by hand in fixtures) behave like a good card.
  const outcome = (TOKEN_RE.exec(req.source.gatewayToken)?.[1] ?? "ok") as Outcome;
  if (outcome === "ok") return { status: "succeeded", providerRef, failureMessage: null, failureCode: null };
  let { code, message } = FAILURES[outcome];
  if (outcome === "insufficient" && req.source.type === "bank_account") message = "The bank account has insufficient funds.";
  return { status: "failed", providerRef, failureMessage: message, failureCode: code };
}

const digitsOnly = (s: string) => s.replace(/[\s-]/g, "");

/** Luhn checksum of a digit string. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBrand(digits: string): string {
  if (/^4/.test(digits)) return "Visa";
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(digits)) return "Mastercard";
  if (/^3[47]/.test(digits)) return "American Express";
  if (/^(6011|65|64[4-9])/.test(digits)) return "Discover";
  return "Card";
}

/** "MM/YY", "MM / YYYY", "MMYY" -> month and four-digit year, or null. */
function parseExpiry(text: string): { month: number; year: number } | null {
  const m = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!m) return null;
  const month = Number(m[1]);
  const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  if (month < 1 || month > 12) return null;
  return { month, year };
}

function tokenizeCard(input: CardInput, now: number): TokenizeResult {
  const errors: FieldError[] = [];
  const number = digitsOnly(input.number);
  let outcome: Outcome | undefined;
  if (!number) errors.push({ field: "number", message: "Enter the card number." });
  else if (!/^\d+$/.test(number)) errors.push({ field: "number", message: "The card number may contain only digits and spaces." });
  else if (!luhnValid(number)) errors.push({ field: "number", message: "This card number is not valid. Check it for typing mistakes." });
  else if (!(outcome = TEST_CARDS[number])) {
    errors.push({ field: "number", message: "This is test mode: use a test card such as 4242 4242 4242 4242." });
  }

  const exp = parseExpiry(input.expiry);
  if (!input.expiry.trim()) errors.push({ field: "expiry", message: "Enter the expiry date (MM/YY)." });
  else if (!exp) errors.push({ field: "expiry", message: "Enter the expiry date as MM/YY, for example 12/30." });
  else {
    // A card is valid through the last day of its expiry month (UTC).
    const endOfMonth = Date.UTC(exp.year, exp.month, 1) / 1000;
    if (endOfMonth <= now) errors.push({ field: "expiry", message: "This card has expired." });
    else if (exp.year > new Date(now * 1000).getUTCFullYear() + 20) {
      errors.push({ field: "expiry", message: "The expiry year is too far in the future." });
    }
  }

  const cvcLength = /^3[47]/.test(number) ? 4 : 3;
  const cvc = input.cvc.trim();
  if (!cvc) errors.push({ field: "cvc", message: "Enter the security code (CVC)." });
  else if (!new RegExp(`^\\d{${cvcLength}}$`).test(cvc)) {
    errors.push({ field: "cvc", message: `The security code is the ${cvcLength} digits on the ${cvcLength === 4 ? "front" : "back"} of the card.` });
  }

  const name = input.name.trim();
  if (!name) errors.push({ field: "name", message: "Enter the name on the card." });
  else if (name.length > 100) errors.push({ field: "name", message: "The name on the card is too long (100 characters at most)." });

  if (errors.length || !outcome || !exp) return { ok: false, errors };
  return {
    ok: true,
    source: {
      type: "card",
      gateway: "test",
      gatewayToken: `tok_test_${outcome}_${randomToken(12)}`,
      brand: cardBrand(number),
      last4: number.slice(-4),
      expMonth: exp.month,
      expYear: exp.year,
      bankName: null,
    },
  };
}

/** ABA routing number checksum (3-7-1 weights). */
function routingNumberValid(r: string): boolean {
  if (!/^\d{9}$/.test(r)) return false;
  const d = [...r].map(Number);
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!);
  return sum % 10 === 0;
}

function tokenizeBank(input: BankAccountInput): TokenizeResult {
  const errors: FieldError[] = [];
  const routing = digitsOnly(input.routingNumber);
  const account = digitsOnly(input.accountNumber);
  let outcome: Outcome | undefined;
  if (!routing) errors.push({ field: "routingNumber", message: "Enter the routing number." });
  else if (!routingNumberValid(routing)) errors.push({ field: "routingNumber", message: "The routing number must be 9 valid digits." });
  else if (routing !== TEST_ROUTING_NUMBER) {
    errors.push({ field: "routingNumber", message: `This is test mode: use the test routing number ${TEST_ROUTING_NUMBER}.` });
  }
  if (!account) errors.push({ field: "accountNumber", message: "Enter the account number." });
  else if (!/^\d{4,17}$/.test(account)) errors.push({ field: "accountNumber", message: "The account number must be 4 to 17 digits." });
  else if (!(outcome = TEST_BANK_ACCOUNTS[account])) {
    errors.push({ field: "accountNumber", message: "This is test mode: use the test account number 000123456789." });
  }
  const holder = input.accountHolderName.trim();
  if (!holder) errors.push({ field: "accountHolderName", message: "Enter the account holder's name." });
  else if (holder.length > 100) errors.push({ field: "accountHolderName", message: "The account holder's name is too long (100 characters at most)." });

  if (errors.length || !outcome) return { ok: false, errors };
  return {
    ok: true,
    source: {
      type: "bank_account",
      gateway: "test",
      gatewayToken: `tok_test_${outcome}_${randomToken(12)}`,
      brand: null,
      last4: account.slice(-4),
      expMonth: null,
      expYear: null,
      bankName: "Test Bank",
    },
  };
}
