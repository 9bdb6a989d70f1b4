import { Hono } from "hono";
import type { PortalEnv } from "../../context";
import { emailLinkRoutes } from "./signin/email-link";
import { loginRoutes } from "./signin/login";
import { reauthRoutes } from "./signin/reauth";
import { ssoRoutes } from "./signin/sso";
import { switchRoutes } from "./signin/switch";

/**
 * Signing in and out (issue 3): emailed links and codes, SSO links, the
 * customer picker, sign-out and "confirm it's you". One file per way in under
 * ./signin/; the domain logic is in src/services/signin/.
 */
export const authRoutes = new Hono<PortalEnv>();

authRoutes.route("/", loginRoutes);
authRoutes.route("/", reauthRoutes);
authRoutes.route("/", emailLinkRoutes);
authRoutes.route("/", ssoRoutes);
authRoutes.route("/", switchRoutes);
