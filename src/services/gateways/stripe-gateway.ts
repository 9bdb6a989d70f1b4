import type Stripe from "stripe";
import { fromStripeAmount, toStripeAmount } from "./stripe-amounts";
import {
  type ChargeRequest,
  type ChargeResult,
  type CheckoutOutcome,
  type CheckoutRequest,
  type CheckoutSession,
  GatewayError,
  type HostedGateway,
  type StoredSource,
} from "./types";

/**
 * Stripe behind our gateway interface. New methods go through hosted Checkout
 * (no card data touches us, and it works without our JavaScript: S41); saved ones
 * are charged server-side with PaymentIntents (off_session, confirm). Every write
 * carries an idempotency key from our own attempt row (S36).
 *
 * A saved Stripe method is stored as "<customer id>/<payment method id>": charging
 * off-session needs both, and payment_sources has one token column.
 */

export type StripeGatewayOptions = {
  secretKey: string;
  /** injected in tests to fake Stripe's HTTP; the global fetch otherwise */
  fetch?: typeof fetch;
};

type StripeSdk = typeof Stripe;
let sdk: Promise<StripeSdk> | undefined;

/**
 * The Stripe SDK, loaded on first use: it is about a third of the bundle's startup
 * CPU, and no HTML page or API read needs it (issue 18; test/budgets/cold-start.test.ts
 * fails if anything on the request path imports "stripe" statically).
 */
function loadStripe(): Promise<StripeSdk> {
  sdk ??= import("stripe").then((m) => m.default);
  return sdk;
}

async function stripeClient(opts: StripeGatewayOptions): Promise<Stripe> {
  const Stripe = await loadStripe();
  return new Stripe(opts.secretKey, {
    httpClient: Stripe.createFetchHttpClient(opts.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a))),
    // Retries reuse our idempotency key, so a retried charge is still one charge.
    maxNetworkRetries: 1,
    telemetry: false,
  });
}

export function stripeGateway(opts: StripeGatewayOptions): HostedGateway {
  // one client per gateway, created when its first call needs it
  let client: Promise<Stripe> | undefined;
  const stripe = () => (client ??= stripeClient(opts));
  const testMode = opts.secretKey.startsWith("sk_test_") || opts.secretKey.startsWith("rk_test_");
  return {
    kind: "stripe",
    flow: "hosted",
    testMode,
    charge: async (req) => charge(await stripe(), await loadStripe(), req),
    createCheckoutSession: async (req) => createCheckoutSession(await stripe(), req),
    retrieveCheckoutSession: async (id) => retrieveCheckoutSession(await stripe(), id),
    expireCheckoutSession: async (id) => expireCheckoutSession(await stripe(), await loadStripe(), id),
  };
}

/** "cus_1/pm_2" -> parts; older or hand-made rows may hold a bare pm_ id. */
export function splitStripeToken(token: string): { customer: string | null; paymentMethod: string } {
  const i = token.indexOf("/");
  return i < 0 ? { customer: null, paymentMethod: token } : { customer: token.slice(0, i), paymentMethod: token.slice(i + 1) };
}

/** Plain words for the customer, by Stripe's error or decline code; Stripe's own text is not shown (S30). */
const DECLINE_MESSAGES: Record<string, string> = {
  insufficient_funds: "Your card has insufficient funds.",
  expired_card: "Your card has expired.",
  incorrect_cvc: "The card's security code is incorrect.",
  processing_error: "The card could not be processed. Please try again.",
  authentication_required: "Your bank asks you to confirm this payment. Please pay with a new card so you can confirm it.",
  lost_card: "Your card was declined.",
  stolen_card: "Your card was declined.",
};

/** Plain words for a Stripe decline or error code (also used for payment_intent.payment_failed webhooks). */
export function declineMessage(code: string | null | undefined): string {
  return (code && DECLINE_MESSAGES[code]) || "Your card was declined.";
}

