import type { Mailer, MailMessage } from "./types";

export type Delivery = { ok: true } | { ok: false; error: string };

/**
 * Sends one message and reports the outcome instead of throwing: a provider
 * outage must not turn a customer's request into an error page. The failure is
 * logged without the address or the provider's answer (S44).
 */
export async function deliver(mailer: Mailer, msg: MailMessage, what = "mail"): Promise<Delivery> {
  try {
    await mailer.send(msg);
    return { ok: true };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    const tenantId = msg.tenantId ?? "-";
    console.error(`${what} not delivered (tenant ${tenantId}): ${err instanceof Error ? err.name : "error"}`);
    return { ok: false, error };
  }
}

/**
 * Sends after the response is on its way (S11: the answer's timing must not tell
 * whether a mail was sent), through `waitUntil`; failures are reported by `deliver`.
 */
export function deliverLater(ctx: { waitUntil(p: Promise<unknown>): void }, mailer: Mailer, msg: MailMessage, what?: string): void {
  ctx.waitUntil(deliver(mailer, msg, what));
}
