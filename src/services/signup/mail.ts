import type { Tenant } from "../../db/queries/types";
import type { MailMessage } from "../email";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const button = (href: string, label: string) =>
  `<p><a href="${esc(href)}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px">${esc(label)}</a></p>`;

/**
 * The onboarding request (`POST /customers/{id}/sign_up_request`): the customer's own
 * prefilled sign-up link behind a Subscribe button. The link is built from the
 * tenant's configured origin (S9).
 */
export function onboardingMail(tenant: Pick<Tenant, "id" | "name">, to: string, customerName: string, link: string): MailMessage {
  const text = [`Hello ${customerName},`, "", `${tenant.name} invites you to subscribe. Choose your plan here:`, "", link].join("\n");
  const html = `<!doctype html><html><body><p>Hello ${esc(customerName)},</p><p>${esc(tenant.name)} invites you to subscribe.</p>${button(link, "Subscribe")}</body></html>`;
  return { tenantId: tenant.id, to: { email: to, name: customerName }, subject: `Subscribe to ${tenant.name}`, text, html };
}

/** The confirmation after a sign-up: what was bought and where the account is. */
export function signupConfirmationMail(
  tenant: Pick<Tenant, "id" | "name">,
  to: string,
  m: { name: string; planName: string; accountUrl: string },
): MailMessage {
  const text = [`Hello ${m.name},`, "", `Thank you for subscribing to ${m.planName} with ${tenant.name}.`, "", `Your account: ${m.accountUrl}`].join("\n");
  const html = `<!doctype html><html><body><p>Hello ${esc(m.name)},</p><p>Thank you for subscribing to ${esc(m.planName)} with ${esc(tenant.name)}.</p>${button(m.accountUrl, "Go to My Account")}</body></html>`;
  return { tenantId: tenant.id, to: { email: to, name: m.name }, subject: `Your subscription to ${tenant.name}`, text, html };
}
