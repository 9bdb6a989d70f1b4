import type { Customer } from "../../../db/queries/types";
import { Layout } from "../../layout";
import { CsrfField, usePortal } from "../../portal-context";
import { FieldMessages } from "../billing/fields";

export type CheckEmailProps = {
  customer?: Pick<Customer, "name"> | null;
  /** "signin": the same answer for every address (S11); "reauth": to the signed-in customer's own address */
  purpose: "signin" | "reauth";
  /** reauth only: where the code went */
  maskedEmail?: string | null;
  /** reauth only: too many requests (S12); a sign-in request never says so */
  limited?: boolean;
  codeError?: string;
};

/**
 * After "email me a link": the same page whether or not the address is known
 * (S11), with the form for the typed code (S7) in this browser.
 */
export function CheckEmailPage(p: CheckEmailProps) {
  const { tenant } = usePortal();
  const reauth = p.purpose === "reauth";
  return (
    <Layout title={reauth ? "Confirm it's you" : "Check your email"}>
      <h1>{reauth ? "Confirm it's you" : "Check your email"}</h1>
      {p.limited ? (
        <p role="alert">We have sent several codes already. Please use the newest one, or wait an hour and ask again.</p>
      ) : reauth ? (
        <p>
          We emailed a link and a code to {p.maskedEmail ? <strong>{p.maskedEmail}</strong> : "your email address"}. Use the link, or type the code below. Both
          work once, for 10 minutes.
        </p>
      ) : (
        <p>
          If {tenant.name} has an account for that address, we have emailed it a sign-in link and a code. Use the link, or type the code below in this browser.
          Both work once, for 10 minutes.
        </p>
      )}
      <form method="post" action="/login/code" class="auth-form" hx-boost="false" novalidate>
        <CsrfField />
        {reauth && <input type="hidden" name="purpose" value="reauth" />}
        <div class={p.codeError ? "field has-error" : "field"}>
          <label for="signin-code">Code from the email</label>
          <FieldMessages id="signin-code" hint="8 letters and digits" error={p.codeError} />
          <input
            id="signin-code"
            name="code"
            type="text"
            class="code-input"
            autocomplete="one-time-code"
            autocapitalize="characters"
            spellcheck={false}
            required
            maxlength={16}
            aria-invalid={p.codeError ? "true" : undefined}
            aria-describedby={p.codeError ? "signin-code-hint signin-code-error" : "signin-code-hint"}
            autofocus={p.codeError ? true : undefined}
          />
        </div>
        <button type="submit">{reauth ? "Confirm" : "Sign in"}</button>
      </form>
      <p>{reauth ? <a href="/account">Back to My Account</a> : <a href="/login">Use a different email address</a>}</p>
    </Layout>
  );
}
