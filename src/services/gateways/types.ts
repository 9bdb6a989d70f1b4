/**
 * One interface over the payment providers. Two shapes exist, told apart by `flow`:
 *
 * - `direct` (the offline test gateway): the customer types a card or bank account
 *   into our own form and `tokenize()` turns it into what we store. Development and
 *   tests only: in production card numbers never touch our servers (S41).
 * - `hosted` (Stripe): new methods are entered on the provider's hosted Checkout page;
 *   we create a session, send the browser there, and learn the outcome from a verified
 *   webhook or a server-side `retrieveCheckoutSession()` (S40), never from the return URL.
 *
 * Both charge a saved method server-side with `charge()`, always with an idempotency
 * key taken from our own payment-attempt row (S36). Amounts are integer minor units (S35).
 *
 * @example
 *   const gw = await getGateway(tenant, env);
 *   if (gw.flow === "direct") { const t = await gw.tokenize(input); ... }
 *   const r = await gw.charge({ amount: 1500, currency: "usd", source, idempotencyKey: attempt.id, description });
 */

type GatewayKind = "test" | "stripe";
type SourceType = "card" | "bank_account";

/** What a payment_sources row keeps about a method: the provider's token and display facts only (S41). */
export type StoredSource = {
  type: SourceType;
  gateway: GatewayKind;
  /** test: "tok_test_..."; stripe: "<customer id>/<payment method id>" (both are needed off-session) */
  gatewayToken: string;
  brand: string | null;
  last4: string;
  expMonth: number | null;
  expYear: number | null;
  bankName: string | null;
};

/** A card typed into the test gateway's form (strings as typed; tokenize validates them). */
export type CardInput = {
  type: "card";
  number: string;
  /** "MM/YY", "MM/YYYY" or "MM / YY" */
  expiry: string;
  cvc: string;
  name: string;
};

/** A US bank account typed into the test gateway's form. */
export type BankAccountInput = {
  type: "bank_account";
  routingNumber: string;
  accountNumber: string;
  accountHolderName: string;
};

export type NewSourceInput = CardInput | BankAccountInput;

/** A field-level problem with what was typed, worded for the customer. */
export type FieldError = { field: string; message: string };

export type TokenizeResult = { ok: true; source: StoredSource } | { ok: false; errors: FieldError[] };

/** The saved method to charge: the stored token (and type, for wording and bank flows). */
type ChargeSource = Pick<StoredSource, "type" | "gatewayToken">;

export type ChargeRequest = {
  /** integer minor units of `currency`, > 0 */
  amount: number;
  /** ISO 4217, any case */
  currency: string;
  source: ChargeSource;
  /** our payment_attempts.id: the same key never charges twice (S36) */
  idempotencyKey: string;
  /** shown on the customer's statement and in the merchant's provider dashboard */
  description: string;
  /** small string map passed to the provider (attempt id, tenant) so webhooks can find us */
  metadata?: Record<string, string>;
};

/**
 * `pending`: accepted but not settled yet (bank debits, or a card that needs the
 * customer's action); the attempt is settled later by a webhook.
 */
export type ChargeResult = {
  status: "succeeded" | "failed" | "pending";
  /** the provider's id of the charge (test: ch_test_..., stripe: pi_...) */
  providerRef: string | null;
  /** plain words for the customer when failed ("Your card was declined.") */
  failureMessage: string | null;
  /** machine-readable reason when failed: card_declined, insufficient_funds, ... */
  failureCode?: string | null;
};

type CheckoutMode = "payment" | "setup";

export type CheckoutRequest = {
  mode: CheckoutMode;
  /** required for mode "payment": integer minor units */
  amount?: number;
  currency: string;
  /** what the customer sees on the hosted page ("Invoices INV-1, INV-2") */
  description: string;
  /** absolute URLs on our portal origin; the session id is appended by the provider */
  successUrl: string;
  cancelUrl: string;
  /** our payment_attempts.id (payment) or another row id of ours (setup): idempotency key and metadata */
  idempotencyKey: string;
  /** the provider's customer, when we know it from an earlier saved method */
  providerCustomerId?: string | null;
  customerEmail?: string | null;
  /** keep the card for later charges (AutoPay, "save this method") */
  saveSource?: boolean;
  /** unix seconds when the hosted page stops accepting payment (Stripe: 30 min to 24 h ahead) */
  expiresAt?: number;
  metadata?: Record<string, string>;
};

export type CheckoutSession = { id: string; url: string };

/** What a checkout session came to, read server-side from the provider (S40). */
export type CheckoutOutcome = {
  id: string;
  mode: CheckoutMode;
  /** complete and paid (payment) or complete with a method attached (setup) */
  status: "complete" | "open" | "expired";
  paid: boolean;
  /** integer minor units of `currency` (ours, already converted from the provider's) */
  amount: number | null;
  currency: string | null;
  /** the PaymentIntent (payment) or SetupIntent (setup) id */
  providerRef: string | null;
  /** the saved method, when the session saved one */
  source: StoredSource | null;
  metadata: Record<string, string>;
  /** where to send the customer back while the session is still open */
  url: string | null;
};

type GatewayBase = {
  kind: GatewayKind;
  /** true when no real money moves: every page shows the test-mode banner (S41) */
  testMode: boolean;
  /** Charges a saved method server-side. Never throws for a decline: that is `status: "failed"`. */
  charge(req: ChargeRequest): Promise<ChargeResult>;
};

export type DirectGateway = GatewayBase & {
  flow: "direct";
  /** Validates typed card or bank details and returns only what may be stored. */
  tokenize(input: NewSourceInput): Promise<TokenizeResult>;
};

export type HostedGateway = GatewayBase & {
  flow: "hosted";
  createCheckoutSession(req: CheckoutRequest): Promise<CheckoutSession>;
  retrieveCheckoutSession(id: string): Promise<CheckoutOutcome>;
  /** Closes an open session so it can no longer be paid (the customer came back and cancelled). */
  expireCheckoutSession(id: string): Promise<void>;
};

export type PaymentGateway = DirectGateway | HostedGateway;

/** Thrown when a provider cannot be reached or refuses the request itself (not a decline). */
export class GatewayError extends Error {
  constructor(
    message: string,
    /** safe to show the customer */
    readonly publicMessage = "The payment provider could not be reached. Please try again in a moment.",
  ) {
    super(message);
    this.name = "GatewayError";
  }
}
