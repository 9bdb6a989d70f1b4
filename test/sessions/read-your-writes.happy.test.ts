import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { BOOKMARK_COOKIE } from "../../src/lib/cookies";
import { signedIn, usAddress } from "../billing/helpers";

// Issue 18, reads near the customer: every portal request reads through D1's Sessions
// API, and a browser's own write travels as a bookmark in a cookie, so its next page
// reads a copy at least that new. Local D1 has one copy (no replicas), so the test
// checks the path: the bookmark the write produced is the one the next page's D1
// session starts from, and the page shows the write. Patches the D1 binding's
// prototype to see the worker's withSession() calls: an isolated file (vitest.config.ts).

type Proto = { withSession: (this: D1Database, arg?: string) => unknown };
const proto = Object.getPrototypeOf(env.DB) as Proto;
const original = proto.withSession;
afterEach(() => {
  proto.withSession = original;
});

function recordSessions(): (string | undefined)[] {
  const seen: (string | undefined)[] = [];
  proto.withSession = function (this: D1Database, arg?: string) {
    seen.push(arg);
    return original.call(this, arg);
  };
  return seen;
}

describe("a customer's write is visible on the next page through the Sessions API", () => {
  it("billing details: the post sets the bookmark cookie, and the next page's D1 session starts from it and shows the change", async () => {
    const { cust, portal } = await signedIn();
    await portal.get("/billing");
    const seen = recordSessions();

    const res = await portal.post("/billing", usAddress({ name: cust.name, email: cust.email! }));
    expect(res.status).toBe(303);
    const bookmark = portal.cookies.get(BOOKMARK_COOKIE);
    expect(bookmark, "the write sets the bookmark cookie").toBeTruthy();
    expect(seen, "the post itself read and wrote through a D1 session").toHaveLength(1);

    const page = await portal.get(res.location!);
    expect(seen[1], "the next page's session starts at the write's bookmark").toBe(bookmark);
    expect(page.status).toBe(200);
    expect(page.html).toContain('value="1 Market St"');
    expect(page.html).toContain("Your billing details were saved.");
  });

  it("a page without a bookmark reads unconstrained (any copy), and a page view sets no bookmark", async () => {
    const { portal } = await signedIn();
    portal.cookies.delete(BOOKMARK_COOKIE);
    const seen = recordSessions();
    const page = await portal.get("/billing");
    expect(page.status).toBe(200);
    expect(seen).toEqual(["first-unconstrained"]);
    expect(portal.cookies.has(BOOKMARK_COOKIE)).toBe(false);
  });

  it("a cookie that is not a bookmark is ignored, not passed to D1", async () => {
    const { portal } = await signedIn();
    portal.cookies.set(BOOKMARK_COOKIE, "first-primary;x=<script>");
    const seen = recordSessions();
    expect((await portal.get("/billing")).status).toBe(200);
    expect(seen).toEqual(["first-unconstrained"]);
  });
});
