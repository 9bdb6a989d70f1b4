import type { Context } from "hono";
import type { FC } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { PortalEnv } from "../../context";

/**
 * Answers with a full portal page: the page gets only its own props, and the
 * layout reads the tenant, the customer and the CSRF token from the request
 * (jsxRenderer in ./index.ts). htmx fragments are not pages: they stay `c.html`.
 */
export function renderPage<E extends PortalEnv, P extends object>(c: Context<E>, Page: FC<P>, props: P, status: ContentfulStatusCode = 200) {
  c.status(status);
  return c.render(<Page {...props} />);
}
