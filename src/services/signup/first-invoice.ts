import { findCustomer } from "../../db/queries/customers";
import { claimAttempt, findAttemptById, insertAttempt, lockInvoices } from "../../db/queries/payment-attempts";
import { enrollAutopayStmts } from "../../db/queries/payment-sources";
import { firstInvoiceOf, type SignUpPage, setSubmissionInvoice } from "../../db/queries/sign-up-pages";
import type { StoredSource } from "../gateways";
import { settleAndNotify } from "../pay/outcome";
import { customerChangeData } from "../payment-methods/customer-object";
import { renewSubscription } from "../subscriptions/renew";
import type { SignupForm } from "./choice";
import { signupConfirmationMail } from "./mail";
import type { SubmitDeps } from "./submit";

type Made = {
  submissionId: number;
  customerId: number;
  subscriptionId: number;
  /** the charge made before the write, or null (trial, nothing due) */
  charged: { providerRef: string | null } | null;
  amount: number;
  currency: string;
  source: StoredSource;
  page: SignUpPage;
  form: SignupForm;
  planName: string;
};

/**
 * Step 5 of a sign-up (see submit.ts): the first invoice, made by the renewal as for
 * `POST /subscriptions`, and the charge taken before the write recorded against it
 * through the portal's payment path (attempt, lock, settlement in one batch, receipt).
 * Only then is the customer enrolled in AutoPay, so the AutoPay run cannot charge
 * this invoice a second time in between. Then the confirmation mail.
 */
export async function billFirstInvoice(d: SubmitDeps, m: Made): Promise<void> {
  const { scope, now, who } = d;
  await renewSubscription({ ...d, origin: d.portalOrigin }, m.subscriptionId);
  const invoice = await firstInvoiceOf(scope, m.subscriptionId);
  if (invoice) await scope.batch([setSubmissionInvoice(scope, m.submissionId, invoice.publicId)]);
  if (invoice && m.charged && invoice.balance > 0) {
    const id = `signup_${m.submissionId}`;
    const amount = Math.min(m.amount, invoice.balance);
    await insertAttempt(scope, {
      id,
      customerId: m.customerId,
      clientKey: id,
      status: "pending",
      currency: invoice.currency,
      amount,
      allocations: [{ type: "invoice", invoiceId: invoice.id, amount }],
      paymentSourceId: null,
      gateway: d.gateway.kind,
      description: `Sign-up: ${m.page.name}`,
      createdAt: now,
      updatedAt: now,
    });
    const attempt = (await findAttemptById(scope, id))!;
    if ((await claimAttempt(scope, id, now)) && (await lockInvoices(scope, m.customerId, id, [{ invoiceId: invoice.id, amount }], invoice.currency, now))) {
      await settleAndNotify(
        { scope, tenant: d.tenant, mailer: d.mailer, portalOrigin: d.portalOrigin, who, now },
        attempt,
        { providerRef: m.charged.providerRef, amount, currency: invoice.currency, method: m.source },
        { id: m.customerId, name: m.form.name, email: m.form.email },
      );
    }
  }
  // autopay.enrolled carries the customer as the API shows it after the change (issue 14)
  const customer = await findCustomer(scope, m.customerId);
  const data = customer ? await customerChangeData(scope, customer, { autopay: true }, now, { via: "signup" }) : {};
  await scope.batch([...enrollAutopayStmts(scope, m.customerId, null, who, now, data)]);
  await d.mailer.send(signupConfirmationMail(d.tenant, m.form.email, { name: m.form.name, planName: m.planName, accountUrl: `${d.portalOrigin}/account` }));
}
