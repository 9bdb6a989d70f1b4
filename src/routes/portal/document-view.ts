import type { Context } from "hono";
import type { DocumentView } from "../../db/queries/document-views";
import type { CustomerScope } from "../../db/scope";
import { requestActor, storedUserAgent } from "../../lib/request-meta";

type ViewingEnv = { Variables: { my: CustomerScope | null; now: number; requestId: string } };

/**
 * The view a page makes of the customer's document (the signed-in customer's, or the
 * one a document link opened), for `c.set("view", …)`: the webhook producer sends it to
 * the queue after the response and the consumer writes it (db/queries/document-views.ts).
 * Its key is the request's id (random, never the client's; a page opens one document),
 * which makes a redelivered message harmless.
 */
export function documentView<E extends ViewingEnv>(c: Context<E>, doc: DocumentView["doc"], id: string, via: DocumentView["via"]): DocumentView {
  const who = requestActor(c as unknown as Context, "customer");
  return {
    doc,
    customer: (c.get("my") as CustomerScope).customerId,
    id,
    at: c.get("now") as number,
    ip: who.ip ?? null,
    userAgent: storedUserAgent(who.userAgent),
    via,
    key: c.get("requestId") as string,
  };
}
