/**
 * The SSRF guard for merchant webhook URLs, checked when an endpoint is saved and
 * again before every delivery. It works on what the WHATWG URL parser makes of
 * the input, so `https://2130706433`, `https://0x7f.1` and `https://127.1` all
 * arrive here as `127.0.0.1`, and `[::ffff:10.0.0.1]` as `[::ffff:a00:1]`.
 * It judges the literal only: a public name that resolves to a private address is
 * Cloudflare's egress's to stop (docs/webhooks.md says what a self-hosted workerd
 * must add).
 */

import { apiOrigin } from "./origins";

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

export type UrlPolicy = {
  /** production requires https */
  production: boolean;
  /** outside production: the portal's own development receiver, allowed although local */
  devReceiver?: string;
};

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** [first address as 32-bit number, prefix length] of IPv4 ranges that are never a merchant's server. */
const BLOCKED_V4: [string, number][] = [
  ["0.0.0.0", 8], // "this network", unspecified
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

function v4Number(host: string): number | null {
  const m = V4.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function v4Blocked(n: number): boolean {
  return BLOCKED_V4.some(([base, bits]) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (n & mask) >>> 0 === (v4Number(base)! & mask) >>> 0;
  });
}

/** The eight 16-bit groups of an IPv6 literal as the URL parser prints it (compressed, no zone). */
function v6Groups(host: string): number[] | null {
  let text = host;
  // a trailing dotted quad (the parser normally rewrites it to hex, but be safe)
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4Number(dotted[1]!);
    if (n === null) return null;
    text = `${text.slice(0, -dotted[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== 8)) return null;
  const groups = [...head, ...Array(fill).fill("0"), ...tail].map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? Number.parseInt(g, 16) : Number.NaN));
  return groups.length === 8 && groups.every((g) => !Number.isNaN(g)) ? groups : null;
}

function v6Blocked(g: number[]): boolean {
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return true; // :: unspecified
  if (zeroTo(7) && g[7] === 1) return true; // ::1 loopback
  if (zeroTo(5) && g[5] === 0xffff) return true; // ::ffff:0:0/96 IPv4-mapped: never needed for a public host
  if (zeroTo(6)) return true; // ::/96 IPv4-compatible (deprecated)
  if (zeroTo(4) && g[4] === 0xffff && g[5] === 0) return true; // ::ffff:0:0:0/96 IPv4-translated
  if (g[0] === 0x64 && g[1] === 0xff9b) return true; // NAT64 64:ff9b::/96 reaches any IPv4 through a gateway
  if ((g[0]! & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local (fd00:ec2::254 metadata among them)
  if ((g[0]! & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((g[0]! & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((g[0]! & 0xff00) === 0xff00) return true; // ff00::/8 multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation
  if (g[0] === 0x2001 && g[1] === 0) return true; // Teredo tunnels to an embedded IPv4
  if (g[0] === 0x2002) return true; // 6to4 tunnels to an embedded IPv4
  if (g[0] === 0x0100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return true; // 100::/64 discard
  return false;
}

/** Names that mean "this machine" or a private network, whatever DNS says. */
function nameBlocked(host: string): boolean {
  const name = host.replace(/\.$/, "");
  if (!name.includes(".")) return true; // single labels resolve through search domains: local by nature
  return name === "localhost" || /\.(localhost|local|internal|home\.arpa|lan|intranet|corp)$/.test(name) || name === "metadata.google.internal";
}

/** Checks a webhook URL against the policy; the `reason` is safe to show the merchant. */
export function checkWebhookUrl(raw: string, policy: UrlPolicy): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "must be an absolute URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "must be an https URL" };
  if (url.username || url.password) return { ok: false, reason: "must not contain a user name or password" };
  if (url.hash) return { ok: false, reason: "must not contain a fragment" };

  if (!policy.production && policy.devReceiver && isDevReceiver(url, policy.devReceiver)) return { ok: true, url };
  if (policy.production && url.protocol !== "https:") return { ok: false, reason: "must be an https URL" };

  const host = url.hostname.toLowerCase();
  if (host.startsWith("[")) {
    const groups = v6Groups(host.slice(1, -1));
    if (!groups || v6Blocked(groups)) return { ok: false, reason: "must not point at a private, loopback, link-local or reserved address" };
    return { ok: true, url };
  }
  const v4 = v4Number(host);
  if (v4 !== null) {
    if (v4Blocked(v4)) return { ok: false, reason: "must not point at a private, loopback, link-local or reserved address" };
    return { ok: true, url };
  }
  if (nameBlocked(host)) return { ok: false, reason: "must not point at localhost or a local or internal name" };
  return { ok: true, url };
}

/** The development receiver: same origin as the API and path `/_dev/webhooks` (or below it). */
export function isDevReceiver(url: URL, devReceiver: string): boolean {
  const dev = new URL(devReceiver);
  return url.origin === dev.origin && (url.pathname === dev.pathname || url.pathname.startsWith(`${dev.pathname}/`));
}

/** The policy of a deployment: https only in production; the development receiver elsewhere. */
export function webhookUrlPolicy(env: { ENVIRONMENT: string; PORTAL_DOMAIN: string; PORTAL_SCHEME?: string; PORTAL_PORT?: string }): UrlPolicy {
  const production = env.ENVIRONMENT === "production";
  return production ? { production } : { production, devReceiver: devReceiverUrl(env) };
}

/** `http://api.localhost:8787/_dev/webhooks` in development. */
export function devReceiverUrl(env: { PORTAL_DOMAIN: string; PORTAL_SCHEME?: string; PORTAL_PORT?: string }): string {
  return `${apiOrigin(env)}/_dev/webhooks`;
}
