import { Webhook } from "standardwebhooks";
import { randomBytes } from "./random";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}`, HMAC-SHA256 with the decoded secret,
 * sent as `webhook-signature: v1,<base64>`; several space-separated signatures
 * during a secret rotation. Signed with the `standardwebhooks` package itself (it
 * runs in workerd), so what receivers verify with is what we sign with.
 */

/** A new signing secret: `whsec_` + base64 of 32 random bytes (256 bits, S1). */
export function newWebhookSecret(): string {
  let s = "";
  for (const b of randomBytes(32)) s += String.fromCharCode(b);
  return `whsec_${btoa(s)}`;
}

export type SignedHeaders = { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string };

/** Headers for one delivery attempt; `secrets` are the current one and, while rotating, the previous one. */
export function signWebhook(secrets: string[], msgId: string, timestamp: number, body: string): SignedHeaders {
  const at = new Date(timestamp * 1000);
  const signatures = secrets.map((s) => new Webhook(s).sign(msgId, at, body));
  return { "webhook-id": msgId, "webhook-timestamp": String(timestamp), "webhook-signature": signatures.join(" ") };
}
