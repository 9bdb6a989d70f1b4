import { Hono } from "hono";
import type { PortalEnv } from "../../context";
import { accountOverview } from "../../db/queries/account";
import { AccountPage } from "../../views/pages/account/account-page";
import { requireCustomer } from "../middleware/session";
import { renderPage } from "./render-page";

/**
 * My Account (issue 4.1). One batch for everything on the page: with the tenant and
 * session lookups, three D1 round trips (the X-D1-Round-Trips header tells).
 */
export const accountRoutes = new Hono<PortalEnv>();

accountRoutes.get("/account", requireCustomer({ allowSignup: true }), async (c) => {
  const overview = await accountOverview(c.var.my, { now: c.var.now });
  return renderPage(c, AccountPage, { overview, now: c.var.now });
});
