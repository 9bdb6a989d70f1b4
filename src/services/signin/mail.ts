import type { Tenant } from "../../db/queries/types";
import type { MailMessage } from "../email";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/**
 * The sign-in email: a button to the link page and the code for typing on the
 * device that asked. The link is built by the caller from the tenant's
 * configured origin (S9), never from the request.
 */
export function signInMail(tenant: Pick<Tenant, "id" | "name">, to: string, link: string, code: string | null, purpose: "email_link" | "reauth"): MailMessage {
  const why = purpose === "reauth" ? "confirm it's you" : "sign in";
  const subject = purpose === "reauth" ? `Confirm it's you · ${tenant.name}` : `Sign in to ${tenant.name}`;
  const codeLine = code ? `Or type this code on the page where you asked: ${code}` : "";
  const text = [
    `Use this link to ${why} to the billing portal of ${tenant.name}:`,
    "",
    link,
    "",
    codeLine,
    "",
    "The link and code work once, for 10 minutes. If you did not ask for this, you can ignore this email.",
  ].join("\n");
  const html = `<!doctype html><html><body>
<p>Use this button to ${esc(why)} to the billing portal of ${esc(tenant.name)}:</p>
<p><a href="${esc(link)}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px">${purpose === "reauth" ? "Confirm" : "Sign In"}</a></p>
${code ? `<p>Or type this code on the page where you asked: <strong style="font-size:20px;letter-spacing:2px">${esc(code)}</strong></p>` : ""}
<p>The link and code work once, for 10 minutes. If you did not ask for this, you can ignore this email.</p>
</body></html>`;
  return { tenantId: tenant.id, to: { email: to }, subject, text, html };
}
