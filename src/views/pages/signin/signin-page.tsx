import type { Customer } from "../../../db/queries/types";
import { Layout } from "../../layout";
import { CsrfField, usePortal } from "../../portal-context";
import { FieldMessages } from "../billing/fields";

/** The one message for every failed link or SSO token: it never says which check failed. */
const LINK_INVALID_MESSAGE = "This sign-in link is invalid or has expired";

export type SigninPageProps = {
  customer?: Pick<Customer, "name"> | null;
  /** a safe same-origin path to come back to after signing in, or null for My Account */
  next: string | null;
  email?: string;
  emailError?: string;
  linkInvalid?: boolean;
  /** just signed out (POST /logout): say so */
  signedOut?: boolean;
};

/** `/login`: "email me a sign-in link", with the tenant's welcome message. */
export function SigninPage(p: SigninPageProps) {
  const { tenant } = usePortal();
  return (
    <Layout title="Sign in">
      <h1>Sign in</h1>
      {p.signedOut && (
        <div class="notice-ok" role="status">
          <p>You are signed out. To come back, ask for a new sign-in link below.</p>
        </div>
      )}
      {p.linkInvalid && (
        <div class="notice-error" role="alert">
          <p>{LINK_INVALID_MESSAGE}</p>
          <p>Enter your email address below to get a new one.</p>
        </div>
      )}
      {tenant.welcomeMessage && <p class="welcome">{tenant.welcomeMessage}</p>}
      <p>Enter the email address {tenant.name} has for you. We will email you a sign-in link and a code.</p>
      <form method="post" action="/login" class="auth-form" novalidate>
        <CsrfField />
        {p.next && <input type="hidden" name="next" value={p.next} />}
        <div class={p.emailError ? "field has-error" : "field"}>
          <label for="login-email">Email address</label>
          <FieldMessages id="login-email" error={p.emailError} />
          <input
            id="login-email"
            name="email"
            type="email"
            value={p.email ?? ""}
            autocomplete="email"
            inputmode="email"
            spellcheck={false}
            required
            maxlength={254}
            aria-invalid={p.emailError ? "true" : undefined}
            aria-describedby={p.emailError ? "login-email-error" : undefined}
            autofocus={p.emailError ? true : undefined}
          />
        </div>
        <button type="submit">Email me a sign-in link</button>
      </form>
    </Layout>
  );
}
