/**
 * Where a customer lands after signing in (S27). Only two shapes exist: a page id
 * from Invoiced's `redirect_to` list, or a relative path we produced ourselves
 * (`next` from signinRedirect). Nothing from the query is ever used as a URL.
 */

export const DEFAULT_LANDING = "/account";

/** Invoiced's `redirect_to` page ids (product.md), plus ours. Unknown ids go to My Account. */
const PAGE_IDS: Record<string, string> = {
  my_account: "/account",
  account: "/account",
  invoices: "/invoices",
  estimates: "/estimates",
  credit_notes: "/account",
  payments: "/payments",
  balance_forward_statement: "/statements?type=balance_forward",
  open_item_statement: "/statements?type=open_item",
  pay: "/pay",
  add_payment_method: "/payment-methods",
  update_billing_info: "/billing",
  subscriptions: "/subscriptions",
};

/** The page ids a merchant may name (API links, SSO `redirect_to`). */
export const PAGE_ID_NAMES = Object.keys(PAGE_IDS) as [string, ...string[]];

export function pagePath(pageId: string | null | undefined): string {
  if (!pageId) return DEFAULT_LANDING;
  return Object.hasOwn(PAGE_IDS, pageId) ? PAGE_IDS[pageId]! : DEFAULT_LANDING;
}

/** Paths that must never be a landing target (they would loop or sign out). */
const NO_LANDING = /^\/(login|logout)(\/|$|\?)/;

/**
 * A same-origin relative path, or `/account`. Refuses anything a browser could
 * read as another origin: `//x`, `/\x`, encoded slashes or backslashes
 * (`/%2F%2Fx`), schemes (`https:x`, `javascript:`), control characters.
 */
export function safeNextPath(raw: string | null | undefined): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 512) return DEFAULT_LANDING;
  if (!raw.startsWith("/") || raw.startsWith("//")) return DEFAULT_LANDING;
  if (/[\\\u0000-\u001f\u007f\s]/.test(raw)) return DEFAULT_LANDING;
  if (/%(2f|5c|0[0-9a-f]|1[0-9a-f]|7f|25)/i.test(raw)) return DEFAULT_LANDING;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return DEFAULT_LANDING;
  }
  if (decoded.startsWith("//") || decoded.includes("\\")) return DEFAULT_LANDING;
  // Resolve against a dummy origin: anything that leaves it was not a plain path.
  const base = "https://portal.invalid";
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return DEFAULT_LANDING;
  }
  if (url.origin !== base) return DEFAULT_LANDING;
  const path = url.pathname + url.search;
  if (path !== raw || NO_LANDING.test(path)) return DEFAULT_LANDING;
  return path;
}
