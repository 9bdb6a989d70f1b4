import { afterEach, describe, expect, it, vi } from "vitest";
import { createMailer, deliver, deliverLater } from "../../src/services/email";
import { mailChannelsMailer } from "../../src/services/email/mailchannels";
import { testDb } from "../helpers/tenants";

const message = { tenantId: 3, to: { email: "ada@example.com" }, subject: "Hello", text: "Hi" };

afterEach(() => vi.restoreAllMocks());

describe("MailChannels failures are reported, not thrown at the user", () => {
  it.each([400, 401, 403, 500, 503, 200])("HTTP %i: send() rejects with the status only", async (status) => {
    const fetch = (async () => new Response('{"errors":["ada@example.com: blocked"]}', { status })) as unknown as typeof globalThis.fetch;
    const err = await mailChannelsMailer({ apiKey: "secret-key", from: "f@x.example", fetch })
      .send(message)
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(`MailChannels refused the message (HTTP ${status})`);
  });

  it("deliver() turns a refusal into { ok: false } and logs neither address nor key (S44)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const fetch = (async () => new Response('{"errors":["ada@example.com"]}', { status: 500 })) as unknown as typeof globalThis.fetch;
    const result = await deliver(mailChannelsMailer({ apiKey: "secret-key", from: "f@x.example", fetch }), message, "sign-in link");
    expect(result).toEqual({ ok: false, error: "MailChannels refused the message (HTTP 500)" });
    const logged = log.mock.calls.flat().join(" ");
    expect(logged).toContain("sign-in link not delivered");
    expect(logged).not.toContain("ada@example.com");
    expect(logged).not.toContain("secret-key");
  });

  it("an unreachable API (fetch throws) is reported the same way", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const fetch = (async () => {
      throw new TypeError("Network connection lost to ada@example.com");
    }) as unknown as typeof globalThis.fetch;
    const result = await deliver(mailChannelsMailer({ apiKey: "k", from: "f@x.example", fetch }), message);
    expect(result).toEqual({ ok: false, error: "MailChannels unreachable (TypeError)" });
  });

  it("deliverLater() hands a promise to waitUntil that settles without throwing", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("", { status: 502 }));
    const mailer = createMailer({ ENVIRONMENT: "production", MAILCHANNELS_API_KEY: "k", EMAIL_FROM: "f@x.example" }, testDb());
    const pending: Promise<unknown>[] = [];
    deliverLater({ waitUntil: (p) => pending.push(p) }, mailer, message);
    expect(pending).toHaveLength(1);
    await expect(pending[0]).resolves.toEqual({ ok: false, error: "MailChannels refused the message (HTTP 502)" });
  });

  it("production without MAILCHANNELS_API_KEY is a configuration error at start, not a silent drop", () => {
    expect(() => createMailer({ ENVIRONMENT: "production", MAILCHANNELS_API_KEY: "", EMAIL_FROM: "f@x.example" }, testDb())).toThrow(/MAILCHANNELS_API_KEY/);
  });
});
