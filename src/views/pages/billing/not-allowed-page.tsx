import type { Customer, Tenant } from "../../../db/queries/types";
import { Layout } from "../../layout";

/**
 * The answer to a change the merchant's settings do not allow (a hand-made POST:
 * the buttons are not shown). 403 with plain words and a way back.
 */
export function NotAllowedPage(p: { tenant: Tenant; customer: Customer; csrfToken: string; what: string; back: string }) {
  return (
    <Layout title="Not available" tenant={p.tenant} customer={p.customer} csrfToken={p.csrfToken}>
      <h1>This change is not available</h1>
      <p>
        {p.tenant.name} does not allow {p.what} from this portal. Nothing was changed. Please get in touch with {p.tenant.name} if something needs updating.
      </p>
      <p>
        <a href={p.back}>Go back</a>
      </p>
    </Layout>
  );
}
