/**
 * Which part of the portal a request's host reaches. The tenant comes from the
 * host alone, never from a header, query or body.
 */

const RESERVED_USERNAMES = new Set(["api", "www", "app", "dashboard", "admin", "static", "mail"]);
const USERNAME = /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/;

export function isValidUsername(name: string): boolean {
  return USERNAME.test(name) && !RESERVED_USERNAMES.has(name);
}

export type HostKind =
  | { kind: "api" }
  | { kind: "tenant"; username: string }
  /** not under the portal domain: maybe a tenant's custom domain, looked up by exact host */
  | { kind: "custom"; host: string }
  | { kind: "none" };

/** Classifies a hostname (port already removed, any case). */
function classifyHost(hostname: string, portalDomain: string): HostKind {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  const domain = portalDomain.toLowerCase();
  if (host === `api.${domain}`) return { kind: "api" };
  if (host.endsWith(`.${domain}`)) {
    const label = host.slice(0, -domain.length - 1);
    return isValidUsername(label) ? { kind: "tenant", username: label } : { kind: "none" };
  }
  if (host === domain || !host.includes(".")) return { kind: "none" };
  return { kind: "custom", host };
}

// One parse per request: the worker's dispatch and the portal's tenant middleware both
// need the host, and the portal the origin too (issue 18: each `new URL` is native work).
const parsed = new WeakMap<Request, { url: URL; host?: { domain: string; kind: HostKind } }>();

/** The request's URL, parsed once per request. */
export function requestUrl(req: Request): URL {
  let p = parsed.get(req);
  if (!p) parsed.set(req, (p = { url: new URL(req.url) }));
  return p.url;
}

/** What the request's host reaches (classifyHost), decided once per request. */
export function requestHost(req: Request, portalDomain: string): HostKind {
  requestUrl(req);
  const p = parsed.get(req)!;
  if (p.host?.domain !== portalDomain) p.host = { domain: portalDomain, kind: classifyHost(p.url.hostname, portalDomain) };
  return p.host.kind;
}
