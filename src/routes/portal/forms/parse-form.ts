import type * as z from "../../../lib/zod";
import type { FieldErrors } from "../../../views/components/field-errors";

/** A form as typed (every field the schema names, as a string) and what came of it. */
export type ParsedForm<S extends z.ZodObject> = { form: FormValues<S> } & ({ ok: true; value: z.output<S> } | { ok: false; errors: FieldErrors });

type FormValues<S extends z.ZodObject> = Record<keyof S["shape"] & string, string>;

/**
 * The one way a portal form is read: the fields the schema names, each as the
 * string the customer typed (a file or a repeated field reads as "", so validation
 * reports it instead of the handler throwing; fields the schema does not name are
 * ignored), validated by the schema. On failure, the first message of each field,
 * for the page to show beside it (422) with what was typed kept in `form`.
 *
 * @example
 *   const parsed = parseForm(contactSchema, await c.req.parseBody());
 *   if (!parsed.ok) return renderPage(c, Page, { form: parsed.form, errors: parsed.errors }, 422);
 */
export function parseForm<S extends z.ZodObject>(schema: S, body: Record<string, unknown>): ParsedForm<S> {
  const form = {} as Record<string, string>;
  for (const name of Object.keys(schema.shape)) {
    const v = body[name];
    form[name] = typeof v === "string" ? v : "";
  }
  const r = schema.safeParse(form);
  if (r.success) return { form: form as FormValues<S>, ok: true, value: r.data };
  const errors: FieldErrors = {};
  for (const issue of r.error.issues) {
    const key = String(issue.path[0] ?? "_form");
    if (!(key in errors)) errors[key] = issue.message;
  }
  return { form: form as FormValues<S>, ok: false, errors };
}
