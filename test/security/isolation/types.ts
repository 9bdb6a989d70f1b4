import type { makeTenant } from "../../helpers/tenants";

export type TestTenant = Awaited<ReturnType<typeof makeTenant>>;

/**
 * One portal route in the isolation matrix (S31). Every route the portal app
 * registers must appear in some file of this folder, or the matrix test fails.
 */
export type IsolationCase = {
  method: "GET" | "POST";
  /** the route pattern exactly as registered, e.g. "/invoices/:id" */
  route: string;
  /** reachable signed out and shows nothing personal (login page, sign-in links) */
  public?: true;
  /**
   * Creates something owned by `customerId` of `tenant` and returns the concrete
   * request. `marker` is text that only the owner may see in the answer (for
   * list pages, which cannot 404).
   */
  setup?: (ctx: { tenant: TestTenant; customerId: number }) => Promise<{
    path: string;
    fields?: Record<string, string>;
    marker?: string;
    /**
     * For a route that acts on the signed-in customer's own record and takes no
     * id (POST /billing, GET /payment-methods/new): the owner's state it could
     * change. Other customers and signed-out visitors get their own answer
     * (not a 404), so the matrix checks that the owner's state stays equal.
     */
    snapshot?: () => Promise<unknown>;
    /** the owner's own request changes the snapshot (so the checks above can fail) */
    ownerChanges?: true;
  }>;
};
