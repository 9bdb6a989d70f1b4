/** CSPRNG helpers (S1, S32). Everything random in the portal comes from here. */

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** no 0/O, 1/I/L: a code a person reads from one screen and types on another */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** An opaque token of `bytes` random bytes (default 32 = 256 bits), base64url. */
export function randomToken(bytes = 32): string {
  return base64url(randomBytes(bytes));
}

/** Uniform characters from `alphabet` by rejection sampling (no modulo bias). */
export function randomString(length: number, alphabet = ALNUM): string {
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < limit && out.length < length) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

/** Random public id for documents in URLs: 20 alphanumerics, about 119 bits. */
export function publicId(): string {
  return randomString(20);
}

/** 8 characters of an unambiguous alphabet, about 40 bits (S7). */
export function signInCode(): string {
  return randomString(8, CODE_ALPHABET);
}

export { CODE_ALPHABET };
