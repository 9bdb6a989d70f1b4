/**
 * The part of zod this project uses, as one module to `import * as z from` (issue 18:
 * light cold start). `import { z } from "zod"` is zod's whole namespace object, so the
 * bundle kept and every isolate parsed all of it at startup, every locale included
 * (about 270 KB of the 1.2 MB an HTML page loads). Re-exported by name, the rest is
 * tree-shaken away (zod marks its modules free of side effects; English messages are
 * registered by zod's own schemas on first use). Add a name here when code needs it.
 */

export type { core, infer, output } from "zod";
export {
  array,
  boolean,
  coerce,
  email,
  enum,
  int,
  literal,
  looseObject,
  number,
  object,
  record,
  strictObject,
  string,
  union,
  unknown,
  ZodObject,
  ZodType,
} from "zod";

/**
 * `z.once(build)`: a schema built on its first use instead of when its module loads
 * (issue 18: light cold start). Building a zod schema costs a fraction of a millisecond
 * (every `.min()`, `.nullable()`, ... is an object of its own), and the schemas of modules
 * an HTML page reaches were built by every isolate at startup, used or not.
 */
export { once } from "./once";
