import type { Estimate } from "../../../db/queries/estimates";
import { CsrfField } from "../../portal-context";
import type { DetailForm } from "./detail";

/**
 * Approve: an explicit agreement checkbox and typed initials or name. Both are
 * `required` for the browser, and checked again on the server. Both forms carry
 * the revision they show, so an answer to a version the merchant has since
 * changed is refused instead of applied to content the customer never saw.
 */
export function ApproveForm(p: { estimate: Estimate; form?: DetailForm; depositNote: string | null }) {
  const err = p.form?.errors ?? {};
  return (
    <section aria-labelledby="approve-heading" class="approve">
      <h2 id="approve-heading">Approve this estimate</h2>
      {p.depositNote && <p id="deposit-note">After approving you will be taken to pay the deposit of {p.depositNote}.</p>}
      <form method="post" action={`/estimates/${p.estimate.publicId}/approve`} novalidate>
        <CsrfField />
        <input type="hidden" name="revision" value={String(p.estimate.revision)} />
        <div class={err.agree ? "field checkbox has-error" : "field checkbox"}>
          <input
            type="checkbox"
            id="agree"
            name="agree"
            value="yes"
            required
            checked={p.form?.agree}
            aria-invalid={err.agree ? "true" : undefined}
            aria-describedby={err.agree ? "agree-error" : undefined}
            autofocus={err.agree ? true : undefined}
          />
          <label for="agree">I agree to the terms of this estimate</label>
          {err.agree && (
            <p id="agree-error" class="field-error">
              {err.agree}
            </p>
          )}
        </div>
        <div class={err.initials ? "field has-error" : "field"}>
          <label for="initials">Your initials or full name</label>
          <input
            type="text"
            id="initials"
            name="initials"
            required
            maxlength={100}
            autocomplete="name"
            value={p.form?.initials ?? ""}
            aria-invalid={err.initials ? "true" : undefined}
            aria-describedby={err.initials ? "initials-error" : undefined}
            autofocus={err.initials && !err.agree ? true : undefined}
          />
          {err.initials && (
            <p id="initials-error" class="field-error">
              {err.initials}
            </p>
          )}
        </div>
        <button type="submit" class="button primary">
          Approve estimate
        </button>
      </form>
    </section>
  );
}

export function DeclineForm(p: { estimate: Estimate; form?: DetailForm }) {
  const err = p.form?.errors ?? {};
  return (
    <section aria-labelledby="decline-form-heading" class="decline">
      <h2 id="decline-form-heading" class="visually-hidden">
        Decline this estimate
      </h2>
      {/* issue 17: declining is the secondary action; its form opens from its button (a <details>, no JavaScript needed) */}
      <details class="decline-panel" open={err.reason ? true : undefined}>
        <summary class="button button-secondary">Decline…</summary>
        <form method="post" action={`/estimates/${p.estimate.publicId}/decline`} novalidate>
          <CsrfField />
          <input type="hidden" name="revision" value={String(p.estimate.revision)} />
          <div class={err.reason ? "field has-error" : "field"}>
            <label for="reason">Reason (optional)</label>
            <textarea
              id="reason"
              name="reason"
              rows={3}
              maxlength={1000}
              aria-invalid={err.reason ? "true" : undefined}
              aria-describedby={err.reason ? "reason-hint reason-error" : "reason-hint"}
              autofocus={err.reason ? true : undefined}
            >
              {p.form?.reason ?? ""}
            </textarea>
            <p id="reason-hint" class="hint">
              Tell the merchant why, so they can send a better offer. At most 1000 characters.
            </p>
            {err.reason && (
              <p id="reason-error" class="field-error">
                {err.reason}
              </p>
            )}
          </div>
          <button type="submit" class="button button-secondary">
            Decline estimate
          </button>
        </form>
      </details>
    </section>
  );
}
