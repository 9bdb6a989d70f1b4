import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { PortalEnv } from "../../context";
import { findSignUpPage, type SignUpPage } from "../../db/queries/sign-up-pages";
import { hostCookie, readHostCookie } from "../../lib/cookies";
import { sha256Hex } from "../../lib/crypto";
import { randomToken } from "../../lib/random";

/**
 * What the sign-up routes share: the page from the path, and the browser's sign-up
 * cookie, which ties the thank-you page and the short session (S25) to the browser
 * that signed up.
 */

type C = Context<PortalEnv>;

const BROWSER_COOKIE = "__Host-bp_signup";
const BROWSER_MAX_AGE = 24 * 3600;

/** This browser's sign-up cookie (made when missing) and its hash, which is all that is stored. */
export async function browserHash(c: C, create: boolean): Promise<string | null> {
  let value = readHostCookie(c.req.header("Cookie"), BROWSER_COOKIE);
  if (!value && create) {
    value = randomToken(32);
    c.header("Set-Cookie", hostCookie(BROWSER_COOKIE, value, { maxAge: BROWSER_MAX_AGE }), { append: true });
  }
  return value ? sha256Hex(value) : null;
}

export const pageId = (c: C) => {
  const raw = c.req.param("id") ?? "";
  if (!/^[1-9][0-9]{0,14}$/.test(raw)) throw new HTTPException(404);
  return Number(raw);
};

export async function pageOf(c: C): Promise<SignUpPage> {
  const page = await findSignUpPage(c.var.scope, pageId(c));
  if (!page) throw new HTTPException(404);
  return page;
}
