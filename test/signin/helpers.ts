import { desc, eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { devOutbox, events, sessions, signinTokens } from "../../src/db/schema";
import { SESSION_COOKIE } from "../../src/lib/cookies";
import { sha256Hex } from "../../src/lib/crypto";
import { nowSeconds } from "../../src/lib/time";
import { makeCustomer } from "../helpers/fixtures";
import type { PortalClient } from "../helpers/portal";
import { makeTenant, testDb } from "../helpers/tenants";

export type T = Awaited<ReturnType<typeof makeTenant>>;

let seq = 0;
/** A unique address, so that outbox lookups and rate-limit buckets never collide between tests. */
export const uniqueEmail = (who = "ada") => `${who}-${Date.now().toString(36)}-${seq++}@example.com`;

/** A tenant and one of its customers with a unique address. */
export async function world(settings: Parameters<typeof makeTenant>[0] = {}) {
  const t = await makeTenant(settings);
  const email = uniqueEmail();
  const customer = await makeCustomer(t.scope, { email });
  return { t, customer, email };
}

/** The newest mail to `to`. Mail is sent after the response (S11), so wait for it to land. */
export async function waitForMail(to: string, after = 0) {
  for (let i = 0; i < 200; i++) {
    const row = await testDb().select().from(devOutbox).where(eq(devOutbox.to, to)).orderBy(desc(devOutbox.id)).get();
    if (row && row.id > after) return row;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no mail to ${to}`);
}

/** Every mail to `to` so far. */
export async function mailsTo(to: string) {
  return testDb().select().from(devOutbox).where(eq(devOutbox.to, to)).all();
}

/** Waits until the background work of a link request has recorded its event. */
export async function waitForEvent(t: T, type: string, count = 1) {
  for (let i = 0; i < 200; i++) {
    const rows = await t.scope.select(events, eq(events.type, type)).all();
    if (rows.length >= count) return rows;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no ${type} event`);
}

export function linkIn(mail: { text: string }): string {
  const m = /https?:\/\/\S+\/login\/email\/[A-Za-z0-9_-]{43}/.exec(mail.text);
  if (!m) throw new Error("no link in mail");
  return m[0];
}

export function codeIn(mail: { text: string }): string {
  const m = /code on the page where you asked: ([A-Z0-9]{8})/.exec(mail.text);
  if (!m) throw new Error("no code in mail");
  return m[1]!;
}

/** The path part of a link, to open it with a PortalClient of the same tenant. */
export const pathOf = (url: string) => new URL(url).pathname;

/** Asks for a link in `portal` (GET /login first, as a browser does) and returns the mail. */
export async function requestLink(portal: PortalClient, email: string, fields: Record<string, string> = {}) {
  const before = (await mailsTo(email)).reduce((m, r) => Math.max(m, r.id), 0);
  await portal.get("/login");
  const res = await portal.post("/login", { email, ...fields });
  if (res.status !== 200) throw new Error(`POST /login answered ${res.status}`);
  return { res, mail: await waitForMail(email, before) };
}

/** Requests a link and presses its Sign in button in the same browser. */
export async function signInByLink(portal: PortalClient, email: string) {
  const { mail } = await requestLink(portal, email);
  const path = pathOf(linkIn(mail));
  await portal.get(path);
  return portal.post(path);
}

/** The stored token row behind a link. */
export async function tokenRow(t: T, link: string) {
  const id = await sha256Hex(link.slice(link.lastIndexOf("/") + 1));
  return (await t.scope.select(signinTokens, eq(signinTokens.id, id)).get())!;
}

export async function sessionsOf(t: T, customerId: number) {
  return t.scope.select(sessions, eq(sessions.customerId, customerId)).all();
}

/** Whether the client's session cookie is a live session (it reaches a signed-in page). */
export async function isSignedIn(portal: PortalClient): Promise<boolean> {
  const res = await portal.get("/switch");
  return res.status === 200;
}

export const sessionCookieOf = (portal: PortalClient) => portal.cookies.get(SESSION_COOKIE);

/** A token minted the way Invoiced's PHP/Ruby/Java clients do: HS256 over {sub, iat, exp, iss}, 1 hour. */
export function invoicedToken(
  ssoKey: string,
  sub: number | string,
  now = nowSeconds(),
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = { alg: "HS256", typ: "JWT" },
) {
  return new SignJWT({ sub, iat: now, exp: now + 3600, iss: "Invoiced PHP/5.0.0", ...claims } as never)
    .setProtectedHeader(header as never)
    .sign(new TextEncoder().encode(ssoKey));
}
