import { afterEach, describe, expect, it, vi } from "vitest";
import { createMailer, deliver } from "../../src/services/email";
import { mailChannelsMailer } from "../../src/services/email/mailchannels";
import { listOutbox } from "../../src/services/email/outbox";
import { testDb } from "../helpers/tenants";

type Call = { url: string; init: RequestInit };

function fakeFetch(status = 202) {
  const calls: Call[] = [];
  const fn = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return new Response(status === 202 ? "" : '{"errors":["to: someone@example.com rejected"]}', { status });
  };
  return { fn: fn as typeof fetch, calls };
}

const message = {
  tenantId: 7,
  to: { email: "ada@example.com", name: "Ada Lovelace" },
  from: { email: "billing@acme.example", name: "Acme Billing" },
  replyTo: "support@acme.example",
  subject: "Your sign-in link",
  text: "Open https://acme.portal.example.com/login/abc",
  html: '<p>Open <a href="https://acme.portal.example.com/login/abc">the link</a></p>',
};

afterEach(() => vi.restoreAllMocks());

describe("MailChannels transport", () => {
  it("POSTs the Email API with X-Api-Key and the documented body; 202 is success", async () => {
    const fake = fakeFetch(202);
    await mailChannelsMailer({ apiKey: "mc-key-123", from: "billing@portal.example.com", fetch: fake.fn }).send(message);

    expect(fake.calls).toHaveLength(1);
    const { url, init } = fake.calls[0]!;
    expect(url).toBe("https://api.mailchannels.net/tx/v1/send");
    expect(init.method).toBe("POST");
    const headers = new Headers(init.headers);
    expect(headers.get("X-Api-Key")).toBe("mc-key-123");
    expect(headers.get("Content-Type")).toBe("application/json");
    expect(JSON.parse(String(init.body))).toEqual({
      personalizations: [{ to: [{ email: "ada@example.com", name: "Ada Lovelace" }] }],
      from: { email: "billing@acme.example", name: "Acme Billing" },
      reply_to: { email: "support@acme.example" },
      subject: "Your sign-in link",
      content: [
        { type: "text/plain", value: message.text },
        { type: "text/html", value: message.html },
      ],
    });
  });

  it("without a From, a name or HTML, sends EMAIL_FROM and text only", async () => {
    const fake = fakeFetch(202);
    await mailChannelsMailer({ apiKey: "k", from: "billing@portal.example.com", fetch: fake.fn }).send({
      tenantId: null,
      to: { email: "bob@example.com" },
      subject: "Receipt",
      text: "Thanks",
    });
    expect(JSON.parse(String(fake.calls[0]!.init.body))).toEqual({
      personalizations: [{ to: [{ email: "bob@example.com" }] }],
      from: { email: "billing@portal.example.com" },
      subject: "Receipt",
      content: [{ type: "text/plain", value: "Thanks" }],
    });
  });

  it("production's mailer goes to MailChannels through the global fetch, never to the outbox", async () => {
    const spy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("", { status: 202 }));
    const mailer = createMailer({ ENVIRONMENT: "production", MAILCHANNELS_API_KEY: "prod-key", EMAIL_FROM: "billing@portal.example.com" }, testDb());
    expect(await deliver(mailer, message)).toEqual({ ok: true });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(String(spy.mock.calls[0]![0])).toBe("https://api.mailchannels.net/tx/v1/send");
    expect(new Headers(spy.mock.calls[0]![1]!.headers).get("X-Api-Key")).toBe("prod-key");
  });

  it("development with a MailChannels key set sends through MailChannels too (the bench measures that transport), not to the outbox", async () => {
    const spy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("", { status: 202 }));
    const to = `dev-with-key-${crypto.randomUUID()}@example.com`;
    const mailer = createMailer({ ENVIRONMENT: "development", MAILCHANNELS_API_KEY: "dev-key", EMAIL_FROM: "billing@portal.example.com" }, testDb());
    expect(await deliver(mailer, { ...message, to: { email: to } })).toEqual({ ok: true });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(String(spy.mock.calls[0]![0])).toBe("https://api.mailchannels.net/tx/v1/send");
    expect((await listOutbox(testDb(), 500)).filter((m) => m.to === to)).toHaveLength(0);
  });
});
