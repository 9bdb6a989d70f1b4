import { Hono } from "hono";
import type { PortalEnv } from "../../../context";
import { emailLinkRoutes } from "./email-link";
import { signinFormRoutes } from "./form";
import { reauthRoutes } from "./reauth";
import { ssoRoutes } from "./sso";
import { switchRoutes } from "./switch";

/**
 * Signing in and out (issue 3): emailed links and codes, SSO links, the
 * customer picker, sign-out and "confirm it's you". One file per way in under
 * ./signin/; the domain logic is in src/services/signin/.
 */
export const signinRoutes = new Hono<PortalEnv>();

signinRoutes.route("/", signinFormRoutes);
signinRoutes.route("/", reauthRoutes);
signinRoutes.route("/", emailLinkRoutes);
signinRoutes.route("/", ssoRoutes);
signinRoutes.route("/", switchRoutes);
