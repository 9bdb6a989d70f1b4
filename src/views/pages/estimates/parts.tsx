import type { Estimate, EstimateApproval, LineItem } from "../../../db/queries/estimates";
import { DocumentLines, TotalRow } from "../../components/document-lines";

/** An estimate's lines (with their own discounts and taxes), its totals and its deposit. */
export function LinesTable(p: { estimate: Estimate; lines: LineItem[] }) {
  const e = p.estimate;
  const caption = (
    <caption id="estimate-lines-caption" class="visually-hidden">
      Items of this estimate
    </caption>
  );
  return (
    <DocumentLines captionId="estimate-lines-caption" caption={caption} lines={p.lines} totals={e}>
      {e.deposit > 0 && <TotalRow label={e.depositPaid ? "Deposit (paid)" : "Deposit due on approval"} minor={e.deposit} currency={e.currency} />}
    </DocumentLines>
  );
}

// kept for the isolate's life: a formatter costs far more to build than to use
let dateTimeFormat: Intl.DateTimeFormat | undefined;
const dateTime = (ts: number) => {
  dateTimeFormat ??= new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return `${dateTimeFormat.format(new Date(ts * 1000))} UTC`;
};

/** The audit record shown to the customer: what was agreed, by whom, when and from where. */
export function ApprovalRecord(p: { approval: EstimateApproval }) {
  const a = p.approval;
  return (
    <section class="approval-record" aria-labelledby="approval-heading">
      <h2 id="approval-heading">Approval record</h2>
      <dl>
        <dt>Approved by</dt>
        <dd class="approval-initials">{a.initials}</dd>
        <dt>Signed in as</dt>
        <dd>{a.email ?? "Not recorded"}</dd>
        <dt>When</dt>
        <dd>
          <time datetime={new Date(a.createdAt * 1000).toISOString()}>{dateTime(a.createdAt)}</time>
        </dd>
        <dt>IP address</dt>
        <dd>{a.ip ?? "Not recorded"}</dd>
        <dt>Browser</dt>
        <dd>{a.userAgent ?? "Not recorded"}</dd>
        <dt>Revision agreed to</dt>
        <dd>{a.revision}</dd>
        <dt>Fingerprint of the estimate (SHA-256)</dt>
        <dd>
          <code class="hash">{a.documentHash}</code>
        </dd>
      </dl>
    </section>
  );
}
