import { eq } from "drizzle-orm";
import { z } from "zod";
import { isGuardFailure, assertOneRowChanged } from "../../db/batch";
import { countOwnDomains, deleteDomainStmt, findOwnDomain, insertDomainStmt, type TenantDomain } from "../../db/queries/tenant-domains";
import { tenantDomains } from "../../db/schema";
import type { TenantScope } from "../../db/scope";
import { conflict, invalidRequest, notFound } from "../../lib/api-error";
import type { ListSpec } from "../../lib/api/pagination";
import { validate } from "../../lib/api/validate";
import { type Actor, eventStatement } from "../../db/events";

/**
 * Custom portal hosts (`/settings/domains`). The portal resolves a host that is
 * not under the portal domain by exact match in `tenant_domains`, so a host is
 * stored lower-cased, without a trailing dot, and belongs to one tenant only.
 * Ownership of the host is not verified here: pointing its DNS at the worker
 * (Cloudflare custom hostnames) is the operator's step.
 */

export const MAX_DOMAINS = 10;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A DNS host name as a browser would send it in `Host`: ASCII labels (IDNs in
 * their `xn--` form), at least two of them, a top-level label that is not all
 * digits (so no IP addresses), at most 253 characters, no port, no path.
 */
export function normaliseHost(raw: string): string | null {
  const host = raw.trim().toLowerCase().replace(/\.$/, "");
  if (host.length < 3 || host.length > 253) return null;
  const labels = host.split(".");
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return null;
  if (/^\d+$/.test(labels.at(-1)!)) return null;
  return host;
}

/** The portal domain itself, any host under it (tenants and `api`), and its parents belong to the platform. */
export function isPlatformHost(host: string, portalDomain: string): boolean {
  const domain = portalDomain.toLowerCase();
  return host === domain || host.endsWith(`.${domain}`) || domain.endsWith(`.${host}`);
}

const createBody = z.strictObject({ host: z.string().max(253, "must be at most 253 characters") });

export const domainListSpec: ListSpec = {
  sort: { id: tenantDomains.id, host: tenantDomains.host, created_at: tenantDomains.createdAt },
  filters: { host: (v) => eq(tenantDomains.host, v.trim().toLowerCase()) },
};

export function domainToWire(d: TenantDomain) {
  return { object: "domain" as const, id: d.id, host: d.host, created_at: d.createdAt };
}

export async function getDomain(scope: TenantScope, id: number | null): Promise<TenantDomain> {
  const row = id === null ? undefined : await findOwnDomain(scope, id);
  if (!row) throw notFound("domain");
  return row;
}

/**
 * POST /settings/domains. A host any tenant already has (this one included) is a
 * 409 that does not say whose it is; the unique index decides races, and the
 * guard after the insert keeps the event out when nothing was inserted.
 */
export async function addDomain(
  scope: TenantScope,
  body: Record<string, unknown>,
  portalDomain: string,
  now: number,
  who: Actor,
): Promise<TenantDomain> {
  const input = validate(createBody, body);
  const host = normaliseHost(input.host);
  if (!host) throw invalidRequest("host must be a host name like billing.example.com (no scheme, port or path)", "host");
  if (isPlatformHost(host, portalDomain)) {
    throw invalidRequest(`host cannot be ${portalDomain} or under it: the portal already answers there`, "host");
  }
  if ((await countOwnDomains(scope)) >= MAX_DOMAINS) throw conflict(`A tenant has at most ${MAX_DOMAINS} custom domains`, "host");

  const insert = insertDomainStmt(scope, host, now);
  const event = eventStatement(scope, { type: "domain.created", objectType: "domain", objectId: host, data: { host } }, who, now);
  try {
    const [inserted] = await scope.batch([insert, assertOneRowChanged(scope), event]);
    return (inserted as TenantDomain[])[0]!;
  } catch (err) {
    if (isGuardFailure(err)) throw conflict("This host is already in use", "host");
    throw err;
  }
}

export async function removeDomain(scope: TenantScope, id: number | null, now: number, who: Actor): Promise<void> {
  const row = await getDomain(scope, id);
  await scope.batch([
    deleteDomainStmt(scope, row.id),
    eventStatement(scope, { type: "domain.deleted", objectType: "domain", objectId: row.host, data: { host: row.host } }, who, now),
  ]);
}
