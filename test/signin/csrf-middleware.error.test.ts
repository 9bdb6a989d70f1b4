import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";

// Found by the S29 fuzz (test/security/fuzz-portal.security.test.ts): the CSRF
// middleware reads every form body, and a multipart body it cannot parse threw
// out of it as a 500.
describe("CSRF middleware: an unreadable form body", () => {
  const bodies: [string, string][] = [
    ["multipart/form-data", ""],
    ["multipart/form-data; boundary=xyz", "not a multipart body"],
    ["multipart/form-data; boundary=xyz", '--xyz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\ncut short'],
  ];

  for (const [type, text] of bodies) {
    it(`is a 400 with the generic page, not a 500 (${JSON.stringify(type)}, ${text.length} bytes)`, async () => {
      const t = await makeTenant();
      const portal = new PortalClient(t.origin);
      await portal.get("/login");
      const res = await exports.default.fetch(`${t.origin}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: portal.cookieHeader(), Origin: t.origin, "Content-Type": type, "X-CSRF-Token": portal.csrf },
        body: text,
      });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain("The form could not be read");
      expect(html).toMatch(/Request id: [0-9a-f-]{36}/);
    });
  }
});

// Found by the S28 headers walk (test/security/headers.security.test.ts): the
// middleware issued its token cookie on /theme.css, an answer marked
// `public, max-age=300`, which a shared cache could replay to everyone.
describe("CSRF middleware: a publicly cacheable answer", () => {
  it("carries no Set-Cookie, while a page for the same fresh visitor still gets its token", async () => {
    const t = await makeTenant();
    const css = await exports.default.fetch(`${t.origin}/theme.css`);
    expect(css.headers.get("Cache-Control")).toMatch(/public/);
    expect(css.headers.getSetCookie()).toEqual([]);
    const page = await exports.default.fetch(`${t.origin}/login`);
    expect(page.headers.getSetCookie().join("\n")).toMatch(/__Host-bp_csrf=[^;]+/);
  });
});
