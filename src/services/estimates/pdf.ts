import type { PDFFont } from "pdf-lib";
import type { Estimate, EstimateApproval, LineItem } from "../../db/queries/estimates";
import { formatDate, formatMoney, formatQuantityE4 } from "../../presentation/format";
import { statusLabel } from "../../presentation/status";
import { charsetOf, loadPdfLib } from "../pdf/document";
import { portalStatus } from "./status";

/**
 * The estimate as a one-document PDF. Kept small on purpose: when the shared
 * PDF module (src/services/pdf/) lands, this should move onto it.
 * The standard fonts only speak WinAnsi, so text outside it becomes "?"
 * instead of making pdf-lib throw on a customer's name.
 */
export async function estimatePdf(p: {
  tenantName: string;
  customerName: string;
  estimate: Estimate;
  lines: LineItem[];
  approval: EstimateApproval | null;
  now: number;
}): Promise<Uint8Array> {
  const { PDFDocument, rgb, StandardFonts } = await loadPdfLib();
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const e = p.estimate;
  const money = (n: number) => formatMoney(n, e.currency);
  doc.setTitle(`Estimate ${e.number}`);
  doc.setCreator(p.tenantName);

  let page = doc.addPage([612, 792]);
  let y = 740;
  const write = (text: string, x: number, f: PDFFont = font, size = 10, right = false) => {
    const t = winAnsi(f, text);
    page.drawText(t, { x: right ? x - f.widthOfTextAtSize(t, size) : x, y, size, font: f, color: rgb(0.1, 0.1, 0.1) });
  };
  const line = (step = 16) => {
    y -= step;
    if (y < 60) {
      page = doc.addPage([612, 792]);
      y = 740;
    }
  };

  write(p.tenantName, 50, bold, 14);
  line(26);
  write(`Estimate ${e.number}`, 50, bold, 18);
  line(24);
  if (p.customerName) {
    write(`For: ${p.customerName}`, 50);
    line();
  }
  write(`Date: ${formatDate(e.date)}`, 50);
  write(`Status: ${statusLabel(portalStatus(e, p.now))}`, 562, font, 10, true);
  line();
  write(`Expires: ${e.expirationDate === null ? "No expiration" : formatDate(e.expirationDate)}`, 50);
  line(28);

  write("Item", 50, bold);
  write("Quantity", 370, bold, 10, true);
  write("Unit price", 460, bold, 10, true);
  write("Amount", 562, bold, 10, true);
  line();
  for (const l of p.lines) {
    write(l.name.slice(0, 60), 50);
    write(formatQuantityE4(l.quantityE4), 370, font, 10, true);
    write(money(l.unitCost), 460, font, 10, true);
    write(money(l.amount), 562, font, 10, true);
    line();
  }
  line(8);
  const total = (label: string, amount: number, f = font) => {
    write(label, 460, f, 10, true);
    write(money(amount), 562, f, 10, true);
    line();
  };
  total("Subtotal", e.subtotal);
  for (const d of e.discounts) total(`Discount: ${d.name}`, -d.amount);
  for (const t of e.taxes) total(`Tax: ${t.name}`, t.amount);
  total("Total", e.total, bold);
  if (e.deposit > 0) total(e.depositPaid ? "Deposit (paid)" : "Deposit due on approval", e.deposit);

  if (e.terms) {
    line(12);
    write("Terms", 50, bold);
    line();
    for (const chunk of wrap(e.terms, 95)) {
      write(chunk, 50);
      line(14);
    }
  }
  if (p.approval) {
    line(12);
    write(`Approved by ${p.approval.initials} on ${formatDate(p.approval.createdAt)}`, 50, bold);
    line();
    write(`Fingerprint (SHA-256): ${p.approval.documentHash}`, 50, font, 8);
  }
  return doc.save();
}

/** Replaces characters the standard font cannot encode. */
function winAnsi(font: PDFFont, text: string): string {
  const supported = charsetOf(font);
  let out = "";
  for (const ch of text.replace(/[\r\n\t]+/g, " ")) out += supported.has(ch.codePointAt(0)!) ? ch : "?";
  return out;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    let cur = "";
    for (const word of para.split(/\s+/)) {
      if ((cur + " " + word).trim().length > width && cur) {
        out.push(cur);
        cur = word;
      } else cur = (cur + " " + word).trim();
    }
    out.push(cur);
  }
  return out.slice(0, 40);
}
