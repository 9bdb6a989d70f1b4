import { exports } from "cloudflare:workers";
import type { Tenant } from "../../src/db/queries/types";
import type { TenantScope } from "../../src/db/scope";
import { SESSION_COOKIE } from "../../src/lib/cookies";
import { nowSeconds } from "../../src/lib/time";
import { type NewSession, startSession } from "../../src/services/signin/sessions";

/**
 * A browser-like client for one tenant's portal: keeps cookies, sends the Origin
 * a same-origin form post would, and fills in the CSRF token from the last page.
 */
export class PortalClient {
  cookies = new Map<string, string>();
  csrf = "";

  constructor(readonly origin: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (/Max-Age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size && !headers.has("Cookie")) headers.set("Cookie", this.cookieHeader());
    const res = await exports.default.fetch(new URL(path, this.origin).toString(), { redirect: "manual", ...init, headers });
    this.remember(res);
    return res;
  }

  /** GET a page; remembers its CSRF token. Returns status, body and headers. */
  async get(path: string, init: RequestInit = {}) {
    const res = await this.fetch(path, init);
    const html = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (m) this.csrf = m[1]!;
    else if (this.cookies.has("__Host-bp_csrf")) this.csrf = this.cookies.get("__Host-bp_csrf")!;
    return { status: res.status, html, headers: res.headers, location: res.headers.get("Location") };
  }

  /** POST a form the way a same-origin browser does (Origin header, _csrf field). */
  async post(path: string, fields: Record<string, string | string[]> = {}, init: RequestInit = {}) {
    if (!this.csrf) await this.get("/login");
    const body = new URLSearchParams();
    body.set("_csrf", this.csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    const headers = new Headers(init.headers);
    if (!headers.has("Origin")) headers.set("Origin", this.origin);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    const res = await this.fetch(path, { method: "POST", ...init, headers, body });
    const html = await res.text();
    return { status: res.status, html, headers: res.headers, location: res.headers.get("Location") };
  }

  /** Signs in directly through the session service (for tests of pages behind sign-in). */
  async signInAs(scope: TenantScope, tenant: Tenant, customerId: number, opts: Partial<NewSession> & { now?: number } = {}) {
    const { cookie, sessionId } = await startSession(scope, tenant, { method: "email_link", ...opts, customerId }, opts.now ?? nowSeconds());
    this.cookies.set(SESSION_COOKIE, cookie);
    return { cookie, sessionId };
  }
}
