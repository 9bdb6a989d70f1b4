import type { Child } from "hono/jsx";

/**
 * A labelled input with its hint and error tied to it (aria-describedby), so a
 * screen reader announces the problem with the field. Used by the billing,
 * contact and payment-method forms.
 */
export type FieldProps = {
  id: string;
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  type?: "text" | "email" | "tel";
  autocomplete?: string;
  required?: boolean;
  inputmode?: "numeric" | "text" | "tel" | "email";
  maxlength?: number;
  /** shown and sent but not editable (a sign-up's fixed email) */
  readonly?: boolean;
};

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export function FieldMessages(p: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {p.hint && (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      )}
      {p.error && (
        // The stylesheet writes "Error: " before the message (visible, so not colour alone).
        <p class="field-error" id={`${p.id}-error`}>
          {p.error}
        </p>
      )}
    </>
  );
}

export function TextField(p: FieldProps) {
  return (
    <div class={p.error ? "field has-error" : "field"}>
      <label for={p.id}>
        {p.label}
        {!p.required && <span class="optional"> (optional)</span>}
      </label>
      <FieldMessages id={p.id} hint={p.hint} error={p.error} />
      <input
        id={p.id}
        name={p.name}
        type={p.type ?? "text"}
        value={p.value ?? ""}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        required={p.required}
        maxlength={p.maxlength}
        readonly={p.readonly}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
      />
    </div>
  );
}

export function SelectField(p: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  error?: string;
  required?: boolean;
  autocomplete?: string;
  /** extra attributes, e.g. htmx's */
  attrs?: Record<string, string>;
}) {
  return (
    <div class={p.error ? "field has-error" : "field"}>
      <label for={p.id}>
        {p.label}
        {!p.required && <span class="optional"> (optional)</span>}
      </label>
      <FieldMessages id={p.id} error={p.error} />
      <select
        id={p.id}
        name={p.name}
        autocomplete={p.autocomplete}
        required={p.required}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy(p.id, undefined, p.error)}
        {...(p.attrs ?? {})}
      >
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Checkbox(p: { id: string; name: string; label: string; checked: boolean; hint?: string }) {
  return (
    <div class="field checkbox">
      <input id={p.id} name={p.name} type="checkbox" value="1" checked={p.checked} aria-describedby={p.hint ? `${p.id}-hint` : undefined} />
      <label for={p.id}>{p.label}</label>
      <FieldMessages id={p.id} hint={p.hint} />
    </div>
  );
}

/** A summary at the top of a form that failed, linking to each field (WCAG 3.3.1). */
export function ErrorSummary(p: { errors: Record<string, string>; idPrefix: string; labels: Record<string, string> }) {
  const entries = Object.entries(p.errors);
  if (!entries.length) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} autofocus>
      <h2>Please correct {entries.length === 1 ? "this" : `these ${entries.length}`}:</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${p.idPrefix}${field}`}>
              {p.labels[field] ? `${p.labels[field]}: ` : ""}
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Notice(p: { children?: Child }) {
  return (
    <p class="notice" role="status">
      {p.children}
    </p>
  );
}
