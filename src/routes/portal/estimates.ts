import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { DocumentEnv, PortalEnv } from "../../context";
import {
  type Estimate,
  type EstimateExtras,
  estimateDocumentReads,
  findMyEstimate,
  findMyEstimateWithLines,
  loadEstimateExtras,
  myEstimateListReads,
  type OpenedEstimate,
} from "../../db/queries/estimates";
import { pageReads } from "../../db/queries/page-entry";
import { portalOrigin } from "../../lib/origins";
import { isPublicId } from "../../lib/public-id";
import { requestActor } from "../../lib/request-meta";
import { afterApproval } from "../../services/estimates/after-approval";
import { parseEstimateList } from "../../services/estimates/list-filter";
import { approveEstimate, declineEstimate, type Who } from "../../services/estimates/respond";
import { estimatePdf } from "../../services/pdf/estimate";
import { type DetailProps, EstimateDetailPage } from "../../views/pages/estimates/detail";
import { EstimateListPage, PER_PAGE } from "../../views/pages/estimates/list";
import { type DocumentPageEnv, documentPage } from "../middleware/document-access";
import { requireCustomer } from "../middleware/session";
import { signedInPage } from "../middleware/signed-in-page";
import { documentView } from "./document-view";
import { approvalForm, declineForm } from "./forms/estimate-answer";
import { parseForm } from "./forms/parse-form";
import { merchantForPdf, pdfResponse } from "./pdf-response";
import { renderPage } from "./render-page";

/**
 * The customer's estimates: list, detail, PDF, approve and decline (issue 5).
 * `:id` is the estimate's random public id; every lookup goes through
 * `c.var.my`, so a foreign or invisible (draft, voided) estimate is a 404 (S31).
 * Each route takes its guard as ONE middleware argument; detail and PDF use
 * `documentPage("estimate", …)` (customerOrDocument() with the page's reads in the
 * session's batch), the answers `requireCustomer()`.
 */
export const estimateRoutes = new Hono<PortalEnv>();

// one round trip: the list's reads ride in the session's batch (issue 18)
const listOf = (url: string) => parseEstimateList(new URL(url).searchParams);

estimateRoutes.get(
  "/estimates",
  signedInPage((my, c) => {
    const { query } = listOf(c.req.url);
    return myEstimateListReads(my, { ...query, perPage: PER_PAGE, now: c.var.now });
  }),
  (c) => {
    const { input, errors } = listOf(c.req.url);
    const bad = Object.keys(errors).length > 0;
    return renderPage(c, EstimateListPage, { ...c.var.page, input, errors, now: c.var.now }, bad ? 422 : 200);
  },
);

// Detail and PDF accept a signed-out document link when the tenant allows it
// (require_authentication off; issue 3). The sign-in work owns that guard and its
// tests; here only the guard argument changes. Approve and decline stay behind
// requireCustomer(): an answer is always given by a signed-in customer.
// one round trip: the estimate is read in the session's batch (issue 18); its view is written after the response
const estimatePage = documentPage("estimate", (my, c) => {
  const id = c.req.param("id") ?? "";
  return isPublicId(id) ? estimateDocumentReads(my, id) : pageReads([], () => undefined);
});

estimateRoutes.get("/estimates/:id", estimatePage, async (c) => {
  const opened = openEstimate(c, "page");
  if (!opened) throw new HTTPException(404);
  const { estimate: e, extras } = opened;
  // the view moves sent (or not yet sent) to viewed: show it as such
  const shown: Estimate = e.status === "sent" || e.status === "not_sent" ? { ...e, status: "viewed" } : e;
  return render(c, shown, extras, { alert: flash(c.req.query("done"), shown, extras) });
});

estimateRoutes.get("/estimates/:id/pdf", estimatePage, async (c) => {
  const opened = openEstimate(c, "pdf");
  if (!opened) throw new HTTPException(404);
  const { estimate: e, extras } = opened;
  const bytes = await estimatePdf({
    merchant: await merchantForPdf(c),
    billTo: c.var.customer ?? { name: "" },
    origin: portalOrigin(c.env, c.var.tenant.username),
    estimate: e,
    lines: extras.lines,
    approval: extras.approval,
    now: c.var.now,
  });
  return pdfResponse(c, bytes, `estimate-${e.number}`);
});

