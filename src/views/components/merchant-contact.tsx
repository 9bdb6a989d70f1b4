import type { Tenant } from "../../db/queries/types";
import { type MerchantContact as Contact, contactFacts, postalLines, telHref } from "../../presentation/merchant-contact";

/**
 * How the customer reaches the merchant (issue 17.2): the portal footer's block,
 * and the "Back to <merchant>" link to the merchant's own site, like Stripe's
 * return link. Both say nothing when the merchant set nothing.
 */

function FactValue(p: { kind: ReturnType<typeof contactFacts>[number]["kind"]; value: string }) {
  if (p.kind === "email") return <a href={`mailto:${p.value}`}>{p.value}</a>;
  if (p.kind === "phone") return <a href={telHref(p.value)}>{p.value}</a>;
  if (p.kind === "website") return <a href={p.value}>{p.value.replace(/^https:\/\//, "").replace(/\/$/, "")}</a>;
  return <>{p.value}</>;
}

/** The footer block: name, postal address, email, phone, website, tax id. */
export function MerchantContactBlock(p: { tenant: Contact }) {
  const facts = contactFacts(p.tenant);
  const address = postalLines(p.tenant);
  if (!facts.length && !address.length) return null;
  return (
    <section class="merchant-contact" aria-labelledby="merchant-contact-heading">
      <h2 id="merchant-contact-heading">Contact {p.tenant.name}</h2>
      {address.length > 0 && (
        <address>
          {address.map((l, i) => (
            <>
              {i > 0 && <br />}
              {l}
            </>
          ))}
        </address>
      )}
      {facts.length > 0 && (
        <dl>
          {facts.map((f) => (
            <div>
              <dt>{f.label}</dt>
              <dd>
                <FactValue kind={f.kind} value={f.value} />
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

/** "← Back to Acme": only when the merchant gave its website. */
export function MerchantReturnLink(p: { tenant: Pick<Tenant, "name" | "website"> }) {
  if (!p.tenant.website) return null;
  return (
    <a class="merchant-return" href={p.tenant.website}>
      <span aria-hidden="true">← </span>Back to {p.tenant.name}
    </a>
  );
}
