import type { AppliedLine } from "../../../db/queries/attempt-documents";
import { describeMethod, formatDate, formatMoney } from "../../components/format";

export type ReceiptMail = {
  tenantName: string;
  customerName: string;
  amount: number;
  currency: string;
  date: number;
  method: { method?: string | null; methodBrand?: string | null; methodLast4?: string | null };
  reference: string;
  lines: AppliedLine[];
  receiptUrl: string;
  accountUrl: string;
};

function lineLabel(l: AppliedLine): string {
  if (l.type === "invoice") return `Invoice ${l.number ?? ""}`.trim();
  if (l.type === "estimate") return `Deposit for estimate ${l.number ?? ""}`.trim();
  return "Credit for future invoices";
}

export function receiptSubject(m: ReceiptMail): string {
  return `Receipt for your payment of ${formatMoney(m.amount, m.currency)} to ${m.tenantName}`;
}

/** Plain text first: it is what every mail client can show. */
export function receiptText(m: ReceiptMail): string {
  return [
    `Hello ${m.customerName},`,
    "",
    `Thank you for your payment of ${formatMoney(m.amount, m.currency)} to ${m.tenantName} on ${formatDate(m.date)}.`,
    "",
    `Paid with: ${describeMethod(m.method)}`,
    `Reference: ${m.reference}`,
    "",
    "Applied to:",
    ...m.lines.map((l) => `- ${lineLabel(l)}: ${formatMoney(l.amount, m.currency)}`),
    "",
    `Receipt (PDF): ${m.receiptUrl}`,
    `Your account: ${m.accountUrl}`,
  ].join("\n");
}

/** The same receipt as HTML (hono/jsx escapes every value). */
export function receiptHtml(m: ReceiptMail): string {
  return String(
    <html lang="en">
      <body>
        <p>Hello {m.customerName},</p>
        <p>
          Thank you for your payment of <strong>{formatMoney(m.amount, m.currency)}</strong> to {m.tenantName} on {formatDate(m.date)}.
        </p>
        <p>
          Paid with: {describeMethod(m.method)}
          <br />
          Reference: {m.reference}
        </p>
        <table>
          <caption>Applied to</caption>
          <tbody>
            {m.lines.map((l) => (
              <tr>
                <th scope="row">{lineLabel(l)}</th>
                <td>{formatMoney(l.amount, m.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <a href={m.receiptUrl}>Download the receipt (PDF)</a> · <a href={m.accountUrl}>Your account</a>
        </p>
      </body>
    </html>,
  );
}
