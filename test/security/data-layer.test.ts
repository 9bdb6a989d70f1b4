import { describe, expect, it } from "vitest";

// "Tenant scoping lives in one place": only src/db/ may build queries from the raw
// client. Route handlers and services reach data through a TenantScope/CustomerScope.
const sources = import.meta.glob<string>("../../src/**/*.{ts,tsx}", { query: "?raw", import: "default", eager: true });

const ALLOWED_RAW_DB = [
  /\/src\/db\//,
  /\/src\/routes\/middleware\//, // builds the client and resolves tenants
  /\/src\/services\/tenants\.ts$/, // creates tenants: no tenant yet to scope to
  /\/src\/routes\/api\/platform\.ts$/,
  /\/src\/routes\/api\/dev\.ts$/,
  /\/src\/routes\/api\/dev-webhooks\.ts$/, // the development webhook receiver: no tenant data
  /\/src\/routes\/api\/webhooks\.ts$/, // provider webhooks find their tenant from the event
  /\/src\/services\/email\//,
  /\/src\/services\/demo\//,
  /\/src\/context\.ts$/,
];

describe("data layer", () => {
  it("found the sources", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
  });

  it("nothing outside the allowed places touches env.DB, drizzle() or c.var.db", () => {
    const offenders = Object.entries(sources)
      .filter(([path]) => !ALLOWED_RAW_DB.some((re) => re.test(path)))
      .filter(([, text]) => /env\.DB\b|drizzle\(|c\.var\.db\b|c\.get\("db"\)|\.prepare\(/.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });

  it("nothing outside the allowed places builds SQL: no scope.db / my.db, no drizzle operators or sql``", () => {
    // `import type { SQL }` is fine (a condition passed through); a runtime import of
    // drizzle-orm (eq, and, sql, desc, ...) or reaching for the scope's raw client is not.
    const offenders = Object.entries(sources)
      .filter(([path]) => !ALLOWED_RAW_DB.some((re) => re.test(path)))
      .filter(([, text]) => /\.db\./.test(text) || drizzleAtRuntime(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});

/** True when the file imports something from drizzle-orm that is not a type (an operator, `sql`, a client). */
function drizzleAtRuntime(text: string): boolean {
  return [...text.matchAll(/^import\s+(type\s+)?([^;]*?)\s+from\s+["']drizzle-orm(?:\/[^"']*)?["']/gm)].some(([, typeOnly, what]) => {
    if (typeOnly) return false;
    const named = /^\{([^}]*)\}$/.exec(what!.trim());
    if (!named) return true; // default or namespace import
    return named[1]!.split(",").some((n) => n.trim() !== "" && !n.trim().startsWith("type "));
  });
}
