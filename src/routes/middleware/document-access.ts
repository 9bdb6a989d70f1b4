import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import type { Bindings, DocumentEnv, PortalEnv } from "../../context";
import { findDocumentByPublicId } from "../../db/queries/document-links";
import type { PageReads } from "../../db/queries/page-entry";
import type { CustomerScope } from "../../db/scope";
import { customerScope } from "../../db/scope";
import { isPublicId } from "../../lib/public-id";
import { signupReach } from "../../services/signup/session";
import { signinRedirect } from "./session";
import { signedInPage } from "./signed-in-page";

/**
 * Guard for `/invoices/:id` and `/estimates/:id` (`:id` = the document's publicId).
 *
 * - Signed in with a full session: proceed (the handler's own lookup through
 *   c.var.my makes a foreign id a 404, S31).
 * - Signed out, tenant.requireAuthentication off: the link alone opens that one
 *   document. `c.var.my` is set to the document's customer and
 *   `c.var.documentOnly` names the document; `c.var.customer` and
 *   `c.var.session` stay null, so the layout shows no navigation and nothing
 *   else of the account. Handlers must show only the named document.
 * - Signed out otherwise: to sign-in, then back to this document.
 */
function customerOrDocument(kind: "invoice" | "estimate"): MiddlewareHandler<DocumentEnv> {
  // Either way out of here sets `my`: what makes DocumentEnv true for what follows.
  return createMiddleware<PortalEnv>(async (c, next) => {
    c.set("documentOnly", null);
    const session = c.get("session");
    if (session?.scope === "full" && c.get("my")) return next();
    // S25: a sign-up session opens the one invoice its sign-up made, and no other
    const reach = session && c.get("my") ? signupReach(session) : null;
    if (reach && kind === "invoice" && reach.invoice !== null && c.req.param("id") === reach.invoice) return next();
    if (reach) return signinRedirect(c);
    if (c.get("tenant").requireAuthentication) return signinRedirect(c);

    const id = c.req.param("id") ?? "";
    const doc = isPublicId(id) ? await findDocumentByPublicId(c.get("scope"), kind, id) : undefined;
    if (!doc) throw new HTTPException(404);
    c.set("my", customerScope(c.get("scope"), doc.customerId));
    c.set("documentOnly", { kind, publicId: id, documentId: doc.id });
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    await next();
  }) as unknown as MiddlewareHandler<DocumentEnv>;
}

/** A document page's context: customerOrDocument()'s, plus the page's data. */
export type DocumentPageEnv<T> = { Bindings: Bindings; Variables: DocumentEnv["Variables"] & { page: T } };

/**
 * A document's page or PDF in ONE round trip when signed in (issue 18): signedInPage()
 * with customerOrDocument() as its guard. A signed-out document link (the guard finds
 * the document first) reads the same statements apart, on the document's customer.
 */
export function documentPage<T>(
  kind: "invoice" | "estimate",
  reads: (my: CustomerScope, c: Context<PortalEnv>) => PageReads<T>,
): MiddlewareHandler<DocumentPageEnv<T>> {
  const guard = customerOrDocument(kind) as unknown as MiddlewareHandler;
  return signedInPage(reads, { guard }) as unknown as MiddlewareHandler<DocumentPageEnv<T>>;
}
