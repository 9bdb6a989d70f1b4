import { isUniqueViolation } from "../db/batch";
import type { Db } from "../db/client";
import { findTenantByUsername, insertTenantWithKeys } from "../db/queries/tenants";
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
const newApiKey = () => randomString(32);

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
  if (await findTenantByUsername(db, username)) throw new TenantInputError("username is taken", "username");

  const apiKey = keys.apiKey ?? newApiKey();
  const ssoKey = keys.ssoKey ?? newSsoKey();
  let tenant: Tenant;
  try {
    tenant = await insertTenantWithKeys(
      db,
      { username, name: input.name, currency: input.currency ?? "usd" },
      { apiKeyHash: await sha256Hex(apiKey), apiKeyPrefix: apiKey.slice(0, 6), ssoKeyEnc: await encryptSecret(encryptionKey, ssoKey) },
      now,
    );
  } catch (err) {
    // two concurrent creations of one username: the second fails on the UNIQUE index
    if (isUniqueViolation(err)) throw new TenantInputError("username is taken", "username");
    throw err;
  }
  return { tenant, apiKey, ssoKey };
}