async function charge(stripe: Stripe, Sdk: StripeSdk, req: ChargeRequest): Promise<ChargeResult> {
  const { customer, paymentMethod } = splitStripeToken(req.source.gatewayToken);
  try {
    const pi = await stripe.paymentIntents.create(
      {
        amount: toStripeAmount(requireAmount(req.amount), req.currency),
        currency: req.currency.toLowerCase(),
        payment_method: paymentMethod,
        ...(customer ? { customer } : {}),
        off_session: true,
        confirm: true,
        description: req.description.slice(0, 1000),
        // the attempt id lets a late payment_intent.* webhook find our row
        metadata: { ...(req.metadata ?? {}), attempt: req.idempotencyKey },
      },
      { idempotencyKey: req.idempotencyKey },
    );
    if (pi.status === "succeeded") return { status: "succeeded", providerRef: pi.id, failureMessage: null, failureCode: null };
    if (pi.status === "processing") return { status: "pending", providerRef: pi.id, failureMessage: null, failureCode: null };
    if (pi.status === "canceled" || pi.status === "requires_payment_method") {
      return { status: "failed", providerRef: pi.id, failureMessage: "Your payment was declined.", failureCode: "declined" };
    }
    // requires_action and friends: the webhook settles it.
    return { status: "pending", providerRef: pi.id, failureMessage: null, failureCode: null };
  } catch (err) {
    if (err instanceof Sdk.errors.StripeCardError) {
      const code = err.decline_code ?? err.code ?? "card_declined";
      return {
        status: "failed",
        providerRef: err.payment_intent?.id ?? null,
        failureMessage: DECLINE_MESSAGES[code] ?? DECLINE_MESSAGES[err.code ?? ""] ?? "Your card was declined.",
        failureCode: code,
      };
    }
    if (err instanceof GatewayError) throw err;
    throw asGatewayError(err);
  }
}

function asGatewayError(err: unknown): GatewayError {
  const kind = err instanceof Error ? err.name : "unknown";
  // S30/S44: the provider's message may name the account; keep only its type.
  return new GatewayError(`stripe request failed: ${kind}`);
}

