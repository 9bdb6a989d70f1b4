import { env } from "cloudflare:workers";
import { sha256Hex } from "../../../src/lib/crypto";

// Whole-storage views for the cross-cutting tests: "nothing changed" (S26) and
// "this secret is stored nowhere" (S2, S42). Files may share their worker's
// storage (vitest.config.ts), but run one at a time, so nothing else writes while
// a test compares two snapshots. Read straight through the binding on purpose:
// the point is to see every table, not what the scoped queries show.

const INTERNAL = /^(?:sqlite_|_cf_|d1_migrations$)/;

async function tableNames(): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all<{ name: string }>();
  return results.map((r) => r.name).filter((n) => !INTERNAL.test(n));
}

/** Every row of every table. */
export async function allRows(): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const name of await tableNames()) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all<Record<string, unknown>>();
    out[name] = results;
  }
  return out;
}

/** All KV keys of the sign-in namespace (paged). */
export async function kvKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown, string> = await env.SIGNIN_TOKENS.list({ cursor });
    keys.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return keys;
}

/** One hash over all of D1 and the KV key set: equal before and after means nothing was written. */
export async function storageDigest(): Promise<string> {
  return sha256Hex(JSON.stringify({ d1: await allRows(), kv: await kvKeys() }));
}
