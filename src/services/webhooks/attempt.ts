import type { AttemptOutcome, Claim } from "../../db/queries/webhook-deliveries";
import type { WebhookEndpoint } from "../../db/queries/webhook-endpoints";
import type { events } from "../../db/schema";
import { decryptSecret } from "../../lib/crypto";
import { signWebhook } from "../../lib/webhook-signature";
import { checkWebhookUrl, type UrlPolicy } from "../../lib/webhook-url";
import { eventToWire } from "../api/events";
import { retryDelay } from "./schedule";

/**
 * One delivery attempt: the URL guard again (rules or the stored URL may have
 * changed since it was saved), the Standard Webhooks signature, a POST that follows
 * no redirect and gives up after the timeout (10 s), and the first 200 bytes of the answer.
 */

type Send = (req: Request) => Promise<Response>;

export type AttemptDeps = { encryptionKey: string; policy: UrlPolicy; send: Send; now: number; timeoutMs: number };

export type AttemptResult = AttemptOutcome & { endpointAnswered: boolean | null };

const EXCERPT_BYTES = 200;

/** `webhook-id`: the same for every attempt of one event to one endpoint, so receivers can dedupe. */
export const webhookMessageId = (eventId: number, endpointId: number) => `msg_${eventId}_${endpointId}`;

/** The secrets that sign for an endpoint now: the current one and, while rotating, the previous one. */
export async function signingSecrets(d: Pick<AttemptDeps, "encryptionKey" | "now">, endpoint: WebhookEndpoint): Promise<string[]> {
  const secrets = [await decryptSecret(d.encryptionKey, endpoint.secretEnc)];
  if (endpoint.previousSecretEnc && (endpoint.previousSecretExpiresAt ?? 0) > d.now) {
    secrets.push(await decryptSecret(d.encryptionKey, endpoint.previousSecretEnc));
  }
  return secrets;
}

export async function attemptDelivery(
  d: AttemptDeps,
  claim: Claim,
  endpoint: WebhookEndpoint | undefined,
  event: typeof events.$inferSelect | undefined,
  secrets: Promise<string[]> | undefined,
): Promise<AttemptResult> {
  const final = (error: string): AttemptResult => ({ status: "failed", code: null, excerpt: null, error, endpointAnswered: null });
  if (!endpoint) return final("webhook deleted");
  if (!event) return final("event not found");
  if (!endpoint.enabled) return final("webhook disabled");
  const verdict = checkWebhookUrl(endpoint.url, d.policy);
  // never a request to a refused address; retrying would not change the answer
  if (!verdict.ok) return final(`url refused: ${verdict.reason}`);

  const body = JSON.stringify(eventToWire(event));
  let keys: string[];
  try {
    keys = await (secrets ?? signingSecrets(d, endpoint));
  } catch {
    // ENCRYPTION_KEY changed without re-encrypting: nothing can be signed until the merchant rotates
    return final("signing secret unreadable: rotate the secret");
  }
  const headers = signWebhook(keys, webhookMessageId(event.id, endpoint.id), d.now, body);
  const retry = (code: number | null, excerpt: string | null, error: string | null, answered: boolean): AttemptResult =>
    claim.attempts >= claim.maxAttempts
      ? { status: "failed", code, excerpt, error, endpointAnswered: answered }
      : { status: "pending", nextAttemptAt: d.now + retryDelay(claim.attempts), code, excerpt, error, endpointAnswered: answered };

  // A timer cleared when the attempt ends, rather than AbortSignal.timeout(): that
  // one stays armed for the full 10 s after a quick answer, and an isolate may hold
  // only so many (a burst of thousands of deliveries would hit the limit).
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException("timed out", "TimeoutError")), d.timeoutMs);
  try {
    let res: Response;
    try {
      res = await d.send(
        new Request(verdict.url.href, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json", "user-agent": "billing-portal-webhooks/1" },
          body,
          redirect: "manual",
          signal: controller.signal,
        }),
      );
    } catch (err) {
      const timedOut = controller.signal.aborted || (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError"));
      return retry(null, null, timedOut ? `timeout after ${d.timeoutMs / 1000} s` : "connection failed", false);
    }
    let excerpt: string | null;
    try {
      excerpt = await readExcerpt(res);
    } catch {
      excerpt = null; // a body that broke off or timed out: the status still counts
    }
    return judge(res.status, excerpt, retry);
  } finally {
    clearTimeout(timer);
  }
}

function judge(
  status: number,
  excerpt: string | null,
  retry: (code: number | null, excerpt: string | null, error: string | null, answered: boolean) => AttemptResult,
): AttemptResult {
  if (status >= 200 && status < 300) return { status: "delivered", code: status, excerpt, error: null, endpointAnswered: true };
  if (status >= 300 && status < 400) return retry(status, excerpt, "redirect not followed", false);
  return retry(status, excerpt, null, false);
}

/** The first bytes of the answer; the rest is not read (a receiver may answer with megabytes). */
async function readExcerpt(res: Response): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < EXCERPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all.slice(0, EXCERPT_BYTES)).replace(/\uFFFD$/, "");
}
