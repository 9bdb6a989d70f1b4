import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { apiKeys, ssoKeys, tenants } from "../db/schema";
import { isUniqueViolation } from "../db/queries/api-guards";
import type { Tenant } from "../db/queries/types";
import { encryptSecret, sha256Hex } from "../lib/crypto";
import { isValidUsername } from "../lib/hosts";
import { randomString } from "../lib/random";

export class TenantInputError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

/** 63 alphanumerics from the CSPRNG, like Invoiced's SSO keys (product.md, S13). */
export const newSsoKey = () => randomString(63);
/** 32 alphanumerics, like Invoiced's API keys. */
export const newApiKey = () => randomString(32);

export type CreatedTenant = { tenant: Tenant; apiKey: string; ssoKey: string };

/**
 * Creates a tenant with one API key and one SSO key. The keys are returned once
 * and stored only hashed (API key) or encrypted (SSO key, needed for HMAC) (S42).
 */
export async function createTenant(
  db: Db,
  input: { username: string; name: string; currency?: string },
  encryptionKey: string,
  now: number,
  keys: { apiKey?: string; ssoKey?: string } = {},
): Promise<CreatedTenant> {
  const username = input.username.toLowerCase();
  if (!isValidUsername(username)) {
    throw new TenantInputError("username must be 3 to 63 lowercase letters, digits or hyphens, and not reserved", "username");
  }
  const existing = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.username, username)).get();
  if (existing) throw new TenantInputError("username is taken", "username");

  const apiKey = keys.apiKey ?? newApiKey();
  const ssoKey = keys.ssoKey ?? newSsoKey();
  // One atomic batch (D1 has no transactions): a tenant never exists without its
  // keys, and two concurrent creations of one username leave exactly one, the
  // other failing on the UNIQUE index.
  const tenantId = sql`(SELECT id FROM tenants WHERE username = ${username})`;
  let tenant: Tenant | undefined;
  try {
    const [inserted] = await db.batch([
      db
        .insert(tenants)
        .values({ username, name: input.name, currency: input.currency ?? "usd", createdAt: now, updatedAt: now })
        .returning(),
      db.insert(apiKeys).values({ tenantId, keyHash: await sha256Hex(apiKey), prefix: apiKey.slice(0, 6), createdAt: now }),
      db.insert(ssoKeys).values({ tenantId, keyEnc: await encryptSecret(encryptionKey, ssoKey), createdAt: now }),
    ]);
    tenant = inserted[0];
  } catch (err) {
    if (isUniqueViolation(err)) throw new TenantInputError("username is taken", "username");
    throw err;
  }
  return { tenant: tenant!, apiKey, ssoKey };
}
