import type { Db, QueryCounter } from "./db/client";
import type { LaterWrites } from "./db/later";
import type { DocumentView } from "./db/queries/document-views";
import type { Session, SessionCustomer, Tenant } from "./db/queries/types";
import type { CustomerScope, TenantScope } from "./db/scope";

/** Worker bindings: generated vars and bindings plus secrets from .dev.vars / `wrangler secret`. */
export type Bindings = Env;

/** Variables every request has (set by the top-level middleware). */
type BaseVars = {
  requestId: string;
  /** Unix seconds at the start of the request: one clock per request */
  now: number;
  queries: QueryCounter;
  /** Unscoped client: only for middleware and platform-level routes (tenant lookup, outbox). */
  db: Db;
};

/** A portal request: the tenant is known from the host; the customer when signed in. */
export type PortalVars = BaseVars & {
  /** the request's D1 session itself (Sessions API), uncounted: for the writes after the response */
  sessionD1: D1Database;
  /** writes left for after the response, sent as one batch (src/db/later.ts, middleware/after-response.ts) */
  later: LaterWrites;
  /** that batch, once sent: the webhook producer announces after it */
  laterDone?: Promise<unknown>;
  /** the document this page opened: the webhook producer sends it to the queue, whose consumer writes it */
  view?: DocumentView;
  tenant: Tenant;
  scope: TenantScope;
  /** origin the request came in on (validated as this tenant's), for CSRF checks */
  requestOrigin: string;
  /** canonical origin for links we send out (S9) */
  portalOrigin: string;
  csrfToken: string;
  session: Session | null;
  customer: SessionCustomer | null;
  /**
   * The signed-in customer as read together with the tenant (one round trip, issue 7):
   * set by resolveTenant for `<username>.<domain>` hosts, used by loadCustomer.
   * Undefined when it was not read there (custom domains): loadCustomer reads it itself.
   */
  signedIn?: { session: Session; customer: SessionCustomer } | null;
  /**
   * Set by resolveTenant when the route's signedInPage() reads tenant, session and its own
   * data in one batch (issue 18): the host's username when the tenant is not read yet,
   * null when it is (custom domain). Until then `tenant` and `scope` are not set.
   */
  deferredEntry?: { username: string | null };
  /** set only when signed in; every customer-owned lookup goes through it (S31) */
  my: CustomerScope | null;
  /**
   * Set by customerOrDocument() when a signed-out visitor opens a single document
   * link and the tenant allows it (require_authentication off): `my` is then the
   * document's customer, but the page must show that one document only.
   */
  documentOnly?: { kind: "invoice" | "estimate"; publicId: string; documentId: number } | null;
};

/** A merchant API request: the tenant is known from the API key. */
type ApiVars = BaseVars & {
  tenant: Tenant;
  scope: TenantScope;
};

/** After customerOrDocument(): `my` is set, to the signed-in customer's scope or the linked document's customer's. */
type DocumentVars = PortalVars & { my: CustomerScope };

/** After requireCustomer(): a signed-in session, its customer and their scope are all there. */
type SignedInVars = DocumentVars & { session: Session; customer: SessionCustomer };

export type BaseEnv = { Bindings: Bindings; Variables: BaseVars };
export type PortalEnv = { Bindings: Bindings; Variables: PortalVars };
export type DocumentEnv = { Bindings: Bindings; Variables: DocumentVars };
export type SignedInEnv = { Bindings: Bindings; Variables: SignedInVars };
export type ApiEnv = { Bindings: Bindings; Variables: ApiVars };
