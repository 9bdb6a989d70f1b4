import { invalidRequest } from "../api-error";
import type * as z from "../zod";

type Issue = z.core.$ZodIssue;

/** `items[0].unit_cost` from a zod path. */
function paramName(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function describe(issue: Issue): { param: string; message: string } {
  if (issue.code === "unrecognized_keys") {
    const param = paramName([...issue.path, issue.keys[0]!]);
    return { param, message: `Unknown field: ${param}` };
  }
  const param = paramName(issue.path);
  const name = param || "body";
  // a missing field: zod's invalid_type, or a union's own message saying the same (wire.ts decimalInput)
  if ((issue.code === "invalid_type" || issue.code === "invalid_union") && /received undefined/.test(issue.message)) {
    return { param, message: `${name} is required` };
  }
  return { param, message: `${name}: ${issue.message}` };
}

/**
 * Validates with a zod schema (strict objects: unknown fields are refused, S29) and
 * throws the API's 400 `{type: "invalid_request_error", message, param}` naming the
 * first field at fault.
 */
export function validate<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const { param, message } = describe(result.error.issues[0]!);
  throw invalidRequest(message, param || undefined);
}
