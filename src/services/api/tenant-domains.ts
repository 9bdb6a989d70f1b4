import { assertOneRowChanged, isGuardFailure, isUniqueViolation } from "../../db/batch";
import { equals } from "../../db/conditions";
import { asInserted, objectDataWith, previousOf } from "../../db/event-objects";
import { type Actor, eventStatement } from "../../db/events";
import {
  countOwnDomains,
  deleteDomainStmt,
  dropOtherClaimsStmt,
  findOwnDomain,
  findOwnDomainByHost,
  hostNotHeldGuard,
  insertDomainStmt,
  ownDomainIdByHost,
  type TenantDomain,
  verifyDomainStmt,
} from "../../db/queries/tenant-domains";
import { tenantDomains } from "../../db/schema";
import type { TenantScope } from "../../db/scope";
import type { ListSpec } from "../../lib/api/pagination";
import { validate } from "../../lib/api/validate";
import { conflict, invalidRequest, notFound } from "../../lib/api-error";
import { resolveTxt } from "../../lib/dns-txt";
import { randomString } from "../../lib/random";
import * as z from "../../lib/zod";

/**
 * Custom portal hosts (`/settings/domains`). The portal resolves a host that is
 * not under the portal domain by exact match in `tenant_domains`, so a host is
 * stored lower-cased, without a trailing dot, and belongs to one tenant only.
 *
 * Ownership (issue 12.5): a new claim is unverified and not served. The API returns
 * a token; the merchant publishes it as a TXT record `_billing-portal.<host>` and
 * calls POST /settings/domains/{id}/verify, which looks the record up through DNS
 * over HTTPS. A verified claim owns the host: other tenants' unverified claims of it
 * go in the same batch, and nobody can claim it while it is held.
 */

const MAX_DOMAINS = 10;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A DNS host name as a browser would send it in `Host`: ASCII labels (IDNs in
 * their `xn--` form), at least two of them, a top-level label that is not all
 * digits (so no IP addresses), at most 253 characters, no port, no path.
 */
function normaliseHost(raw: string): string | null {
  const host = raw.trim().toLowerCase().replace(/\.$/, "");
  if (host.length < 3 || host.length > 253) return null;
  const labels = host.split(".");
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return null;
  if (/^\d+$/.test(labels.at(-1)!)) return null;
  return host;
}

/** The portal domain itself, any host under it (tenants and `api`), and its parents belong to the platform. */
function isPlatformHost(host: string, portalDomain: string): boolean {
  const domain = portalDomain.toLowerCase();
  return host === domain || host.endsWith(`.${domain}`) || domain.endsWith(`.${host}`);
}

const createBody = z.strictObject({ host: z.string().max(253, "must be at most 253 characters") });

export const domainListSpec: ListSpec = {
  sort: { id: tenantDomains.id, host: tenantDomains.host, created_at: tenantDomains.createdAt },
  filters: { host: (v) => equals(tenantDomains.host, v.trim().toLowerCase()) },
};

/** Where the proof goes: a TXT record on this name holding `TXT_PREFIX + token`. */
const verificationName = (host: string) => `_billing-portal.${host}`;
const TXT_PREFIX = "billing-portal-verification=";

export function domainToWire(d: TenantDomain) {
  return {
    object: "domain" as const,
    id: d.id,
    host: d.host,
    verified: d.verifiedAt !== null,
    verified_at: d.verifiedAt,
    verification: { type: "TXT" as const, name: verificationName(d.host), value: `${TXT_PREFIX}${d.verificationToken}` },
    created_at: d.createdAt,
  };
}

export async function getDomain(scope: TenantScope, id: number | null): Promise<TenantDomain> {
  const row = id === null ? undefined : await findOwnDomain(scope, id);
  if (!row) throw notFound("domain");
  return row;
}

/**
 * POST /settings/domains. A host this tenant has already, or one another tenant holds
 * verified, is a 409 that does not say whose it is; another tenant's unverified claim
 * does not block it (a squatter cannot keep the owner out). The unique indexes decide
 * races, and the guard after the insert keeps the event out when nothing was inserted.
 */
