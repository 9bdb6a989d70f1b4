import type { Tenant } from "../db/queries/types";

/**
 * How a customer reaches the merchant (issue 17.2), the same facts in the portal
 * footer, on every PDF and in every document email. Empty fields are left out;
 * a merchant that set none is reached through its name alone.
 */

export type MerchantContact = Pick<Tenant, "name" | "supportEmail" | "supportPhone" | "postalAddress" | "taxId" | "website">;

/** The postal address as lines (the merchant types it on several lines). */
export function postalLines(t: Pick<Tenant, "postalAddress">): string[] {
  return (t.postalAddress ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Labelled contact facts, in the order a customer would try them. */
export function contactFacts(t: MerchantContact): { label: string; value: string; kind: "email" | "phone" | "website" | "text" }[] {
  const out: ReturnType<typeof contactFacts> = [];
  if (t.supportEmail) out.push({ label: "Email", value: t.supportEmail, kind: "email" });
  if (t.supportPhone) out.push({ label: "Phone", value: t.supportPhone, kind: "phone" });
  if (t.website) out.push({ label: "Website", value: t.website, kind: "website" });
  if (t.taxId) out.push({ label: "Tax ID", value: t.taxId, kind: "text" });
  return out;
}

/** One line for plain text: "Email billing@acme.example · Phone +1 555 0100". */
export function contactLine(t: MerchantContact): string {
  return contactFacts(t)
    .map((f) => `${f.label} ${f.value}`)
    .join(" · ");
}

/** "contact Acme (billing@acme.example, +1 555 0100)": for messages that send the customer to the merchant. */
export function howToContact(t: MerchantContact): string {
  const ways = [t.supportEmail, t.supportPhone].filter(Boolean);
  return ways.length ? `${t.name} (${ways.join(", ")})` : t.name;
}

/** `tel:` needs digits and a leading +; spaces and dashes are for people. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, "")}`;
}
