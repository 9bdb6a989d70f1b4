import { and, asc, eq, gt, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { lastInsertedId } from "../batch";
import { objectDataWith } from "../event-objects";
import { pageOf } from "../page";
import { customers, invoices, paymentSources, plans, signUpPages, signUpSubmissions, subscriptionRenewals, subscriptions } from "../schema";
import type { TenantScope } from "../scope";

/**
 * Sign-up pages and their submissions (issue 16). Every statement is tenant-scoped
 * through the scope; the claim on a form token is the unique index
 * `sign_up_submissions_token` with ON CONFLICT DO NOTHING.
 */

export type SignUpPage = typeof signUpPages.$inferSelect;
export type NewSignUpPage = Omit<typeof signUpPages.$inferInsert, "tenantId" | "id">;
export type SignUpSubmission = typeof signUpSubmissions.$inferSelect;

export function findSignUpPage(scope: TenantScope, id: number): Promise<SignUpPage | undefined> {
  return scope.select(signUpPages, eq(signUpPages.id, id)).get();
}

export function listSignUpPages(scope: TenantScope, q: { where: SQL[]; order: SQL[]; perPage: number; offset: number }) {
  return pageOf(scope, signUpPages, { where: and(...q.where), order: q.order, limit: q.perPage, offset: q.offset });
}

export const insertSignUpPageStmt = (scope: TenantScope, row: NewSignUpPage) => scope.insert(signUpPages, row).returning();
export const newSignUpPageId = (scope: TenantScope) => lastInsertedId(scope, signUpPages);
/** The `sign_up_page.created` event's data: the API object with the id (and url) the insert just made. */
export const newSignUpPageEventData = (scope: TenantScope, wire: Record<string, unknown>, origin: string, fields: string[]) =>
  sql`json_set(${objectDataWith(wire, { id: newSignUpPageId(scope), url: sql`${`${origin}/pages/`} || ${newSignUpPageId(scope)}` })}, '$.fields', json(${JSON.stringify(fields)}))`;
export const updateSignUpPageStmt = (scope: TenantScope, id: number, set: Partial<NewSignUpPage>) =>
  scope.update(signUpPages, set, eq(signUpPages.id, id)).returning();
export const deleteSignUpPageStmt = (scope: TenantScope, id: number) => scope.delete(signUpPages, eq(signUpPages.id, id));

/** The plans a page names (to expand them on read, and to check them on write). */
export function plansByIds(scope: TenantScope, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return scope.select(plans, inArray(plans.id, ids.slice(0, 100))).all();
}

/**
 * Claims a form token: inserts the pending row, or nothing when the token was
 * claimed before (by an earlier or concurrent post): of 20 posts at once, one
 * row is inserted and one post goes on. Every failure path gives the claim back
 * (`releaseClaim`).
 */
export async function claimSubmission(
  scope: TenantScope,
  row: { pageId: number; tokenHash: string; browserHash: string; emailExisted: boolean; now: number; pending: Record<string, unknown> },
) {
  const inserted = await scope
    .insert(signUpSubmissions, {
      pageId: row.pageId,
      tokenHash: row.tokenHash,
      browserHash: row.browserHash,
      emailExisted: row.emailExisted,
      createdAt: row.now,
      stageAt: row.now,
      pending: row.pending,
    })
    .onConflictDoNothing()
    .returning();
  return inserted[0] ?? null;
}

export function findSubmissionByToken(scope: TenantScope, tokenHash: string) {
  return scope.select(signUpSubmissions, eq(signUpSubmissions.tokenHash, tokenHash)).get();
}

/** The newest completed sign-up of this page made by the browser holding this cookie hash. */
export function completedSubmissionOfBrowser(scope: TenantScope, pageId: number, browserHash: string) {
  return scope
    .select(
      signUpSubmissions,
      and(eq(signUpSubmissions.pageId, pageId), eq(signUpSubmissions.browserHash, browserHash), eq(signUpSubmissions.status, "completed")),
    )
    .orderBy(sql`${signUpSubmissions.id} desc`)
    .get();
}

/** A failed attempt (declined card, bad card) gives its token back, so the visitor can correct and resend. */
export function releaseClaim(scope: TenantScope, id: number) {
  return scope.delete(signUpSubmissions, and(eq(signUpSubmissions.id, id), eq(signUpSubmissions.status, "pending")));
}

export function completeSubmissionStmt(
  scope: TenantScope,
  id: number,
  set: { customerId: unknown; subscriptionId: unknown; sourcePublicId: string; now: number },
) {
  return scope.update(
    signUpSubmissions,
    {
      status: "completed",
      customerId: set.customerId as number,
      subscriptionId: set.subscriptionId as number,
      sourcePublicId: set.sourcePublicId,
      completedAt: set.now,
    },
    and(eq(signUpSubmissions.id, id), eq(signUpSubmissions.status, "pending")),
  );
}

export const setSubmissionInvoice = (scope: TenantScope, id: number, invoicePublicId: string) =>
  scope.update(signUpSubmissions, { invoicePublicId }, eq(signUpSubmissions.id, id));

/**
 * Takes the one short session a completed sign-up may give (S25): only once, only
 * while its completion is after `completedAfter`, never when the address had a customer.
 */
export async function takeSignupSession(scope: TenantScope, id: number, completedAfter: number, now: number): Promise<boolean> {
  const r = await scope
    .update(
      signUpSubmissions,
      { sessionAt: now },
      and(
        eq(signUpSubmissions.id, id),
        eq(signUpSubmissions.status, "completed"),
        eq(signUpSubmissions.emailExisted, false),
        isNull(signUpSubmissions.sessionAt),
        gt(signUpSubmissions.completedAt, completedAfter),
      ),
    )
    .returning({ id: signUpSubmissions.id });
  return r.length === 1;
}

/** The id of the subscription inserted earlier in the same batch. */
export const newSubscriptionId = (scope: TenantScope) => lastInsertedId(scope, subscriptions);

/** The payment method inserted earlier in the same batch becomes the new customer's default. */
export function setNewCustomerDefaultStmt(scope: TenantScope, customerId: SQL | number, sourcePublicId: string) {
  const source = sql`(SELECT ${paymentSources.id} FROM ${paymentSources} WHERE ${paymentSources.tenantId} = ${scope.tenantId} AND ${paymentSources.publicId} = ${sourcePublicId})`;
  return scope.update(customers, { defaultPaymentSourceId: source as unknown as number }, eq(customers.id, customerId as unknown as number));
}

/** The invoice the first billed period of a subscription made, if any yet. */
export async function firstInvoiceOf(scope: TenantScope, subscriptionId: number) {
  const ledger = await scope
    .select(subscriptionRenewals, and(eq(subscriptionRenewals.subscriptionId, subscriptionId), isNotNull(subscriptionRenewals.invoiceId)))
    .orderBy(asc(subscriptionRenewals.periodStart))
    .get();
  return ledger?.invoiceId ? scope.select(invoices, eq(invoices.id, ledger.invoiceId)).get() : undefined;
}

/**
 * A public page's reads in ONE round trip (issue 7's budget): the page, the plans its
 * `plans` and `addons` name, and, for a prefilled link, the customer the token names.
 */
export async function pageWithPlans(scope: TenantScope, id: number, token: string | null) {
  const named = sql`(SELECT value FROM json_each((SELECT ${signUpPages.plans} FROM ${signUpPages} WHERE ${signUpPages.tenantId} = ${scope.tenantId} AND ${signUpPages.id} = ${id}))
    UNION SELECT value FROM json_each((SELECT ${signUpPages.addons} FROM ${signUpPages} WHERE ${signUpPages.tenantId} = ${scope.tenantId} AND ${signUpPages.id} = ${id})))`;
  const [page, planRows, customer] = await scope.batch([
    scope.select(signUpPages, eq(signUpPages.id, id)),
    scope.select(plans, sql`${plans.id} IN ${named}`),
    scope.select(customers, and(eq(customers.signUpPage, id), eq(customers.signUpToken, token ?? ""), eq(customers.active, true))),
  ]);
  return { page: page[0], plans: planRows, customer: token ? customer[0] : undefined };
}
