/**
 * The tenant's highlight colour as a stylesheet. The colour cannot go in a style
 * attribute (CSP `style-src 'self'`), so the layout links `/theme.css`, and the
 * colour is darkened here until white text on it, and it as text on every light
 * background the stylesheet draws it on (white and the grey panels of filters,
 * navigation and notices), reach WCAG AA (4.5:1): a merchant may pick any colour
 * and axe still passes (issue 17: #ffd700 once gave 4.6:1 on white but 4.4:1 on
 * the grey panels).
 */

export const DEFAULT_ACCENT = "#1d4ed8";
const MIN_CONTRAST = 4.5;

/**
 * Every background the accent is drawn on, as text or as a fill under white text
 * (styles.css: #fff, --surface, and #f3f4f6 for hovered rows and panels). Keep in
 * step with the stylesheet: a new panel colour belongs here.
 */
export const ACCENT_BACKGROUNDS = ["#ffffff", "#f9fafb", "#f3f4f6"] as const;

type Rgb = [number, number, number];

/** `#rgb` or `#rrggbb` to channels 0..255; anything else is null. */
export function parseHex(color: string): Rgb | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return null;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join("") : m[1]!;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;
}

/** WCAG 2.x relative luminance. */
function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Contrast ratio of a colour against white (1 to 21). */
export function contrastWithWhite(rgb: Rgb): number {
  return 1.05 / (luminance(rgb) + 0.05);
}

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const BACKGROUNDS = ACCENT_BACKGROUNDS.map((h) => parseHex(h)!);

/** The lowest contrast of the colour against any background it is drawn on. */
function worstContrast(rgb: Rgb): number {
  return Math.min(...BACKGROUNDS.map((bg) => contrastRatio(rgb, bg)));
}

/**
 * The colour itself when it already reaches 4.5:1 against every background; otherwise the
 * same hue mixed towards black in small steps until it does. Unparseable input
 * gives the default accent.
 */
export function accessibleAccent(color: string | null | undefined): string {
  const rgb = parseHex(color ?? "") ?? parseHex(DEFAULT_ACCENT)!;
  let current: Rgb = rgb;
  for (let step = 0; step <= 100 && worstContrast(current) < MIN_CONTRAST; step++) {
    const keep = 1 - step / 100;
    current = rgb.map((v) => Math.floor(v * keep)) as Rgb;
  }
  return toHex(current);
}

/** The body of `/theme.css`: only computed hex values reach it, never merchant text. */
export function themeCss(color: string | null | undefined): string {
  const accent = accessibleAccent(color);
  return `:root{--accent:${accent};}\n`;
}
