import { desc, eq } from "drizzle-orm";
import { events } from "../../src/db/schema";
import { apiClient } from "../helpers/api";
import { makeTenant } from "../helpers/tenants";

/** A fresh tenant and an API client holding its key. */
export async function apiTenant(overrides: Parameters<typeof makeTenant>[0] = {}) {
  const t = await makeTenant(overrides);
  return { t, api: apiClient(t.apiKey) };
}

export type ApiTenant = Awaited<ReturnType<typeof apiTenant>>;

/** Audit events of the tenant, newest first, optionally of one type. */
export function eventsOf(t: ApiTenant["t"], type?: string) {
  return t.scope
    .select(events, type ? eq(events.type, type) : undefined)
    .orderBy(desc(events.id))
    .all();
}

/** Link header as {rel: url}. */
export function links(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(",")) {
    const m = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part.trim());
    if (m) out[m[2]!] = m[1]!;
  }
  return out;
}
