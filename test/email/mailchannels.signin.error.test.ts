import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { app } from "../../src/app";
import { makeCustomer } from "../helpers/fixtures";
import { makeTenant } from "../helpers/tenants";

afterEach(() => vi.restoreAllMocks());

// End to end: production's mail transport failing while a customer asks for a
// sign-in link. The customer gets the ordinary answer; the failure goes to the log.
describe("a MailChannels outage is not thrown at the customer", () => {
  it("POST /login answers 'check your email' although MailChannels refuses; the log names no address", async () => {
    const t = await makeTenant({ name: "Outage Ltd" });
    const email = `outage-${Date.now()}@example.com`;
    await makeCustomer(t.scope, { email });
    const prod = { ...env, ENVIRONMENT: "production", MAILCHANNELS_API_KEY: "mc-secret-key" };
    const mailchannels = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response('{"errors":["quota"]}', { status: 503 }));
    const log = vi.spyOn(console, "error").mockImplementation(() => {});

    // GET /login for the CSRF token and pre-auth cookies, as a browser would
    const page = await app.fetch(new Request(`${t.origin}/login`), prod, createExecutionContext());
    const html = await page.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const cookies = page.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");

    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request(`${t.origin}/login`, {
        method: "POST",
        headers: { Origin: t.origin, Cookie: cookies, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: csrf, email }),
      }),
      prod,
      ctx,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/check your email/i);
    await waitOnExecutionContext(ctx);

    // the mail was really attempted through MailChannels, and its failure reported
    expect(mailchannels.mock.calls.some(([url]) => String(url) === "https://api.mailchannels.net/tx/v1/send")).toBe(true);
    const logged = log.mock.calls.flat().map(String).join("\n");
    expect(logged.length).toBeGreaterThan(0);
    expect(logged).not.toContain(email);
    expect(logged).not.toContain("mc-secret-key");
  });
});