export async function addDomain(scope: TenantScope, body: Record<string, unknown>, portalDomain: string, now: number, who: Actor): Promise<TenantDomain> {
  const input = validate(createBody, body);
  const host = normaliseHost(input.host);
  if (!host) throw invalidRequest("host must be a host name like billing.example.com (no scheme, port or path)", "host");
  if (isPlatformHost(host, portalDomain)) {
    throw invalidRequest(`host cannot be ${portalDomain} or under it: the portal already answers there`, "host");
  }
  if ((await countOwnDomains(scope)) >= MAX_DOMAINS) throw conflict(`A tenant has at most ${MAX_DOMAINS} custom domains`, "host");

  const token = randomString(32);
  const insert = insertDomainStmt(scope, host, token, now);
  // the claim as GET /settings/domains/{id} will show it; its id comes from the insert
  const wire = domainToWire(asInserted(tenantDomains, { id: 0, tenantId: scope.tenantId, host, verificationToken: token, createdAt: now }));
  const data = objectDataWith(wire, { id: ownDomainIdByHost(scope, host) });
  const event = eventStatement(scope, { type: "domain.created", objectType: "domain", objectId: host, data }, who, now);
  try {
    const [, , , , inserted] = await scope.batch([hostNotHeldGuard(scope, host), insert, assertOneRowChanged(scope), event, findOwnDomainByHost(scope, host)]);
    return (inserted as TenantDomain[])[0]!;
  } catch (err) {
    if (isGuardFailure(err)) throw conflict("This host is already in use", "host");
    throw err;
  }
}

/**
 * POST /settings/domains/{id}/verify: looks the TXT record up (DNS over HTTPS) and, when
 * it holds this claim's token, marks the claim verified and drops other tenants'
 * unverified claims of the host, in one batch. No record yet is a 409 saying what to publish.
 */
export async function verifyDomain(scope: TenantScope, id: number | null, now: number, who: Actor, doFetch?: typeof fetch): Promise<TenantDomain> {
  const row = await getDomain(scope, id);
  if (row.verifiedAt !== null) return row;
  if (!row.verificationToken) throw conflict("This claim has no verification token: delete it and add the domain again", "host");
  const expected = `${TXT_PREFIX}${row.verificationToken}`;
  const records = await resolveTxt(verificationName(row.host), doFetch);
  if (!records.some((r) => r.trim() === expected)) {
    throw conflict(
      `Not verified yet: publish a TXT record ${verificationName(row.host)} with the value ${expected}, then try again (DNS changes can take a while)`,
      "host",
    );
  }
  try {
    await scope.batch([
      verifyDomainStmt(scope, row.id, now),
      assertOneRowChanged(scope),
      dropOtherClaimsStmt(scope, row.host),
      eventStatement(scope, { type: "domain.verified", objectType: "domain", objectId: row.host, data: verifiedData(row, now) }, who, now),
    ]);
  } catch (err) {
    // another tenant's claim of the host was verified first (their TXT record was there too)
    if (isUniqueViolation(err)) throw conflict("This host is already in use", "host");
    if (!isGuardFailure(err)) throw err;
  }
  // verified meanwhile by this tenant (a retry), or taken over by another tenant's proof
  const now_ = await findOwnDomain(scope, row.id);
  if (!now_) throw conflict("This host is already in use", "host");
  return now_;
}

function verifiedData(row: TenantDomain, now: number) {
  const before = domainToWire(row);
  const after = domainToWire({ ...row, verifiedAt: now });
  return { object: after, previous: previousOf(before, after) };
}

export async function removeDomain(scope: TenantScope, id: number | null, now: number, who: Actor): Promise<void> {
  const row = await getDomain(scope, id);
  await scope.batch([
    deleteDomainStmt(scope, row.id),
    eventStatement(scope, { type: "domain.deleted", objectType: "domain", objectId: row.host, data: { object: domainToWire(row) } }, who, now),
  ]);
}
