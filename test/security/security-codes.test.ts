import { describe, expect, it } from "vitest";
import securityDoc from "../../docs/security.md?raw";

// The project documents its own requirement codes: every S-code that code or a test
// cites must have its line in docs/security.md, so a reader can look up what "S37" promises.
const sources = {
  ...import.meta.glob<string>("../../src/**/*.{ts,tsx}", { query: "?raw", import: "default", eager: true }),
  ...import.meta.glob<string>("../**/*.{ts,tsx,mjs}", { query: "?raw", import: "default", eager: true }),
};

const CODE = /\bS(\d{1,3})\b/g;
const documented = new Set([...securityDoc.matchAll(/^- \*\*S(\d{1,3})\*\* /gm)].map((m) => Number(m[1])));

describe("docs/security.md", () => {
  it("found the sources and the list", () => {
    expect(Object.keys(sources).some((p) => p.includes("/src/"))).toBe(true);
    expect(Object.keys(sources).some((p) => p.includes("/browser/"))).toBe(true);
    expect(documented.size).toBeGreaterThanOrEqual(44);
  });

  it("lists every S-code cited in src/ or test/", () => {
    const missing: string[] = [];
    for (const [path, text] of Object.entries(sources)) {
      for (const m of text.matchAll(CODE)) if (!documented.has(Number(m[1]))) missing.push(`S${m[1]} in ${path}`);
    }
    expect(missing).toEqual([]);
  });

  it("lists S1 to S44, each once, in order, with a test file or the reason there is none", () => {
    const lines = securityDoc.split("\n").filter((l) => /^- \*\*S\d+\*\* /.test(l));
    expect(lines.map((l) => Number(/S(\d+)/.exec(l)![1]))).toEqual(Array.from({ length: lines.length }, (_, i) => i + 1));
    expect(lines.length).toBeGreaterThanOrEqual(44);
    for (const l of lines) expect(l).toMatch(/ — (`[^`]+\.(test\.tsx?|browser\.mjs)`|no test yet: .+)/);
  });

  it("names only test files that exist", () => {
    // glob keys are relative to this folder: "./x" is test/security/x, "../auth/x" is test/auth/x
    const files = new Set(Object.keys(sources).map((p) => p.replace(/^\.\//, "security/").replace(/^\.\.\//, "")));
    const listed = securityDoc
      .split("\n")
      .filter((l) => /^- \*\*S\d+\*\* /.test(l))
      .join("\n");
    const named = [...listed.matchAll(/`([\w./-]+\.(?:test\.tsx?|browser\.mjs))`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(44);
    expect(named.filter((f) => !files.has(f))).toEqual([]);
  });
});
