import { Hono } from "hono";
import type { PortalEnv } from "../../context";

// Not built yet: see the open issue for this area.
export const paymentMethodRoutes = new Hono<PortalEnv>();
