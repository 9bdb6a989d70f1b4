import type { SwitchChoice } from "../../../services/signin/switch";
import { Layout } from "../../layout";
import { CsrfField, useCustomer, usePortal } from "../../portal-context";

export type SwitchPageProps = {
  /** the customers the verified address gives access to, and a parent's sub-customers */
  choices: SwitchChoice[];
  /** a safe same-origin path to go to after choosing */
  next: string;
};

/** The customer picker: after signing in with an address several customers share, and later to switch. */
export function SwitchCustomerPage(p: SwitchPageProps) {
  const { tenant } = usePortal();
  const customer = useCustomer();
  const others = p.choices.filter((c) => c.id !== customer.id);
  return (
    <Layout title="Choose an account">
      <h1>Choose an account</h1>
      {others.length === 0 ? (
        <p>
          Your sign-in gives access to this account only: {customer.name} (account {customer.number}).
        </p>
      ) : (
        <>
          <p>You have access to several accounts with {tenant.name}. Which one do you want to use?</p>
          <ul class="account-choices">
            {p.choices.map((c) => (
              <li>
                <form method="post" action="/switch" hx-boost="false">
                  <CsrfField />
                  <input type="hidden" name="customer" value={String(c.id)} />
                  <input type="hidden" name="next" value={p.next} />
                  <button type="submit" class={c.id === customer.id ? "button-secondary" : undefined}>
                    {c.id === customer.id ? `Stay with ${c.name}` : `Continue as ${c.name}`}
                  </button>{" "}
                  <span class="muted">
                    Account {c.number}
                    {c.parentId !== null ? " (sub-account)" : ""}
                    {c.id === customer.id ? " (current)" : ""}
                  </span>
                </form>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <a href={p.next}>Go on without switching</a>
      </p>
    </Layout>
  );
}
