import { Layout } from "../../layout";
import { CsrfField } from "../../portal-context";

/**
 * "Remove this?" before a removal takes effect (issue 17, WCAG 3.3.4): the row's
 * Remove is a link to this page, and only its button posts. Works without JavaScript;
 * Cancel goes back untouched.
 */
export function ConfirmRemovePage(p: { title: string; what: string; consequence: string; action: string; back: string; active: "billing" }) {
  return (
    <Layout title={p.title} active={p.active}>
      <h1>{p.title}</h1>
      <p>
        You are about to remove <strong>{p.what}</strong>. {p.consequence}
      </p>
      <form method="post" action={p.action}>
        <CsrfField />
        <div class="actions">
          <button type="submit" class="button-danger">
            Yes, remove it
          </button>
          <a href={p.back}>No, keep it</a>
        </div>
      </form>
    </Layout>
  );
}
