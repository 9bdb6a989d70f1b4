import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACCENT_BACKGROUNDS, accessibleAccent, contrastRatio, contrastWithWhite, DEFAULT_ACCENT, parseHex } from "../../src/services/theme";
import { PortalClient } from "../helpers/portal";
import { makeTenant } from "../helpers/tenants";

const contrastOf = (hex: string) => contrastWithWhite(parseHex(hex)!);
const accentIn = (css: string) => /--accent:(#[0-9a-f]{6});/.exec(css)?.[1];

describe("tenant theme", () => {
  it("keeps a highlight colour that already reaches 4.5:1 against white", () => {
    expect(accessibleAccent("#1d4ed8")).toBe("#1d4ed8");
    expect(accessibleAccent("#000")).toBe("#000000");
  });

  it("darkens a light highlight colour until it reaches 4.5:1, keeping its hue", () => {
    const yellow = accessibleAccent("#ffeb3b");
    expect(contrastOf("#ffeb3b")).toBeLessThan(4.5);
    expect(contrastOf(yellow)).toBeGreaterThanOrEqual(4.5);
    const [r, g, b] = parseHex(yellow)!;
    expect(r).toBeGreaterThan(b); // still a yellow-brown, not grey
    expect(g).toBeGreaterThan(b);
  });

  // issue 17 point 8: #ffd700 gave 4.6:1 on white but 4.4:1 on the grey panels
  it.each(["#ffd700", "#a3e635", "#e0e7ff", "#ffeb3b", "#fde68a", "#ffffff", "#22d3ee", "#f472b6", "#1d4ed8", "#000000", "#1e3a8a", "#7f1d1d", "#064e3b"])(
    "the accent from %s reaches 4.5:1 against white and every grey panel it is drawn on",
    (color) => {
      const accent = parseHex(accessibleAccent(color))!;
      for (const bg of ACCENT_BACKGROUNDS) expect(contrastRatio(accent, parseHex(bg)!), `${color} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    },
  );

  it("the panel list holds the stylesheet's --surface", () => {
    expect(ACCENT_BACKGROUNDS).toContain("#f9fafb");
    expect(contrastRatio(parseHex("#ffd700")!, parseHex("#f9fafb")!)).toBeLessThan(4.5);
  });

  it("any colour a merchant picks gives an accent with at least 4.5:1 against white", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const hex = `#${n.toString(16).padStart(6, "0")}`;
        expect(contrastOf(accessibleAccent(hex))).toBeGreaterThanOrEqual(4.5);
      }),
      { numRuns: 500 },
    );
  });

  it("GET /theme.css serves the tenant's accent as CSS with a short public cache", async () => {
    const t = await makeTenant({ highlightColor: "#ff9900" });
    const res = await new PortalClient(t.origin).get("/theme.css");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/css/);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=300");
    const accent = accentIn(res.html);
    expect(accent).toBe(accessibleAccent("#ff9900"));
    expect(contrastOf(accent!)).toBeGreaterThanOrEqual(4.5);
  });

  it("pages link the theme stylesheet and carry no inline style", async () => {
    const t = await makeTenant({ highlightColor: "#ff9900" });
    const res = await new PortalClient(t.origin).get("/accessibility");
    expect(res.html).toContain('<link rel="stylesheet" href="/theme.css"/>');
    expect(res.html).not.toMatch(/\sstyle=/);
    expect(res.html).not.toContain("#ff9900");
  });

  it("an unset or invalid colour falls back to the default accent", () => {
    expect(accessibleAccent(null)).toBe(DEFAULT_ACCENT);
    expect(accessibleAccent("blue")).toBe(DEFAULT_ACCENT);
  });
});
