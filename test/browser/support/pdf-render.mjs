import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// Headless Chromium has no PDF viewer, so a PDF is drawn with pdf.js (pdfjs-dist's legacy
// build, served from node_modules) on a canvas of a blank page, and the canvas is what a
// screenshot shows. Everything is answered by page.route on an origin that is never
// on the network.

const ORIGIN = "http://pdf-render.invalid";
const PDFJS = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
const TYPES = { ".mjs": "text/javascript", ".pdf": "application/pdf", ".html": "text/html", ".pfb": "application/octet-stream", ".ttf": "font/ttf" };
const typeOf = (path) => TYPES[Object.keys(TYPES).find((ext) => path.endsWith(ext))] ?? "application/octet-stream";

/** Renders page 1 of `bytes` at `scale` onto a canvas in a new page of `context`; returns the canvas locator. */
export async function renderPdf(context, bytes, { scale = 1.5 } = {}) {
  const page = await context.newPage();
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === "/") return route.fulfill({ contentType: "text/html", body: "<!doctype html><html><body style='margin:0;background:#fff'></body></html>" });
    if (path === "/doc.pdf") return route.fulfill({ contentType: "application/pdf", body: Buffer.from(bytes) });
    const file = join(PDFJS, path.replace(/^\/pdfjs\//, "").replace(/\.\.+/g, ""));
    return route.fulfill({ contentType: typeOf(file), body: readFileSync(file) });
  });
  await page.goto(`${ORIGIN}/`);
  const size = await page.evaluate(
    async ({ origin, scale }) => {
      const pdfjs = await import(`${origin}/pdfjs/legacy/build/pdf.mjs`);
      pdfjs.GlobalWorkerOptions.workerSrc = `${origin}/pdfjs/legacy/build/pdf.worker.mjs`;
      const doc = await pdfjs.getDocument({ url: `${origin}/doc.pdf`, standardFontDataUrl: `${origin}/pdfjs/standard_fonts/` }).promise;
      const pdfPage = await doc.getPage(1);
      const viewport = pdfPage.getViewport({ scale });
      const canvas = document.createElement("canvas");
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      document.body.append(canvas);
      await pdfPage.render({ canvas, canvasContext: canvas.getContext("2d"), viewport }).promise;
      return { width: canvas.width, height: canvas.height, pages: doc.numPages };
    },
    { origin: ORIGIN, scale },
  );
  await page.setViewportSize({ width: size.width, height: size.height });
  return { page, canvas: page.locator("canvas"), ...size };
}
