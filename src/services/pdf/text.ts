/**
 * Text for the PDF standard fonts. They speak WinAnsi only: characters outside it
 * (a customer named 李) would make pdf-lib throw, so they are replaced first.
 * Strings are written as PDF literal strings with every non-printable or non-ASCII
 * byte as an octal escape: the file stays 7-bit and its ASCII text is searchable
 * (tests read amounts straight from the bytes).
 */

/** Replace what the font cannot draw; keep the rest. `supported` is the font's code point set. */
export function sanitize(text: string, supported: Set<number>): string {
  let out = "";
  for (const ch of text.replace(/[\u2000-\u200b\u202f\u205f\u3000]/g, " ")) {
    const cp = ch.codePointAt(0)!;
    out += cp === 0x0a || cp === 0x09 ? " " : supported.has(cp) ? ch : "?";
  }
  return out;
}

/** Bytes (already WinAnsi-encoded) as the inside of a PDF literal string: `Total \(USD\) \200`. */
export function literalFromBytes(bytes: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x28 || b === 0x29 || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\${b.toString(8).padStart(3, "0")}`;
  }
  return s;
}

/** "<48656C6C6F>" (what pdf-lib's encodeText gives) -> bytes. */
export function bytesFromHex(hex: string): number[] {
  const body = hex.replace(/[<>\s]/g, "");
  const out: number[] = [];
  for (let i = 0; i < body.length; i += 2) out.push(parseInt(body.slice(i, i + 2), 16));
  return out;
}

/** Shortens `text` with "..." until `fits` says yes (long names must not run into the next column). */
export function truncate(text: string, fits: (s: string) => boolean): string {
  if (fits(text)) return text;
  let s = text;
  while (s.length > 1 && !fits(`${s}...`)) s = s.slice(0, -1);
  return `${s}...`;
}

/** Greedy word wrap: lines that `fits` accepts; a word longer than a line is cut to fit. */
export function wrapWords(text: string, fits: (s: string) => boolean): string[] {
  const out: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    let line = "";
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (fits(candidate)) line = candidate;
      else {
        if (line) out.push(line);
        line = fits(word) ? word : truncate(word, fits);
      }
    }
    out.push(line);
  }
  return out;
}
