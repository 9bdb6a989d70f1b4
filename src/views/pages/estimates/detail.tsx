import type { Estimate, EstimateExtras } from "../../../db/queries/estimates";
import { formatMoney } from "../../../presentation/format";
import { howToContact } from "../../../presentation/merchant-contact";
import { canRespond, portalStatus } from "../../../services/estimates/status";
import { DateText } from "../../components/date";
import type { FieldErrors } from "../../components/field-errors";
import { StatusBadge } from "../../components/status-badge";
import { Layout } from "../../layout";
import { usePortal } from "../../portal-context";
import { ApproveForm, DeclineForm } from "./forms";
import { ApprovalRecord, LinesTable } from "./parts";

export type DetailForm = { errors: FieldErrors; initials?: string; agree?: boolean; reason?: string };

export type DetailProps = {
  estimate: Estimate;
  extras: EstimateExtras;
  now: number;
  /** re-rendered after a refused or invalid answer */
  approveForm?: DetailForm;
  declineForm?: DetailForm;
  /** a refusal from the server (409) or a confirmation after a redirect */
  alert?: { kind: "error" | "success"; text: string };
};

export function EstimateDetailPage(p: DetailProps) {
  const { tenant } = usePortal();
  const e = p.estimate;
  const status = portalStatus(e, p.now);
  const open = canRespond(e, p.now);
  const depositDue = e.deposit > 0 && !e.depositPaid;
  return (
    <Layout title={`Estimate ${e.number}`} active="estimates">
      <p class="breadcrumb">
        <a href="/estimates">All estimates</a>
      </p>
      <h1>Estimate {e.number}</h1>
      {p.alert && (
        <div class={`alert alert-${p.alert.kind}`} role={p.alert.kind === "error" ? "alert" : "status"}>
          <p>{p.alert.text}</p>
        </div>
      )}
      <dl class="document-meta">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={status} />
        </dd>
        {e.name && (
          <>
            <dt>Title</dt>
            <dd>{e.name}</dd>
          </>
        )}
        <dt>Date</dt>
        <dd>
          <DateText ts={e.date} />
        </dd>
        <dt>Expiration date</dt>
        <dd>
          <DateText ts={e.expirationDate} empty="No expiration" />
        </dd>
        {e.purchaseOrder && (
          <>
            <dt>Purchase order</dt>
            <dd>{e.purchaseOrder}</dd>
          </>
        )}
      </dl>
      <p>
        <a href={`/estimates/${e.publicId}/pdf`} hx-boost="false">
          Download PDF<span class="visually-hidden"> of estimate {e.number}</span>
        </a>
      </p>

      {status === "expired" && (
        <div class="notice" role="note">
          <p>
            This estimate expired
            {e.expirationDate !== null && (
              <>
                {" "}
                on <DateText ts={e.expirationDate} />
              </>
            )}{" "}
            and can no longer be approved or declined. Contact {howToContact(tenant)} for a new estimate.
          </p>
        </div>
      )}

      <LinesTable estimate={e} lines={p.extras.lines} />

      {e.terms && (
        <section aria-labelledby="terms-heading">
          <h2 id="terms-heading">Terms</h2>
          <p class="pre-line">{e.terms}</p>
        </section>
      )}
      {e.notes && (
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">Notes</h2>
          <p class="pre-line">{e.notes}</p>
        </section>
      )}

      {p.extras.invoice && (
        <div class="notice" role="note">
          <p>
            This estimate was turned into invoice {p.extras.invoice.number}.{" "}
            <a href={`/invoices/${p.extras.invoice.publicId}`}>View invoice {p.extras.invoice.number}</a>
          </p>
        </div>
      )}
      {/* once invoiced, what is owed is the invoice's balance: a deposit link there would bill twice */}
      {e.status === "approved" && depositDue && (
        <div class="notice" role="note">
          <p>
            A deposit of {formatMoney(e.deposit, e.currency)} is due.{" "}
            <a class="button" href={`/pay?estimate=${e.publicId}`}>
              Pay the deposit
            </a>
          </p>
        </div>
      )}
      {p.extras.approval && <ApprovalRecord approval={p.extras.approval} />}
      {e.status === "declined" && (
        <section class="decline-record" aria-labelledby="decline-heading">
          <h2 id="decline-heading">You declined this estimate</h2>
          <dl>
            <dt>When</dt>
            <dd>
              <DateText ts={e.declinedAt} empty="Not recorded" />
            </dd>
            <dt>Reason</dt>
            <dd class="pre-line">{e.declinedReason ?? "No reason given"}</dd>
          </dl>
        </section>
      )}

      {open && (
        <div class="estimate-actions">
          <ApproveForm estimate={e} form={p.approveForm} depositNote={depositDue ? formatMoney(e.deposit, e.currency) : null} />
          <DeclineForm estimate={e} form={p.declineForm} />
        </div>
      )}
    </Layout>
  );
}
