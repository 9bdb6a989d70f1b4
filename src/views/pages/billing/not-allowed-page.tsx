import { Layout } from "../../layout";
import { usePortal } from "../../portal-context";

/**
 * The answer to a change the merchant's settings do not allow (a hand-made POST:
 * the buttons are not shown). 403 with plain words and a way back.
 */
export function NotAllowedPage(p: { what: string; back: string }) {
  const { tenant } = usePortal();
  return (
    <Layout title="Not available">
      <h1>This change is not available</h1>
      <p>
        {tenant.name} does not allow {p.what} from this portal. Nothing was changed. Please get in touch with {tenant.name} if something needs updating.
      </p>
      <p>
        <a href={p.back}>Go back</a>
      </p>
    </Layout>
  );
}
