import { howToContact } from "../../../presentation/merchant-contact";
import { Layout } from "../../layout";
import { CsrfField, usePortal } from "../../portal-context";

export type ConfirmItsYouProps = {
  /** masked address the code goes to, e.g. a***@example.com; null when there is none */
  maskedEmail: string | null;
  /** a same-origin GET path to return to once confirmed */
  next: string;
};

/**
 * S23: shown instead of a sensitive page when the sign-in is older than 15
 * minutes. Sending the code is a POST (a GET never mails anything).
 */
export function ConfirmItsYouPage(p: ConfirmItsYouProps) {
  const { tenant } = usePortal();
  return (
    <Layout title="Confirm it's you">
      <h1>Confirm it's you</h1>
      {p.maskedEmail ? (
        <>
          <p>
            This change needs a recent sign-in. We will email a link and a code to <strong>{p.maskedEmail}</strong>; once you use either, you come back here.
          </p>
          <form method="post" action="/login/reauth" class="auth-form">
            <CsrfField />
            <input type="hidden" name="next" value={p.next} />
            <button type="submit" class="button primary">
              Email me a code
            </button>
          </form>
        </>
      ) : (
        <p>This change needs a recent sign-in, and there is no email address on your account to send a code to. Please contact {howToContact(tenant)}.</p>
      )}
      <p>
        <a href="/account">Back to My Account</a>
      </p>
    </Layout>
  );
}
