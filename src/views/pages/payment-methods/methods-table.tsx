import type { PaymentSource } from "../../../db/queries/payment-sources";
import { describeSource } from "../../../presentation/payment-methods";
import { expiryState, expiryText } from "../../../services/payment-methods/card-expiry";
import { CsrfField } from "../../portal-context";

export type MethodsTableProps = {
  sources: PaymentSource[];
  defaultId: number | null;
  now: number;
  /** the method AutoPay needs kept (the customer's only one while on AutoPay), if any */
  lockedId: number | null;
};

/** Status words, never colour alone: Default, Expires soon, Expired. */
function Status(p: { source: PaymentSource; isDefault: boolean; now: number }) {
  const state = expiryState(p.source, p.now);
  return (
    <>
      {p.isDefault && <span class="badge badge-ok">Default</span>} {state === "expiring" && <span class="badge badge-warn">Expires soon</span>}
      {state === "expired" && <span class="badge badge-error">Expired</span>}
    </>
  );
}

/** The customer's saved methods; each row has its own small forms (work without JavaScript). */
export function MethodsTable(p: MethodsTableProps) {
  return (
    <table class="stack methods-table">
      <caption class="visually-hidden">Saved payment methods</caption>
      <thead>
        <tr>
          <th scope="col">Method</th>
          <th scope="col">Expires</th>
          <th scope="col">Status</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {p.sources.map((s) => {
          const label = describeSource(s);
          const isDefault = s.id === p.defaultId;
          return (
            <tr id={`method-${s.publicId}`}>
              <th scope="row" data-label="Method">
                {label}
              </th>
              <td data-label="Expires">{expiryText(s) ?? "Does not expire"}</td>
              <td data-label="Status">
                <Status source={s} isDefault={isDefault} now={p.now} />
              </td>
              <td data-label="Actions" class="actions-cell">
                <div class="row-actions">
                  {!isDefault && (
                    <form method="post" action={`/payment-methods/${s.publicId}/default`} class="inline-form">
                      <CsrfField />
                      <button type="submit" class="button-secondary">
                        Make default<span class="visually-hidden"> ({label})</span>
                      </button>
                    </form>
                  )}
                  {s.id === p.lockedId ? (
                    <p class="hint" id={`locked-${s.publicId}`}>
                      Cannot be removed while AutoPay uses it.
                    </p>
                  ) : (
                    // a link to the confirmation step (3.3.4), never a one-press removal
                    <a class="button button-secondary" href={`/payment-methods/${s.publicId}/delete`}>
                      Remove<span class="visually-hidden"> ({label})</span>
                    </a>
                  )}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
