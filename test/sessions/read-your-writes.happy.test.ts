import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { invoices, sessions } from "../../src/db/schema";
import { BOOKMARK_COOKIE } from "../../src/lib/cookies";
import { nowSeconds } from "../../src/lib/time";
import { signedIn, usAddress } from "../billing/helpers";
import { makeInvoice } from "../helpers/fixtures";
import { viewsWritten } from "../helpers/views";

// Issue 18, reads near the customer: every portal request reads through D1's Sessions
// API, and a browser's own write travels as a bookmark in a cookie, so its next page
// reads a copy at least that new. Local D1 has one copy (no replicas), so the test
// checks the path: the bookmark the write produced is the one the next page's D1
// session starts from, and the page shows the write. Patches the D1 binding's
// prototype to see the worker's withSession() calls: an isolated file (vitest.config.ts).

type Proto = { withSession: (this: D1Database, arg?: string) => unknown };
const proto = Object.getPrototypeOf(env.DB) as Proto;
const original = proto.withSession;
type Fn = (this: unknown, ...args: unknown[]) => unknown;
const restores: (() => void)[] = [];
afterEach(() => {
  proto.withSession = original;
  for (const restore of restores.splice(0)) restore();
});

function patch(target: Record<string, unknown>, name: string, wrap: (original: Fn) => Fn) {
  const before = target[name] as Fn;
  target[name] = wrap(before);
  restores.push(() => {
    target[name] = before;
  });
}

/**
 * The SQL of every batch sent through a D1 session (Sessions API), in order: the
 * session's prepare() and bind() carry each statement's SQL to its batch() call.
 */
function recordBatches(): string[][] {
  const batches: string[][] = [];
  const session = env.DB.withSession("first-unconstrained");
  const sessionProto = Object.getPrototypeOf(session) as Record<string, unknown>;
  const stmtProto = Object.getPrototypeOf(session.prepare("select 1")) as Record<string, unknown>;
  const sqlOf = new WeakMap<object, string>();
  patch(
    sessionProto,
    "prepare",
    (prepare) =>
      function (this: unknown, ...args: unknown[]) {
        const stmt = prepare.apply(this, args) as object;
        sqlOf.set(stmt, String(args[0]));
        return stmt;
      },
  );
  patch(
    stmtProto,
    "bind",
    (bind) =>
      function (this: unknown, ...args: unknown[]) {
        const bound = bind.apply(this, args) as object;
        sqlOf.set(bound, sqlOf.get(this as object) ?? "?");
        return bound;
      },
  );
  patch(
    sessionProto,
    "batch",
    (batch) =>
      function (this: unknown, ...args: unknown[]) {
        batches.push((args[0] as object[]).map((s) => sqlOf.get(s) ?? "?"));
        return batch.apply(this, args);
      },
  );
  return batches;
}

const readOnly = (batch: string[]) => batch.every((sql) => /^\s*select\b/i.test(sql));

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
    // S22: a state change checks its session on the primary, where a revocation made anywhere is already
    expect(seen, "the post itself read and wrote through a D1 session that starts on the primary").toEqual(["first-primary"]);

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

  // issue 18.5: a page batch without writes may be served by a read replica
  it("a signed-in page is one read-only batch through a session that may use replicas; the due touch follows after the response", async () => {
    const { t, portal, sessionId } = await signedIn();
    await t.scope.update(sessions, { lastSeenAt: nowSeconds() - 120 }, eq(sessions.id, sessionId));
    portal.cookies.delete(BOOKMARK_COOKIE);
    const batches = recordBatches();
    const seen = recordSessions();

    const page = await portal.get("/invoices");
    expect(page.status).toBe(200);
    expect(seen, "unconstrained: any copy may answer").toEqual(["first-unconstrained"]);
    await vi.waitFor(() => expect(batches).toHaveLength(2));
    expect(readOnly(batches[0]!), `the page's batch writes nothing: ${batches[0]!.join(" | ")}`).toBe(true);
    expect(batches[1]!.map((sql) => sql.split(" ").slice(0, 2).join(" "))).toEqual(['update "sessions"']);
    const row = await t.scope.select(sessions, eq(sessions.id, sessionId)).get();
    expect(row!.lastSeenAt).toBeGreaterThanOrEqual(nowSeconds() - 5);
  });

  it("a session touched under a minute ago: the page is one read-only batch and nothing follows", async () => {
    const { portal } = await signedIn();
    const batches = recordBatches();
    expect((await portal.get("/account")).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(batches).toHaveLength(1);
    expect(readOnly(batches[0]!)).toBe(true);
  });

  it("an invoice's page is read-only too: the touch is the one batch after the response, the view goes to the queue", async () => {
    const { t, cust, portal, sessionId } = await signedIn();
    await t.scope.update(sessions, { lastSeenAt: nowSeconds() - 120 }, eq(sessions.id, sessionId));
    const inv = await makeInvoice(t.scope, cust.id, { status: "sent" });
    const batches = recordBatches();

    const page = await portal.get(`/invoices/${inv.publicId}`);
    expect(page.status).toBe(200);
    // the view is written by the webhook queue's consumer (src/db/queries/document-views.ts), about a second later
    await viewsWritten(t.tenant.id, 1);
    expect(readOnly(batches[0]!)).toBe(true);
    const words = (batch: string[]) => batch.map((sql) => sql.split(" ").slice(0, 3).join(" "));
    expect(words(batches[1]!)).toEqual(['update "sessions" set']);
    expect((await t.scope.select(invoices, eq(invoices.id, inv.id)).get())!.status).toBe("viewed");
  });
});
