import type { TenantScope } from "../../db/scope";
import { DAY } from "../../lib/time";
import { maskEmail } from "./mask";
import { pagePath } from "./redirects";
import { emailLinkPath } from "./request-link";
import { issueSigninToken } from "./tokens";

/** Merchant-minted links: 7 days unless the merchant says otherwise, 30 at most. */
export const API_LINK_DEFAULT_SECONDS = 7 * DAY;
export const API_LINK_MAX_SECONDS = 30 * DAY;

/**
 * A one-time sign-in URL for one customer, for merchants who email links
 * themselves. It opens the same page as an emailed link: a GET shows a Sign in
 * button and consumes nothing (S5). Not bound to a browser (nobody asked from
 * one), so that page always asks "sign in as ... on this device?".
 */
export async function mintApiSignInLink(
  scope: TenantScope,
  kv: KVNamespace,
  portalOrigin: string,
  customer: { id: number; name: string; email: string | null },
  opts: { lifetime: number; redirectTo: string | null },
  now: number,
): Promise<{ url: string; expiresAt: number }> {
  const issued = await issueSigninToken(
    scope,
    kv,
    {
      purpose: "api_link",
      // No address: a merchant link must not revoke the customer's emailed ones (S8 is per address).
      email: null,
      customerId: customer.id,
      browserNonceHash: null,
      withCode: false,
      redirectTo: opts.redirectTo === null ? null : pagePath(opts.redirectTo),
      lifetime: Math.min(opts.lifetime, API_LINK_MAX_SECONDS),
      masked: customer.email ? maskEmail(customer.email) : null,
    },
    now,
  );
  return { url: portalOrigin + emailLinkPath(issued.token), expiresAt: issued.expiresAt };
}
