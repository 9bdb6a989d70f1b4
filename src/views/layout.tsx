import { html, raw } from "hono/html";
import type { Child } from "hono/jsx";
import { idleLimit } from "../services/signin/sessions";
import { MerchantContactBlock, MerchantReturnLink } from "./components/merchant-contact";
import { usePortal } from "./portal-context";

/** What a page says about itself; the tenant, the customer and the CSRF token come from the request. */
type LayoutProps = {
  title: string;
  /** the navigation entry to mark as current */
  active?: NavKey;
  /**
   * The page's URL carries a sign-in token (S10): no referrer even to our own
   * files, and nothing from another origin (the tenant's logo may live elsewhere).
   * It also shows no signed-in header or navigation: the page is about the link.
   */
  carriesToken?: boolean;
  children?: Child;
};

type NavKey = "account" | "invoices" | "payments" | "estimates" | "subscriptions" | "statements" | "billing";

const NAV: { key: NavKey; href: string; label: string }[] = [
  { key: "account", href: "/account", label: "My Account" },
  { key: "invoices", href: "/invoices", label: "Invoices" },
  { key: "payments", href: "/payments", label: "Payments" },
  { key: "estimates", href: "/estimates", label: "Estimates" },
  { key: "subscriptions", href: "/subscriptions", label: "Subscriptions" },
  { key: "statements", href: "/statements", label: "Statements" },
  { key: "billing", href: "/billing", label: "Billing" },
];

// The navigation as HTML, built once per current entry: the same bytes as its JSX, without
// building 22 elements on every signed-in page (issue 18).
const navHtml = new Map<NavKey | undefined, ReturnType<typeof raw>>();
function navFor(active: NavKey | undefined) {
  let nav = navHtml.get(active);
  if (!nav) {
    const items = NAV.map((n) => `<li><a href="${n.href}"${active === n.key ? ' aria-current="page"' : ""}>${n.label}</a></li>`).join("");
    nav = raw(`<nav aria-label="Main" class="site-nav"><ul>${items}</ul></nav>`);
    navHtml.set(active, nav);
  }
  return nav;
}

const HTMX_CONFIG =
  '{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"4..","swap":true,"error":false},{"code":"...","swap":true,"error":true}]}';

// The head's fixed parts as HTML, built once: hono/jsx gives <title>, <meta>, <link> and
// <script> React-19-style hoisting, a callback per element that rewrites the whole buffer,
// a measurable share of a small page's CPU (issue 18). The bytes are what the JSX gave.
const HEAD_START = raw('<meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>');
const HEAD_HTMX = html`<meta name="htmx-config" content="${HTMX_CONFIG}"/>`;
const HEAD_ASSETS = raw(
  '<link rel="stylesheet" href="/styles.css"/><link rel="stylesheet" href="/theme.css"/><script src="/vendor/htmx.min.js" defer=""></script>',
);
const SESSION_SCRIPT = raw('<script src="/session-timeout.js" defer=""></script>');

type HeadProps = { title: string; carriesToken?: boolean; tenant: ReturnType<typeof usePortal>["tenant"]; customer: unknown };

function portalHead(p: HeadProps) {
  const icon = p.tenant.logoUrl && !p.carriesToken ? p.tenant.logoUrl : "/favicon.svg";
  // the idle limit, for the timeout warning (issue 17, 2.2.1)
  const idle = p.customer ? html`<meta name="session-idle" content="${String(idleLimit(p.tenant))}"/>${SESSION_SCRIPT}` : "";
  return html`<head>${HEAD_START}<meta name="referrer" content="${p.carriesToken ? "no-referrer" : "same-origin"}"/>${HEAD_HTMX}<title>${`${p.title} · ${p.tenant.name}`}</title><link rel="icon" href="${icon}"/>${HEAD_ASSETS}${idle}</head>`;
}

// The header and footer as HTML templates, like the head: the same bytes as their JSX,
// without building their elements on every page (issue 18).
const SKIP_LINK = raw('<a class="skip-link" href="#main">Skip to content</a>');
// inside the banner landmark, so no content sits outside a landmark (axe "region")
const TEST_BANNER = raw('<p class="test-banner" role="note"><strong>Test mode:</strong> no real payments are made.</p>');
// only when the session can reach another account (issue 17 point 6)
const SWITCH_LINK = raw('<a href="/switch" class="switch-link">Switch account</a>');

type ShellProps = HeadProps & { csrfToken?: string | undefined; customer: { name: string } | null | undefined };

function portalHeader(p: ShellProps, canSwitch: boolean) {
  const brand =
    p.tenant.logoUrl && !p.carriesToken ? html`<img src="${p.tenant.logoUrl}" alt="${p.tenant.name}" height="32"/>` : html`<span>${p.tenant.name}</span>`;
  const signOut =
    p.customer && p.csrfToken
      ? html`<form method="post" action="/logout" class="signout"><input type="hidden" name="_csrf" value="${p.csrfToken}"/><span class="who">Signed in as ${p.customer.name}</span> ${canSwitch ? SWITCH_LINK : ""} <button type="submit" class="link-button">Sign out</button></form>`
      : "";
  return html`<header class="site-header">${p.tenant.paymentGateway === "test" ? TEST_BANNER : ""}<div class="header-bar">${p.carriesToken ? "" : MerchantReturnLink({ tenant: p.tenant })}<a class="brand" href="${p.customer ? "/account" : "/login"}">${brand}</a>${signOut}</div></header>`;
}

function portalFooter(p: ShellProps) {
  const idle = p.customer
    ? html`<p class="idle-note">For your security you are signed out after ${Math.round(idleLimit(p.tenant) / 60)} minutes without activity.</p>`
    : "";
  return html`<footer class="site-footer">${p.carriesToken ? "" : MerchantContactBlock({ tenant: p.tenant })}<p>Billing portal for ${p.tenant.name} · <a href="/accessibility">Accessibility statement</a></p>${idle}</footer>`;
}

/**
 * The page shell of the customer portal. Works without JavaScript; htmx (served
 * from /vendor, never a CDN) boosts links and forms when it is there. The htmx
 * config swaps 4xx answers too, so a form re-rendered with its errors (422) shows.
 * The tenant's highlight colour comes from /theme.css (CSP forbids style attributes).
 * Navigation and the sign-out form show only when a customer is signed in.
 */
export function Layout(page: LayoutProps) {
  const { tenant, customer, csrfToken, canSwitch } = usePortal();
  const p = { ...page, tenant, customer: page.carriesToken ? null : customer, csrfToken };
  return (
    <html lang="en">
      {portalHead(p)}
      <body hx-boost="true">
        {SKIP_LINK}
        {portalHeader(p, canSwitch)}
        {p.customer && navFor(p.active)}
        <main id="main" tabindex={-1}>
          {p.children}
        </main>
        {portalFooter(p)}
      </body>
    </html>
  );
}

/** A bare page for hosts that belong to no tenant. */
export function BareLayout(p: { title: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{p.title}</title>
        <link rel="stylesheet" href="/styles.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <main id="main" tabindex={-1}>
          {p.children}
        </main>
      </body>
    </html>
  );
}
