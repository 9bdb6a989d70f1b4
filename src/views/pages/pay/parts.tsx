import type { Child } from "hono/jsx";

/** An error tied to its field by id (`<id>-error`, named in the field's aria-describedby). */
export function FieldError(p: { id: string; message?: string }) {
  if (!p.message) return null;
  return (
    <p class="field-error" id={`${p.id}-error`}>
      {p.message}
    </p>
  );
}

/** aria-describedby for a field with an optional hint and error. */
export function describedBy(id: string, opts: { hint?: boolean; error?: string }): string | undefined {
  const ids = [opts.hint ? `${id}-hint` : "", opts.error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** The list of problems at the top of the form, each linking to its field (WCAG 3.3.1). */
export function ErrorList(p: { errors: Record<string, string>; target: (field: string) => string }) {
  const entries = Object.entries(p.errors);
  if (!entries.length) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="pay-errors" autofocus>
      <h2>{entries.length === 1 ? "Please correct this:" : `Please correct these ${entries.length} things:`}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${p.target(field)}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Alert(p: { kind: "error" | "ok" | "info"; children?: Child }) {
  const cls = `pay-alert ${p.kind === "error" ? "notice-error" : p.kind === "ok" ? "notice-ok" : "notice"}`;
  return (
    <div class={cls} role={p.kind === "error" ? "alert" : "status"}>
      {p.children}
    </div>
  );
}
