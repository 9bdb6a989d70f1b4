import { Hono } from "hono";
import type { PortalEnv } from "../../context";

/**
 * Issue 17 (no dead ends): a form answered with its errors (422) leaves the address
 * bar on the path it posted to, and htmx pushes that path too. Reloading it is a GET,
 * which these paths did not answer; each now leads to the page the form lives on.
 * (/billing, /pay, /payment-methods and /switch are GET pages already.)
 */
export const reloadRoutes = new Hono<PortalEnv>();

const to = (path: string) => (c: { redirect: (p: string, s: 303) => Response }) => c.redirect(path, 303);

reloadRoutes.get("/billing/contacts", to("/billing#contacts"));
reloadRoutes.get("/estimates/:id/approve", (c) => c.redirect(`/estimates/${encodeURIComponent(c.req.param("id"))}`, 303));
reloadRoutes.get("/estimates/:id/decline", (c) => c.redirect(`/estimates/${encodeURIComponent(c.req.param("id"))}`, 303));
reloadRoutes.get("/login/code", to("/login"));
reloadRoutes.get("/login/reauth", to("/account"));
reloadRoutes.get("/logout", to("/login"));
reloadRoutes.get("/pay/confirm", to("/pay"));
reloadRoutes.get("/pay/cancel", to("/pay"));
reloadRoutes.get("/payment-methods/autopay", to("/payment-methods"));
reloadRoutes.get("/payment-methods/checkout", to("/payment-methods/new"));
reloadRoutes.get("/payment-methods/:id/default", to("/payment-methods"));
