import type { PDFFont, PDFName, PDFOperator, PDFPage } from "pdf-lib";
import type { PdfLogo } from "./logo";
import { bytesFromHex, literalFromBytes, sanitize, truncate, wrapWords } from "./text";

/**
 * A small page-layout helper over pdf-lib: US Letter pages, a cursor that moves down,
 * text in two weights of Helvetica (a standard font: no font file, works on Workers),
 * table rows with left/right aligned cells, rules, and automatic page breaks.
 *
 * CPU matters (Workers' free plan: 10 ms per request): content streams are written
 * uncompressed (a one-page invoice is a few KB; deflate would cost more CPU than it
 * saves), no object streams, and pdf-lib itself is loaded on first use, not at startup.
 */

export type Align = "left" | "right";
/** `link`: the cell's text is a link to this URL in PDF readers (the "Pay online" address). */
export type Cell = { text: string; width: number; align?: Align; bold?: boolean; link?: string };

const PAGE = { width: 612, height: 792, margin: 48 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;

type PdfLib = typeof import("pdf-lib");
let lib: Promise<PdfLib> | undefined;
// per isolate: a font's character set is the same for every document (fonts' metrics
// are cached per isolate by pdf-lib's standard-fonts module itself)
const charsets = new Map<string, Set<number>>();

/**
 * pdf-lib, loaded once per isolate on the first PDF: an HTML page never pays for
 * parsing and running it (test/budgets/cold-start.test.ts fails on a static import).
 */
export function loadPdfLib(): Promise<PdfLib> {
  lib ??= import("pdf-lib");
  return lib;
}

/** The character set of a standard font, built once per isolate. */
function charsetOf(font: PDFFont): Set<number> {
  let set = charsets.get(font.name);
  if (!set) charsets.set(font.name, (set = new Set(font.getCharacterSet())));
  return set;
}

export type PdfMeta = { title: string; author: string; subject?: string };

export async function createPdf(meta: PdfMeta) {
  const pdf = await loadPdfLib();
  const doc = await pdf.PDFDocument.create({ updateMetadata: false });
  doc.setTitle(sanitizeMeta(meta.title));
  doc.setAuthor(sanitizeMeta(meta.author));
  if (meta.subject) doc.setSubject(sanitizeMeta(meta.subject));
  doc.setProducer("Billing portal");
  const regular = await doc.embedFont(pdf.StandardFonts.Helvetica);
  const bold = await doc.embedFont(pdf.StandardFonts.HelveticaBold);

  let page: PDFPage;
  let ops: PDFOperator[] = [];
  // PDFName objects, not their text: pdf-lib would escape the "/" of "/F1" a second time
  let names: { regular: PDFName; bold: PDFName };
  let y = 0;
  let pageNo = 0;

  const clean = (text: string, font: PDFFont) => sanitize(text, charsetOf(font));
  const widthOf = (text: string, size: number, isBold = false) => {
    const font = isBold ? bold : regular;
    return font.widthOfTextAtSize(clean(text, font), size);
  };

  /** Writes the finished page's operators as one uncompressed content stream. */
  function flushPage() {
    if (!ops.length) return;
    const stream = pdf.PDFContentStream.of(doc.context.obj({}), ops, false);
    page.node.addContentStream(doc.context.register(stream));
    ops = [];
  }

  function newPage() {
    flushPage();
    page = doc.addPage([PAGE.width, PAGE.height]);
    names = {
      regular: page.node.newFontDictionary(regular.name, regular.ref),
      bold: page.node.newFontDictionary(bold.name, bold.ref),
    };
    y = PAGE.height - PAGE.margin;
    pageNo++;
  }

  /** Draws one string at (x, y) baseline. */
  function drawAt(text: string, x: number, atY: number, size: number, isBold: boolean) {
    const font = isBold ? bold : regular;
    const bytes = bytesFromHex(font.encodeText(clean(text, font)).toString());
    ops.push(
      pdf.beginText(),
      pdf.setFontAndSize(isBold ? names.bold : names.regular, size),
      pdf.moveText(round(x), round(atY)),
      pdf.showText(pdf.PDFString.of(literalFromBytes(bytes)) as never),
      pdf.endText(),
    );
  }

  /**
   * A URI link annotation over a rectangle of the current page (lower-left corner, width,
   * height). The URL is written as a literal string without escapes, so characters that
   * would need one (parentheses, backslash, non-ASCII) are dropped; ours are plain.
   */
  function linkOver(url: string, x: number, atY: number, width: number, height: number) {
    const annot = doc.context.register(
      doc.context.obj({
        Type: "Annot",
        Subtype: "Link",
        Rect: [round(x), round(atY), round(x + width), round(atY + height)],
        Border: [0, 0, 0],
        A: { Type: "Action", S: "URI", URI: pdf.PDFString.of(url.replace(/[^\x20-\x7e]|[()\\]/g, "")) },
      }),
    );
    page.node.addAnnot(annot);
  }

  /** Makes room for `height` points, starting a new page when the cursor would pass the margin. */
  function ensure(height: number) {
    if (y - height < PAGE.margin) newPage();
  }

  newPage();

  return {
    widthOf,
    get y() {
      return y;
    },
    get pageNumber() {
      return pageNo;
    },
    /** A line of text at the left margin (or right-aligned), then moves down. */
    text(text: string, opts: { size?: number; bold?: boolean; align?: Align; gap?: number } = {}) {
      const size = opts.size ?? 10;
      ensure(size * 1.4);
      y -= size;
      const x = opts.align === "right" ? PAGE.width - PAGE.margin - widthOf(text, size, opts.bold) : PAGE.margin;
      drawAt(text, x, y, size, !!opts.bold);
      y -= size * 0.4 + (opts.gap ?? 0);
    },
    /** Several lines of a block (an address), skipping empty ones. */
    lines(lines: (string | null | undefined)[], opts: { size?: number; bold?: boolean } = {}) {
      for (const l of lines) if (l) this.text(l, opts);
    },
    /** Running text (notes, terms) wrapped to the content width; long texts stop at `maxLines`. */
    paragraph(text: string, opts: { size?: number; maxLines?: number } = {}) {
      const size = opts.size ?? 9;
      const lines = wrapWords(text, (s) => widthOf(s, size) <= CONTENT_WIDTH);
      for (const l of lines.slice(0, opts.maxLines ?? 60)) this.text(l, { size });
    },
    /** A table row: cells laid out left to right with the given widths; text that is too long is cut. */
    row(cells: Cell[], opts: { size?: number } = {}) {
      const size = opts.size ?? 9;
      ensure(size * 1.6);
      y -= size;
      let x = PAGE.margin;
      for (const c of cells) {
        const fits = (s: string) => widthOf(s, size, c.bold) <= c.width - 4;
        const text = truncate(c.text, fits);
        const tx = c.align === "right" ? x + c.width - widthOf(text, size, c.bold) : x;
        if (text) drawAt(text, tx, y, size, !!c.bold);
        if (text && c.link) linkOver(c.link, tx, y - size * 0.25, widthOf(text, size, c.bold), size * 1.2);
        x += c.width;
      }
      y -= size * 0.6;
    },
    /** A thin horizontal rule across the content width. */
    rule(gapAfter = 4) {
      ensure(6);
      y -= 2;
      ops.push(
        pdf.setLineWidth(0.5),
        pdf.setStrokingGrayscaleColor(0.6),
        pdf.moveTo(PAGE.margin, round(y)),
        pdf.lineTo(PAGE.width - PAGE.margin, round(y)),
        pdf.stroke(),
      );
      y -= gapAfter;
    },
    /**
     * The merchant's logo at the left margin, at most `maxWidth` × `maxHeight` points and
     * never enlarged. The image objects were written once per isolate (./logo.ts); this
     * document gets copies of them (the bytes are shared, not re-encoded).
     */
    logo(logo: PdfLogo, maxWidth: number, maxHeight: number) {
      const ctx = doc.context;
      const image = pdf.PDFRawStream.of(logo.image.dict.clone(ctx), logo.image.contents);
      if (logo.mask) image.dict.set(pdf.PDFName.of("SMask"), ctx.register(pdf.PDFRawStream.of(logo.mask.dict.clone(ctx), logo.mask.contents)));
      const name = page.node.newXObject("Logo", ctx.register(image));
      const scale = Math.min(maxWidth / logo.width, maxHeight / logo.height, 1);
      const width = round(logo.width * scale);
      const height = round(logo.height * scale);
      ensure(height);
      y -= height;
      const none = pdf.degrees(0);
      ops.push(...pdf.drawImage(name, { x: PAGE.margin, y: round(y), width, height, rotate: none, xSkew: none, ySkew: none }));
    },
    space(points: number) {
      y -= points;
    },
    /** Serialises the document: bytes that start with %PDF. */
    async save(): Promise<Uint8Array> {
      flushPage();
      return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
    },
  };
}

export type Pdf = Awaited<ReturnType<typeof createPdf>>;

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Document info strings are UTF-16 in pdf-lib, so anything goes; only control characters are dropped. */
function sanitizeMeta(s: string): string {
  return s.replace(/[\u0000-\u001f]/g, " ").slice(0, 200);
}
