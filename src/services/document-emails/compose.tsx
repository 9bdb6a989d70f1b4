import type { Tenant } from "../../db/queries/types";
import { contactFacts, postalLines } from "../../presentation/merchant-contact";
import { accessibleAccent } from "../theme";

/**
 * The branded document email (issue 17.1): the merchant's logo or name in its colour,
 * the greeting and message, a summary of the document, one button to it, and how to
 * reach the merchant. Inline styles: mail clients drop stylesheets. hono/jsx escapes
 * every value; the accent is a computed hex (theme.ts), never merchant text.
 */

type MailBrand = Pick<Tenant, "name" | "logoUrl" | "highlightColor" | "supportEmail" | "supportPhone" | "postalAddress" | "taxId" | "website">;

export type DocumentMail = {
  brand: MailBrand;
  greeting: string;
  /** the merchant's message, or the default one; paragraphs split on blank lines */
  message: string;
  /** the document's summary: label and value rows */
  summary: [string, string][];
  button: { label: string; url: string };
  /** "The invoice is attached as a PDF." */
  attachmentNote: string;
};

const paragraphs = (text: string) =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);

export function documentMailText(m: DocumentMail): string {
  const facts = contactFacts(m.brand);
  return [
    m.greeting,
    "",
    ...paragraphs(m.message).flatMap((p) => [p, ""]),
    ...m.summary.map(([k, v]) => `${k}: ${v}`),
    "",
    `${m.button.label}: ${m.button.url}`,
    "",
    m.attachmentNote,
    "",
    "--",
    m.brand.name,
    ...postalLines(m.brand),
    ...facts.map((f) => `${f.label}: ${f.value}`),
  ].join("\n");
}

export function documentMailHtml(m: DocumentMail): string {
  const accent = accessibleAccent(m.brand.highlightColor);
  const facts = contactFacts(m.brand);
  const font = "font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;";
  return `<!doctype html>${String(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{m.brand.name}</title>
      </head>
      <body style={`margin:0;padding:0;background:#f4f4f5;color:#18181b;${font}`}>
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5;">
          <tr>
            <td align="center" style="padding:24px 12px;">
              <table
                role="presentation"
                width="100%"
                cellpadding="0"
                cellspacing="0"
                style={`max-width:560px;background:#ffffff;border-top:4px solid ${accent};`}
              >
                <tr>
                  <td style="padding:24px 24px 8px;">
                    {m.brand.logoUrl ? (
                      <img src={m.brand.logoUrl} alt={m.brand.name} height="40" style="display:block;height:40px;width:auto;border:0;" />
                    ) : (
                      <strong style={`font-size:20px;color:${accent};`}>{m.brand.name}</strong>
                    )}
                  </td>
                </tr>
                <tr>
                  <td style="padding:8px 24px;font-size:16px;line-height:1.5;">
                    <p style="margin:0 0 12px;">{m.greeting}</p>
                    {paragraphs(m.message).map((p) => (
                      <p style="margin:0 0 12px;white-space:pre-line;">{p}</p>
                    ))}
                    <table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;margin:8px 0 16px;border-collapse:collapse;">
                      {m.summary.map(([k, v]) => (
                        <tr>
                          <th scope="row" align="left" style="padding:6px 0;border-bottom:1px solid #e4e4e7;font-weight:600;">
                            {k}
                          </th>
                          <td align="right" style="padding:6px 0;border-bottom:1px solid #e4e4e7;">
                            {v}
                          </td>
                        </tr>
                      ))}
                    </table>
                    <p style="margin:0 0 16px;">
                      <a
                        href={m.button.url}
                        style={`display:inline-block;background:${accent};color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600;`}
                      >
                        {m.button.label}
                      </a>
                    </p>
                    <p style="margin:0 0 12px;color:#52525b;font-size:14px;">
                      {m.attachmentNote} If the button does not work, copy this address into your browser: {m.button.url}
                    </p>
                  </td>
                </tr>
                <tr>
                  <td style="padding:16px 24px 24px;border-top:1px solid #e4e4e7;color:#52525b;font-size:13px;line-height:1.5;">
                    <strong>{m.brand.name}</strong>
                    {postalLines(m.brand).map((l) => (
                      <>
                        <br />
                        {l}
                      </>
                    ))}
                    {facts.map((f) => (
                      <>
                        <br />
                        {f.label}: {f.value}
                      </>
                    ))}
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>,
  )}`;
}
