import { env } from "cloudflare:workers";
import fc from "fast-check";

export { multipart } from "../../helpers/multipart";

// One seed for every property in the fuzz (see vitest.config.ts); a failure
// prints its seed and path, so any run can be replayed with FUZZ_SEED=<seed>.
if (env.FUZZ_SEED !== "random") fc.configureGlobal({ seed: Number(env.FUZZ_SEED) });

/**
 * fast-check arbitraries for the S29 fuzz: path segments, query strings and
 * bodies of the wrong shape, plus field names harvested from the source so that
 * random bodies name the fields handlers actually read.
 */

const sources = import.meta.glob<string>("../../../src/**/*.{ts,tsx}", { query: "?raw", import: "default", eager: true });

/** Field and parameter names the code reads: form inputs, query and body keys, zod object keys. */
const FIELD_NAMES: string[] = (() => {
  const names = new Set<string>();
  const patterns = [
    /name="([A-Za-z_][\w[\].-]{0,40})"/g,
    /\bbody\.([a-z_][\w]{0,40})/g,
    /\bbody\[["']([\w[\].-]{1,40})["']\]/g,
    /\bquery\(["']([\w[\].-]{1,40})["']\)/g,
    /^\s*([a-z_][a-z0-9_]{0,40}):\s*z\./gm,
  ];
  for (const text of Object.values(sources)) for (const re of patterns) for (const m of text.matchAll(re)) names.add(m[1]!);
  return [...names].sort();
})();

const PROTO_KEYS = ["__proto__", "constructor", "prototype", "__proto__[admin]", "constructor[prototype][admin]", "toString", "hasOwnProperty"];

/** Strings that break naive code: huge, unicode, NUL, traversal, SQL and markup. */
const NASTY_STRINGS = [
  "",
  " ",
  "0",
  "-1",
  "1.5",
  "1e309",
  "-0",
  "NaN",
  "Infinity",
  "99999999999999999999999999",
  "9007199254740993",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "../../etc/passwd",
  "..\\..\\windows",
  "a\u0000b",
  "\u0000",
  "' OR '1'='1",
  '"; DROP TABLE customers; --',
  "<script>alert(1)</script>",
  "{{7*7}}",
  "${7*7}",
  "日本語のテキスト",
  "😀👍🏽",
  "\u202Eevil",
  "\uD800",
  "ａｄｍｉｎ",
  "%00",
  "%",
  "%E0%A4%A",
  "ada@example.com",
  "usd",
  "jpy",
  "12/39",
  "4242424242424242",
  "x".repeat(5_000),
  "é".repeat(70_000),
];

/** Segments placed in the path as they are (already "encoded"), for the URL parser and router to chew on. */
const RAW_SEGMENTS = ["..", ".", "%2e%2e", "..%2F..%2Fetc", "%00", "%", "%E0%A4%A", "%2F", "a%00b", "%C0%AF", ";", "%3B", "~", "%20"];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: "grapheme" }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: "binary" }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String) },
);

/** One URL-encoded path segment: a wrong shape of id, or a raw oddity the router sees as is. */
export const junkSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: nastyString.filter((s) => s !== "").map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, "?"))) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
);

const fieldName: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...FIELD_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom(...FIELD_NAMES).map((n) => `${n}[]`) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
);

/** Query strings: named fields with nasty values, repeated keys, and raw malformed escapes. */
export const queryString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.tuple(fieldName, nastyString), { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&")) },
  { weight: 1, arbitrary: fc.constantFrom("%", "a=%E0%A4%A", "page=%00", "&&&=&", "a[b][c]=1", "__proto__[x]=1", "limit=-1&page=0", "per_page=100000000") },
);

/** encodeURIComponent that accepts lone surrogates (sent as U+FFFD). */
function enc(s: string): string {
  return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, "\uFFFD"));
}

export type FormFields = [string, string | { file: string }][];

/** A form body: known and unknown fields, repeated keys, files (multipart only), prototype keys. */
export const formFields: fc.Arbitrary<FormFields> = fc.array(
  fc.tuple(fieldName, fc.oneof({ weight: 6, arbitrary: nastyString }, { weight: 1, arbitrary: nastyString.map((file) => ({ file })) })),
  { maxLength: 10 },
);

/** JSON values of every type and of wrong depth, with known keys. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: nastyString },
    {
      weight: 2,
      arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1, 2 ** 53 + 1, 1e308, -0, 0.1 + 0.2), fc.boolean(), fc.constant(null)),
    },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
    {
      weight: 1,
      arbitrary: fc.array(fc.tuple(fieldName, tie("value")), { maxLength: 5 }).map((pairs) => Object.fromEntries(pairs)),
    },
  ),
})).value;

/** Values of the right type and the wrong size or meaning: extreme amounts, dates and codes. */
export const plausibleValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, 1, -1, 0.5, 0.001, 1.005, 99.999, 1e6, 1e9, 1e12, 1e15, 2 ** 31, 2 ** 53 - 1, 253_402_300_800, -62_135_596_800),
  fc.constantFrom(
    "usd",
    "jpy",
    "bhd",
    "eur",
    "xxx",
    "USD",
    "",
    "a",
    "paid",
    "sent",
    "draft",
    "month",
    "forever",
    "repeating",
    "invoice",
    "credit",
    "volume",
    "tiered",
  ),
  fc.constantFrom(true, false, null, [], {}),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.string({ maxLength: 300 }),
);

/** A JSON object body (own `__proto__` keys survive: Object.fromEntries defines them). */
export const jsonObject: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.tuple(fieldName, jsonValue), { maxLength: 8 })
  .map((pairs) => Object.fromEntries(pairs));

/** A request body of the wrong kind: not JSON, not an object, or sent with another type. */
export type RawBody = { type: string | null; text: string };
export const rawBody: fc.Arbitrary<RawBody> = fc.record({
  type: fc.constantFrom(
    null,
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "application/json; charset=utf-16",
    "APPLICATION/JSON",
  ),
  text: fc.oneof(
    fc.constantFrom("", "{", "null", "[]", "1", '"x"', '{"a":', "\u0000", '{"__proto__":{"admin":true}}', '{"a":1,"a":2}', "[".repeat(5_000), "{}".repeat(10)),
    fc.string({ maxLength: 200 }),
  ),
});

/** Values of the Authorization header: wrong schemes, broken base64, keys of the wrong shape. */
export const authHeader: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.constantFrom(
    "Basic",
    "Basic ",
    "Basic !!!",
    "Basic =",
    "Bearer x",
    "Basic " + btoa(":"),
    "Basic " + btoa("a".repeat(2_000) + ":"),
    "basic Og==",
    "Basic " + btoa("' OR 1=1 --:"),
  ),
  fc.string({ maxLength: 60, unit: "binary-ascii" }).map((s) => `Basic ${btoa(s)}`),
);

/** Every path to a value inside `v` (object keys and array indexes), the root excluded. */
function pathsOf(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== "object") return [];
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  return entries.flatMap(([k, x]) => [[...prefix, k], ...pathsOf(x, [...prefix, k])]);
}

/** A copy of `base` with the value at one of its paths (chosen by `pick`) replaced by `value`. */
export function mutateAt<T>(base: T, pick: number, value: unknown): T {
  const copy = structuredClone(base);
  const paths = pathsOf(copy);
  if (paths.length === 0) return copy;
  const path = paths[pick % paths.length]!;
  let node = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}
