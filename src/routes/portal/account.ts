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
export const accountRoutes = new Hono<PortalEnv>();

accountRoutes.get(
  "/account",
  signedInPage((my, c) => accountReads(my, { now: c.get("now") }), { allowSignup: true }),
  (c) => renderPage(c, AccountPage, { overview: c.get("page"), now: c.get("now") }),
);