/** Appends Stripe's session-id placeholder to our return URL (Stripe fills it in). */
function withSessionId(url: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}session_id={CHECKOUT_SESSION_ID}`;
}

async function createCheckoutSession(stripe: Stripe, req: CheckoutRequest): Promise<CheckoutSession> {
  const currency = req.currency.toLowerCase();
  const metadata = { ...(req.metadata ?? {}), attempt: req.idempotencyKey };
  try {
    let customer = req.providerCustomerId ?? undefined;
    if (!customer && (req.mode === "setup" || req.saveSource)) {
      // Saving a method needs a Stripe customer to attach it to.
      const created = await stripe.customers.create(
        { ...(req.customerEmail ? { email: req.customerEmail } : {}), metadata },
        { idempotencyKey: `${req.idempotencyKey}:customer` },
      );
      customer = created.id;
    }
    const common = {
      success_url: withSessionId(req.successUrl),
      cancel_url: req.cancelUrl,
      client_reference_id: req.idempotencyKey,
      ...(req.expiresAt ? { expires_at: req.expiresAt } : {}),
      metadata,
      ...(customer ? { customer } : req.customerEmail ? { customer_email: req.customerEmail } : {}),
    };
    const params: Stripe.Checkout.SessionCreateParams =
      req.mode === "payment"
        ? {
            ...common,
            mode: "payment",
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency,
                  unit_amount: toStripeAmount(requireAmount(req.amount), currency),
                  product_data: { name: req.description.slice(0, 250) },
                },
              },
            ],
            payment_intent_data: {
              description: req.description.slice(0, 1000),
              metadata,
              ...(req.saveSource ? { setup_future_usage: "off_session" as const } : {}),
            },
          }
        : { ...common, mode: "setup", currency, setup_intent_data: { metadata } };
    const session = await stripe.checkout.sessions.create(params, { idempotencyKey: `${req.idempotencyKey}:checkout` });
    if (!session.url) throw new GatewayError("stripe checkout session has no url");
    return { id: session.id, url: session.url };
  } catch (err) {
    if (err instanceof GatewayError) throw err;
    throw asGatewayError(err);
  }
}

function requireAmount(amount: number | undefined): number {
  if (amount === undefined || !Number.isSafeInteger(amount) || amount <= 0) throw new GatewayError("checkout amount must be a positive integer");
  return amount;
}

const BRANDS: Record<string, string> = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "American Express",
  discover: "Discover",
  jcb: "JCB",
  diners: "Diners Club",
  unionpay: "UnionPay",
};

/** What we store about a Stripe payment method (S41: brand, last 4, expiry, ids). */
function storedSourceFromStripe(pm: Stripe.PaymentMethod, customerId: string | null): StoredSource | null {
  const token = customerId ? `${customerId}/${pm.id}` : pm.id;
  if (pm.card) {
    return {
      type: "card",
      gateway: "stripe",
      gatewayToken: token,
      brand: BRANDS[pm.card.brand] ?? pm.card.brand,
      last4: pm.card.last4,
      expMonth: pm.card.exp_month,
      expYear: pm.card.exp_year,
      bankName: null,
    };
  }
  if (pm.us_bank_account) {
    return {
      type: "bank_account",
      gateway: "stripe",
      gatewayToken: token,
      brand: null,
      last4: pm.us_bank_account.last4 ?? "",
      expMonth: null,
      expYear: null,
      bankName: pm.us_bank_account.bank_name ?? null,
    };
  }
  return null;
}

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : (v?.id ?? null));

async function retrieveCheckoutSession(stripe: Stripe, id: string): Promise<CheckoutOutcome> {
  try {
    const s = await stripe.checkout.sessions.retrieve(id, {
      expand: ["payment_intent.payment_method", "setup_intent.payment_method"],
    });
    return checkoutOutcome(s);
  } catch (err) {
    throw asGatewayError(err);
  }
}

async function expireCheckoutSession(stripe: Stripe, Sdk: StripeSdk, id: string): Promise<void> {
  try {
    await stripe.checkout.sessions.expire(id);
  } catch (err) {
    // Already complete or expired: Stripe refuses, and the caller re-reads the session to learn which.
    if (err instanceof Sdk.errors.StripeInvalidRequestError) return;
    throw asGatewayError(err);
  }
}

/**
 * Our view of a Checkout Session, from a server-side retrieve (expanded) or from a
 * verified webhook's payload (not expanded: `source` is then null).
 */
export function checkoutOutcome(s: Stripe.Checkout.Session): CheckoutOutcome {
  const intent = s.mode === "setup" ? s.setup_intent : s.payment_intent;
  const pm = intent && typeof intent !== "string" ? intent.payment_method : null;
  const customerId = idOf(s.customer);
  return {
    id: s.id,
    mode: s.mode === "setup" ? "setup" : "payment",
    status: s.status === "complete" ? "complete" : s.status === "expired" ? "expired" : "open",
    paid: s.mode === "setup" ? s.status === "complete" : s.payment_status === "paid",
    amount: s.amount_total != null && s.currency ? fromStripeAmount(s.amount_total, s.currency) : null,
    currency: s.currency ?? null,
    providerRef: idOf(intent),
    source: pm && typeof pm !== "string" ? storedSourceFromStripe(pm, customerId) : null,
    metadata: (s.metadata ?? {}) as Record<string, string>,
    url: s.status === "open" ? (s.url ?? null) : null,
  };
}

/**
 * Verifies a webhook on its raw body (S38): HMAC with the tenant's webhook secret and a
 * 300 s timestamp tolerance, with WebCrypto. Throws on any mismatch.
 */
export async function verifyStripeWebhook(rawBody: string | Uint8Array, signatureHeader: string, secret: string): Promise<Stripe.Event> {
  const Stripe = await loadStripe();
  return Stripe.webhooks.constructEventAsync(rawBody, signatureHeader, secret, 300, Stripe.createSubtleCryptoProvider());
}
