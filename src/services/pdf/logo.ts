import type { PDFRawStream } from "pdf-lib";
import { checkWebhookUrl } from "../../lib/webhook-url";
import { loadPdfLib } from "./document";

/**
 * The merchant's logo on its PDFs (issue 17.7). The tenant stores it as an https URL
 * (settings `logo_url`); a PDF is drawn from the image's bytes, so they are fetched
 * here, with a short timeout and a size cap, PNG or JPEG only (recognised by their
 * first bytes, not by a header the other server chooses).
 *
 * CPU: a PNG is decoded and compressed again by pdf-lib once per isolate and URL; each
 * PDF then gets a copy of the finished image object (no image work per request). A URL
 * that fails (unreachable, too big, another format) is remembered as "no logo" for the
 * same time, so a broken host does not slow every PDF; the merchant's name is the
 * letterhead then, as before.
 */

/** The image as pdf-lib wrote it once: the XObject stream and its alpha mask (PNG), and its size in pixels. */
export type PdfLogo = { image: PDFRawStream; mask: PDFRawStream | null; width: number; height: number };

const MAX_BYTES = 256 * 1024;
/** larger images are refused before decoding (a small PNG can inflate to a huge bitmap) */
const MAX_PIXELS = 2000 * 2000;
const TIMEOUT_MS = 1500;
/** how long a URL's answer (image or failure) is reused: a changed logo shows within this */
const TTL_MS = 10 * 60 * 1000;
const MAX_ENTRIES = 50;

type Entry = { at: number; logo: Promise<PdfLogo | null> };
const cache = new Map<string, Entry>();

export type LogoFetch = (url: string, init: RequestInit) => Promise<Response>;

/** The tenant's logo ready for a PDF, or null (no URL, or it could not be used). Never throws. */
export function pdfLogo(url: string | null | undefined, doFetch: LogoFetch = (u, init) => fetch(u, init), nowMs = Date.now()): Promise<PdfLogo | null> {
  if (!url) return Promise.resolve(null);
  const hit = cache.get(url);
  if (hit && nowMs - hit.at < TTL_MS) return hit.logo;
  const logo = fetchLogo(url, doFetch).then(prepare, () => null);
  cache.delete(url);
  cache.set(url, { at: nowMs, logo });
  // Maps iterate in insertion order: the first key is the oldest entry
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return logo;
}

type Image = { kind: "png" | "jpg"; bytes: Uint8Array };

async function fetchLogo(url: string, doFetch: LogoFetch): Promise<Image | null> {
  const res = await doFetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: "image/png, image/jpeg" } });
  if (res.status !== 200 || !res.body) return null;
  if (Number(res.headers.get("content-length") ?? 0) > MAX_BYTES) return null;
  const bytes = await readCapped(res.body, MAX_BYTES);
  if (!bytes) return null;
  if (isPng(bytes)) return pngPixels(bytes) <= MAX_PIXELS ? { kind: "png", bytes } : null;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { kind: "jpg", bytes };
  return null;
}

/** The body, or null once it passes `max` bytes (the rest is not read). */
async function readCapped(body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array | null> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const isPng = (b: Uint8Array) => b.length > 24 && PNG_SIGNATURE.every((x, i) => b[i] === x);

/** Width × height from the IHDR chunk, which a valid PNG has first (bytes 16–23). */
function pngPixels(b: Uint8Array): number {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return v.getUint32(16) * v.getUint32(20);
}

/** Lets pdf-lib embed the image once into a scratch document and keeps the objects it wrote. */
async function prepare(img: Image | null): Promise<PdfLogo | null> {
  if (!img) return null;
  try {
    const lib = await loadPdfLib();
    const scratch = await lib.PDFDocument.create({ updateMetadata: false });
    const embedded = img.kind === "png" ? await scratch.embedPng(img.bytes) : await scratch.embedJpg(img.bytes);
    await embedded.embed();
    const raw = (ref: unknown) => {
      const obj = ref instanceof lib.PDFRef ? scratch.context.lookup(ref) : undefined;
      return obj instanceof lib.PDFRawStream ? obj : null;
    };
    const image = raw(embedded.ref);
    if (!image) return null;
    return { image, mask: raw(image.dict.get(lib.PDFName.of("SMask"))), width: embedded.width, height: embedded.height };
  } catch {
    // a file that starts like a PNG or JPEG but is not one
    return null;
  }
}

/**
 * pdfLogo's fetch inside the worker: a logo under the portal's own domain is one of its
 * static files (static/), read from the assets binding without a network call; any
 * other URL is fetched. The tests' and the screenshots' logo (static/demo-logo.png) use the first way.
 */
export function logoFetchFor(env: { ENVIRONMENT: string; PORTAL_DOMAIN: string; ASSETS?: Fetcher }): LogoFetch {
  return async (url, init) => {
    const u = new URL(url);
    const own = u.hostname === env.PORTAL_DOMAIN || u.hostname.endsWith(`.${env.PORTAL_DOMAIN}`);
    if (own && env.ASSETS) return env.ASSETS.fetch(new Request(new URL(u.pathname, "https://assets.invalid"), init));
    // The URL is the merchant's: the worker fetching it is a server-side request a tenant
    // points, so it gets the webhook URLs' guard (no private, loopback, link-local or
    // metadata addresses, no local names) and no redirects, which could lead past it.
    if (!checkWebhookUrl(url, { production: true }).ok) return new Response(null, { status: 403 });
    return fetch(url, { ...init, redirect: "manual" });
  };
}

/** The tenant as its PDFs show it: with its logo when it has one that could be read. */
export async function pdfMerchant<T extends { logoUrl: string | null }>(tenant: T, doFetch?: LogoFetch): Promise<T & { logo: PdfLogo | null }> {
  return { ...tenant, logo: await pdfLogo(tenant.logoUrl, doFetch) };
}
