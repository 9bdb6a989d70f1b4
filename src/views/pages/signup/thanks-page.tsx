import { Layout } from "../../layout";
import { CsrfField } from "../../portal-context";

/**
 * After a sign-up (issue 16.5). "Go to My Account" posts: it gives the short sign-up
 * session, or, when the address already had an account, mails a sign-in link (S25).
 */
export function SignupThanksPage(p: { pageId: number; name: string }) {
  return (
    <Layout title="Thank you">
      <h1>Thank you, {p.name}</h1>
      <p>Your subscription is set up. We have emailed you a confirmation.</p>
      <form method="post" action={`/pages/${p.pageId}/account`} class="inline-form">
        <CsrfField />
        <button type="submit">Go to My Account</button>
      </form>
    </Layout>
  );
}

/** The same form posted twice (or by two tabs at once): one subscription, and this says so. */
export function SignupAlreadySentPage(p: { pageId: number; done: boolean }) {
  return (
    <Layout title="Already sent">
      <h1>This form was already sent</h1>
      <p>{p.done ? "Your subscription is set up; it was not created a second time." : "Your sign-up is being processed. Please wait a moment and reload."}</p>
      <p>
        <a href={`/pages/${p.pageId}/thanks`}>Continue</a>
      </p>
    </Layout>
  );
}
