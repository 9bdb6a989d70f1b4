import { apiApp } from "../../../src/routes/api";
import { portalApp } from "../../../src/routes/portal";

/**
 * The apps' own route tables, as the cross-cutting security tests (S26, S28, S29)
 * walk them: every handler route once, middleware-only entries (`ALL`) dropped.
 * A route added to either app is picked up here without touching the tests.
 */
export type Route = { method: string; path: string };

function handlerRoutes(routes: { method: string; path: string }[]): Route[] {
  const seen = new Set<string>();
  const out: Route[] = [];
  for (const r of routes) {
    if (r.method === "ALL" || r.method === "HEAD" || r.method === "OPTIONS") continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method, path: r.path });
  }
  return out;
}

export const portalRoutes = (): Route[] => handlerRoutes(portalApp.routes);
export const apiRoutes = (): Route[] => handlerRoutes(apiApp.routes);

export const isStateChanging = (r: Route) => r.method !== "GET";

/** `:name` parameters of a route pattern, in order (`:id{[0-9]+}` reads as `id`). */
export function paramNames(pattern: string): string[] {
  return [...pattern.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
}

/**
 * A concrete path for a pattern. `values` are already URL-encoded path segments
 * (so the fuzz can send raw `%00` or `..`); a missing value gets `fallback`.
 */
export function fillPath(pattern: string, values: Record<string, string>, fallback = "x"): string {
  return pattern.replace(/:([A-Za-z_][A-Za-z0-9_]*)(\{[^}]*\})?/g, (_, name: string) => values[name] ?? fallback);
}
