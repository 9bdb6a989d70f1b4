import type { NewSourceInput } from "../gateways";

/**
 * Named test tokens for the merchant API on the offline test gateway, after
 * Stripe's well-known ones. The API never takes a raw card or account number,
 * not even in test mode (S41): a merchant integrates with tokens from the start.
 */
const CARDS: Record<string, string> = {
  tok_visa: "4242424242424242",
  tok_visa_debit: "4000056655665556",
  tok_mastercard: "5555555555554444",
  tok_amex: "378282246310005",
  tok_discover: "6011111111111117",
  tok_chargeDeclined: "4000000000000002",
  tok_chargeDeclinedInsufficientFunds: "4000000000009995",
};

const BANK_ACCOUNTS: Record<string, string> = {
  btok_us_verified: "000123456789",
  btok_us_verified_noAccount: "000111111116",
  btok_us_verified_insufficientFunds: "000222222227",
};

export const TEST_CARD_TOKENS = Object.keys(CARDS);
export const TEST_BANK_TOKENS = Object.keys(BANK_ACCOUNTS);

/** The test gateway input a token stands for, or null when it is not a token of that method. */
export function testTokenInput(method: "credit_card" | "ach", token: string, now: number): NewSourceInput | null {
  if (method === "credit_card") {
    const number = Object.hasOwn(CARDS, token) ? CARDS[token]! : null;
    if (!number) return null;
    const year = new Date(now * 1000).getUTCFullYear() + 3;
    return { type: "card", number, expiry: `12/${year}`, cvc: number.startsWith("3") ? "1234" : "123", name: "API test card" };
  }
  const account = Object.hasOwn(BANK_ACCOUNTS, token) ? BANK_ACCOUNTS[token]! : null;
  if (!account) return null;
  return { type: "bank_account", routingNumber: "110000000", accountNumber: account, accountHolderName: "API test account" };
}
