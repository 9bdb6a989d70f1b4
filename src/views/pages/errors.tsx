import { howToContact, type MerchantContact } from "../../presentation/merchant-contact";
import { BareLayout, Layout } from "../layout";

/** Plain 404 for unknown hosts and ids (S31: a foreign id looks exactly like a missing one). */
export function notFoundPage(requestId: string) {
  return (
    <BareLayout title="Page not found">
      <h1>Page not found</h1>
      <p>There is nothing here. Check the address, or go back to the page you came from.</p>
      <p class="muted">Request id: {requestId}</p>
    </BareLayout>
  );
}

/** Generic error page (S30): a message and a request id, never internals. */
export function errorPage(requestId: string, status: number, message?: string, merchant?: MerchantContact) {
  const title = status >= 500 ? "Something went wrong" : "We could not do that";
  return (
    <BareLayout title={title}>
      <h1>{title}</h1>
      <p>
        {message ??
          `Please try again in a moment. If it keeps happening, contact ${merchant ? howToContact(merchant) : "the merchant"} and quote the id below.`}
      </p>
      <p class="muted">Request id: {requestId}</p>
    </BareLayout>
  );
}

/**
 * A 404 inside a tenant's portal (issue 17: no dead ends): the portal's own layout,
 * with the navigation when a customer is signed in, and ways on. Same words for a
 * foreign id and a missing one (S31).
 */
export function PortalNotFoundPage(p: { requestId: string; signedIn: boolean }) {
  return (
    <Layout title="Page not found">
      <h1>Page not found</h1>
      <p>There is nothing here: the link may be old, or the page was removed. Check the address, or go on from here:</p>
      <ul>
        {p.signedIn ? (
          <>
            <li>
              <a href="/account">My Account</a>
            </li>
            <li>
              <a href="/invoices?status=all">All invoices</a>
            </li>
          </>
        ) : (
          <li>
            <a href="/login">Sign in</a>
          </li>
        )}
      </ul>
      <p class="muted">Request id: {p.requestId}</p>
    </Layout>
  );
}