estimateRoutes.post("/estimates/:id/approve", requireCustomer(), async (c) => {
  const e = await findEstimate(c);
  if (!e) throw new HTTPException(404);
  const my = c.var.my;
  const parsed = parseForm(approvalForm(), await c.req.parseBody());
  const extras = await loadEstimateExtras(my, e);
  if (!parsed.ok) {
    const form = { initials: parsed.form.initials, agree: parsed.form.agree === "yes" };
    return render(c, e, extras, { approveForm: { ...form, errors: parsed.errors } }, 422);
  }

  const outcome = await approveEstimate(my, e, extras.lines, parsed.value.initials, who(c), parsed.value.revision);
  if (!outcome.ok) return refuse(c, e, outcome.message);

  const next = await afterApproval(c.var.scope, c.var.tenant, e, c.var.now, portalOrigin(c.env, c.var.tenant.username));
  if (next.kind === "deposit") return c.redirect(`/pay?estimate=${e.publicId}`, 303);
  return c.redirect(`/estimates/${e.publicId}?done=${next.kind === "invoiced" ? "invoiced" : "approved"}`, 303);
});

estimateRoutes.post("/estimates/:id/decline", requireCustomer(), async (c) => {
  const id = c.req.param("id");
  const found = isPublicId(id) ? await findMyEstimateWithLines(c.var.my, id) : undefined;
  if (!found) throw new HTTPException(404);
  const { e, lines } = found;
  const my = c.var.my;
  const parsed = parseForm(declineForm(), await c.req.parseBody());
  if (!parsed.ok) {
    const extras = await loadEstimateExtras(my, e);
    return render(c, e, extras, { declineForm: { reason: parsed.form.reason, errors: parsed.errors } }, 422);
  }
  const outcome = await declineEstimate(my, e, lines, parsed.value.reason, who(c), parsed.value.revision);
  if (!outcome.ok) return refuse(c, e, outcome.message);
  return c.redirect(`/estimates/${e.publicId}?done=declined`, 303);
});

/** The estimate the page read, its view sent to the queue after the response (db/queries/document-views.ts). */
function openEstimate(c: Context<DocumentPageEnv<OpenedEstimate | undefined>>, via: "page" | "pdf"): OpenedEstimate | undefined {
  const opened = c.var.page;
  // a document link opens its own estimate only
  if (!opened || (c.var.documentOnly && c.var.documentOnly.publicId !== opened.estimate.publicId)) return undefined;
  c.set("view", documentView(c, "estimate", opened.estimate.publicId, via));
  return opened;
}

function findEstimate<E extends DocumentEnv>(c: Context<E>): Promise<Estimate | undefined> {
  const id = c.req.param("id") ?? "";
  return isPublicId(id) ? findMyEstimate(c.var.my, id) : Promise.resolve(undefined);
}

function who<E extends DocumentEnv>(c: Context<E>): Who {
  const actor = requestActor(c, "customer");
  return {
    sessionId: c.var.session?.id ?? null,
    email: c.var.session?.email ?? c.var.customer?.email ?? null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    now: c.var.now,
    origin: portalOrigin(c.env, c.var.tenant.username),
  };
}

/** S34: the answer came too late or to the wrong state. The page shows the estimate as it is now. */
async function refuse<E extends DocumentEnv>(c: Context<E>, e: Estimate, message: string) {
  const current = (await findMyEstimate(c.var.my, e.publicId)) ?? e;
  const extras = await loadEstimateExtras(c.var.my, current);
  return render(c, current, extras, { alert: { kind: "error", text: message } }, 409);
}

function render<E extends PortalEnv>(
  c: Context<E>,
  e: Estimate,
  extras: EstimateExtras,
  extra: Pick<DetailProps, "alert" | "approveForm" | "declineForm">,
  status: 200 | 409 | 422 = 200,
) {
  return renderPage(c, EstimateDetailPage, { estimate: e, extras, now: c.var.now, ...extra }, status);
}

/** The confirmation after a redirect; shown only when the estimate really is in that state. */
function flash(done: string | undefined, e: Estimate, extras: EstimateExtras): DetailProps["alert"] {
  if (done === "approved" && extras.approval) return { kind: "success", text: "Thank you. You approved this estimate." };
  if (done === "invoiced" && extras.invoice)
    return { kind: "success", text: `Thank you. You approved this estimate and invoice ${extras.invoice.number} was created.` };
  if (done === "declined" && e.status === "declined") return { kind: "success", text: "You declined this estimate. The merchant has been told." };
  return undefined;
}
