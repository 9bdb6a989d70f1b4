import { Layout } from "../../layout";
import { CsrfField, usePortal } from "../../portal-context";

export type SignInLinkProps = {
  /** the path of this very page: the button posts back to it */
  action: string;
  /** e.g. a***@example.com; null for a merchant link to a customer without an address */
  masked: string | null;
  purpose: "email_link" | "api_link" | "reauth";
  /** opened in the browser that asked (S6): a plain "Sign in"; otherwise the explicit question */
  sameBrowser: boolean;
};

/**
 * The page an emailed or merchant-minted link opens (S5): it names the tenant
 * and the masked address and waits for a press of the button, which POSTs. No
 * script submits it, so a mail scanner that fetches or renders it uses nothing.
 */
export function SignInLinkPage(p: SignInLinkProps) {
  const { tenant } = usePortal();
  const who = p.masked ?? "your account";
  const reauth = p.purpose === "reauth";
  return (
    <Layout title={reauth ? "Confirm it's you" : "Sign in"} carriesToken>
      {p.sameBrowser ? (
        <>
          <h1>{reauth ? "Confirm it's you" : `Sign in to ${tenant.name}`}</h1>
          <p>
            You are signing in to the billing portal of {tenant.name} as <strong>{who}</strong>.
          </p>
        </>
      ) : (
        <>
          <h1>Sign in on this device?</h1>
          <p>
            {p.purpose === "api_link" ? `${tenant.name} sent you this sign-in link.` : "This link was asked for in another browser or on another device."} Sign
            in as <strong>{who}</strong> on this device?
          </p>
          <p>If you did not ask to sign in to {tenant.name}, close this page: nothing happens until you press the button.</p>
        </>
      )}
      <form method="post" action={p.action} class="auth-form" hx-boost="false">
        <CsrfField />
        {!p.sameBrowser && <input type="hidden" name="confirm_device" value="yes" />}
        <button type="submit">{p.sameBrowser ? (reauth ? "Confirm" : "Sign in") : "Yes, sign in on this device"}</button>
      </form>
    </Layout>
  );
}
