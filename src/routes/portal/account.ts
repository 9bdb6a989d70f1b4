import { Hono } from "hono";
import type { PortalEnv } from "../../context";
import { accountReads } from "../../db/queries/account";
import { AccountPage } from "../../views/pages/account/account-page";
import { signedInPage } from "../middleware/signed-in-page";
import { renderPage } from "./render-page";

/**
 * My Account (issue 4.1). Its reads ride in the session's batch (signedInPage): ONE
 * D1 round trip for the whole page (issue 18; the X-D1-Round-Trips header tells).
 */
/** Fixed texts other pages send here with `?notice=` (never the query's own text). */
const NOTICES: Record<string, string> = {
  // a sign-up page that allows one subscription, opened by a customer who has one (issue 16.4)
  already_subscribed: "You already have a subscription. To change it, open it below; to add another, please contact us.",
};

export const accountRoutes = new Hono<PortalEnv>();

accountRoutes.get(
  "/account",
  signedInPage((my, c) => accountReads(my, { now: c.get("now") }), { allowSignup: true }),
  (c) => renderPage(c, AccountPage, { overview: c.get("page"), now: c.get("now"), notice: NOTICES[c.req.query("notice") ?? ""] }),
);
