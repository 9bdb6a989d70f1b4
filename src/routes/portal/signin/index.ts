import { Hono } from "hono";
import type { PortalEnv } from "../../../context";
import { emailLinkRoutes } from "./email-link";
import { loginRoutes } from "./form";
import { reauthRoutes } from "./reauth";
import { ssoRoutes } from "./sso";
import { switchRoutes } from "./switch";

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
