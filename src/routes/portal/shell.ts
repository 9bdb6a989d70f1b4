import { Hono } from "hono";
import type { PortalEnv } from "../../context";

/** Pages of the portal shell itself: the front door and the tenant's theme. */
export const shellRoutes = new Hono<PortalEnv>();

shellRoutes.get("/", (c) => c.redirect(c.var.customer ? "/account" : "/login", 303));
