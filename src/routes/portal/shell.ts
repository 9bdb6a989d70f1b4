import { Hono } from "hono";
import type { PortalEnv } from "../../context";
import { themeCss } from "../../services/theme";
import { AccessibilityPage } from "../../views/pages/shell/accessibility";
import { renderPage } from "./render-page";

/** Pages of the portal shell itself: the front door, the tenant's theme, the accessibility statement. */
export const shellRoutes = new Hono<PortalEnv>();

shellRoutes.get("/", (c) => c.redirect(c.var.customer ? "/account" : "/login", 303));

// The highlight colour as a stylesheet (CSP forbids style attributes). It holds
// nothing personal, so a short public cache is fine; a colour change shows within minutes.
shellRoutes.get("/theme.css", (c) => {
  c.header("Content-Type", "text/css; charset=utf-8");
  c.header("Cache-Control", "public, max-age=300");
  return c.body(themeCss(c.var.tenant.highlightColor));
});

shellRoutes.get("/accessibility", (c) => renderPage(c, AccessibilityPage, {}));
