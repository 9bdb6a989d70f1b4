import { Hono } from "hono";
import type { ApiEnv } from "../../context";

// Not built yet: see the open issue for this area.
export const paymentSourcesRoutes = new Hono<ApiEnv>();
