import type { Mailer, MailMessage } from "./types";

/** Default From when a message names none: EMAIL_FROM, with the tenant's name shown by the caller. */
export type MailChannelsConfig = { apiKey: string; from: string; fetch?: typeof fetch };

const ENDPOINT = "https://api.mailchannels.net/tx/v1/send";

/** Production transport: the MailChannels Email API (202 on success). */
export function mailChannelsMailer(cfg: MailChannelsConfig): Mailer {
  const doFetch = cfg.fetch ?? fetch;
  return {
    async send(msg: MailMessage) {
      const content = [{ type: "text/plain", value: msg.text }];
      if (msg.html) content.push({ type: "text/html", value: msg.html });
      const res = await doFetch(ENDPOINT, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Api-Key": cfg.apiKey },
        body: JSON.stringify({
          personalizations: [{ to: [{ email: msg.to.email, ...(msg.to.name ? { name: msg.to.name } : {}) }] }],
          from: msg.from ?? { email: cfg.from },
          ...(msg.replyTo ? { reply_to: { email: msg.replyTo } } : {}),
          subject: msg.subject,
          content,
        }),
      });
      // S44: the provider's answer may echo addresses; only the status is logged.
      if (res.status !== 202) throw new Error(`MailChannels refused the message (HTTP ${res.status})`);
    },
  };
}
