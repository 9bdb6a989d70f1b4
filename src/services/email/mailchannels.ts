import type { Mailer, MailMessage } from "./types";

/** Default From when a message names none: EMAIL_FROM, with the tenant's name shown by the caller. */
export type MailChannelsConfig = { apiKey: string; from: string; fetch?: typeof fetch };

const ENDPOINT = "https://api.mailchannels.net/tx/v1/send";

/**
 * Production transport: the MailChannels Email API (202 on success). A refusal or
 * an unreachable API rejects with a short message that carries only the status
 * (S44: the provider's answer may echo addresses); callers use `deliver()` so
 * that the customer never sees it as an error.
 */
export function mailChannelsMailer(cfg: MailChannelsConfig): Mailer {
  // late-bound, so the global fetch is looked up at send time
  const doFetch = cfg.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  return {
    async send(msg: MailMessage) {
      const content = [{ type: "text/plain", value: msg.text }];
      if (msg.html) content.push({ type: "text/html", value: msg.html });
      const body = {
        personalizations: [{ to: [{ email: msg.to.email, ...(msg.to.name ? { name: msg.to.name } : {}) }] }],
        from: msg.from ?? { email: cfg.from },
        ...(msg.replyTo ? { reply_to: { email: msg.replyTo } } : {}),
        subject: msg.subject,
        content,
        ...(msg.attachments?.length ? { attachments: msg.attachments.map((a) => ({ type: a.contentType, filename: a.filename, content: a.content })) } : {}),
      };
      let res: Response;
      try {
        res = await doFetch(ENDPOINT, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Api-Key": cfg.apiKey },
          body: JSON.stringify(body),
        });
      } catch (err) {
        throw new Error(`MailChannels unreachable (${err instanceof Error ? err.name : "error"})`);
      }
      await res.body?.cancel();
      if (res.status !== 202) throw new Error(`MailChannels refused the message (HTTP ${res.status})`);
    },
  };
}
