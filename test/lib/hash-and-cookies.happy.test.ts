import { describe, expect, it } from "vitest";
import { readHostCookie, SESSION_COOKIE } from "../../src/lib/cookies";
import { sha256Hex } from "../../src/lib/crypto";

// sha256Hex moved from WebCrypto to @noble/hashes, and readHostCookie keeps the last
// header it parsed (issue 18): both must answer exactly as before.
describe("sha256Hex", () => {
  it("gives the FIPS 180-2 digests, for strings and bytes alike", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await sha256Hex(new TextEncoder().encode("abc"))).toBe(await sha256Hex("abc"));
    const web = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode("é".repeat(100))));
    expect(await sha256Hex("é".repeat(100))).toBe([...web].map((b) => b.toString(16).padStart(2, "0")).join(""));
  });
});

describe("readHostCookie on alternating headers (the parse it keeps is the last header's only)", () => {
  const value = "a".repeat(32);
  it("answers each header by its own pairs", () => {
    const good = `${SESSION_COOKIE}=${value}; other=1`;
    const planted = `${SESSION_COOKIE}=${value}; bp_session=${"b".repeat(32)}`;
    for (let i = 0; i < 3; i++) {
      expect(readHostCookie(good, SESSION_COOKIE)).toBe(value);
      expect(readHostCookie(planted, SESSION_COOKIE)).toBeNull();
      expect(readHostCookie(`${good}; ${SESSION_COOKIE}=${value}`, SESSION_COOKIE)).toBeNull();
    }
  });
});
