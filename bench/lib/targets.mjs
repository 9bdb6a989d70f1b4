// What is measured: the two reference workers and the portal pages the issue names.
// Pages that are not on this branch yet answer 404 when probed and are reported as
// "missing" (see probe()), so the harness runs today and picks them up after a merge.
import { BENCH } from "./seed.mjs";

const PORTAL_HOST = `${BENCH.username}.localhost`;
const API_HOST = "api.localhost";
const ORIGIN = `http://${PORTAL_HOST}`;
const SESSION = `__Host-bp_session=${BENCH.sessionCookie}`;
const CSRF = `__Host-bp_csrf=${BENCH.csrfToken}`;

/**
 * The page table. `kind` decides the goal that applies (HTML pages: 0.5 of the
 * reference's throughput and under 2 ms CPU; PDFs under 8 ms CPU). `growth: true`
 * pages are also measured on the smaller dataset: the invoice list (the growth
 * goal) and the API list, whose count covers the whole tenant.
 */
export const PAGES = [
  { name: "bare", label: "Reference: bare Hono text", kind: "reference", worker: "bare", path: "/", growth: true },
  { name: "reference_d1", label: "Reference: Hono + JSX, 50 rows, one D1 statement", kind: "reference", worker: "reference", path: "/", growth: true },
  { name: "login", label: "Login page", kind: "html", worker: "portal", path: "/login", signedIn: false },
  { name: "account", label: "My Account", kind: "html", worker: "portal", path: "/account" },
  // status=all: a full page of rows whatever is open (the default filter shows open invoices only)
  { name: "invoice_list", label: "Invoice list (all, first page)", kind: "html", worker: "portal", path: "/invoices?status=all", growth: true },
  { name: "invoice_detail", label: "Invoice detail", kind: "html", worker: "portal", path: (f) => `/invoices/${f.openInvoice}` },
  { name: "invoice_pdf", label: "Invoice PDF", kind: "pdf", worker: "portal", path: (f) => `/invoices/${f.paidInvoice}/pdf` },
  { name: "receipt_pdf", label: "Receipt PDF", kind: "pdf", worker: "portal", path: (f) => `/payments/${f.payment}/pdf` },
  { name: "api_invoice_list", label: "API: invoice list (100 per page)", kind: "json", worker: "api", path: "/invoices?per_page=100", growth: true },
  { name: "signin_request", label: "Sign-in link request (POST /login)", kind: "post", worker: "portal", path: "/login", method: "POST" },
  // not in the list: measured only when named with --pages (development)
  { name: "billing", label: "Billing details", kind: "html", worker: "portal", path: "/billing", optional: true },
  { name: "estimate_list", label: "Estimate list", kind: "html", worker: "portal", path: "/estimates", optional: true },
  { name: "accessibility", label: "Accessibility statement", kind: "html", worker: "portal", path: "/accessibility", signedIn: false, optional: true },
];

/**
 * The request for one page against one dataset's workers. Signed-in pages carry the
 * seeded session's cookie; the sign-in request is a same-origin form post with the
 * CSRF double-submit token, and each request asks for a different customer from a
 * different address, so it measures the real path rather than the rate limiter alone.
 */
export function requestFor(page, { ports, facts }) {
  const path = typeof page.path === "function" ? page.path(facts) : page.path;
  const base = { name: page.name, method: page.method ?? "GET", path };
  if (page.worker === "bare" || page.worker === "reference") {
    return { ...base, port: ports[page.worker], headers: { Host: "localhost" } };
  }
  if (page.worker === "api") {
    const auth = Buffer.from(`${BENCH.apiKey}:`).toString("base64");
    return { ...base, port: ports.portal, headers: { Host: API_HOST, Authorization: `Basic ${auth}`, Accept: "application/json" } };
  }
  if (page.method === "POST") {
    let n = 0;
    return {
      ...base,
      port: ports.portal,
      headers: {
        Host: PORTAL_HOST,
        Origin: ORIGIN,
        Cookie: CSRF,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: form(2),
      // autocannon calls this for every request it sends
      setupRequest(req) {
        n++;
        const customer = 2 + (n % (facts.customers - 1));
        return {
          ...req,
          headers: { ...req.headers, "CF-Connecting-IP": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
          body: form(customer),
        };
      },
    };
  }
  return {
    ...base,
    port: ports.portal,
    headers: { Host: PORTAL_HOST, ...(page.signedIn === false ? {} : { Cookie: `${SESSION}; ${CSRF}` }) },
  };
}

function form(customer) {
  return new URLSearchParams({ _csrf: BENCH.csrfToken, email: `billing${customer}@example.com` }).toString();
}
