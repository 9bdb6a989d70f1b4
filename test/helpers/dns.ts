import { vi } from "vitest";
import { DOH_ENDPOINT } from "../../src/lib/dns-txt";

/**
 * Fakes the DNS-over-HTTPS resolver (third-party HTTP, so faked): TXT answers from
 * `records` (name -> values), everything else passes through to the real fetch.
 * Returns the names asked for. Restore with vi.restoreAllMocks().
 */
export function fakeDoh(records: Record<string, string[]>) {
  const asked: string[] = [];
  const real = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (`${url.origin}${url.pathname}` !== DOH_ENDPOINT) return real(input, init);
    const name = url.searchParams.get("name")!;
    asked.push(name);
    const Answer = (records[name] ?? []).map((v) => ({ name, type: 16, TTL: 300, data: JSON.stringify(v) }));
    return Response.json({ Status: records[name] ? 0 : 3, Answer }, { headers: { "Content-Type": "application/dns-json" } });
  });
  return asked;
}

/** Publishes the TXT record a domain answer asks for, in the fake resolver. */
export const publish = (...domains: { verification: { name: string; value: string } }[]) =>
  fakeDoh(Object.fromEntries(domains.map((d) => [d.verification.name, [d.verification.value]])));
