import type { Child } from "hono/jsx";

/**
 * The lists' one filter style (issue 17.7): invoices, estimates, payments and
 * statements all put their filters in a GET form (works without JavaScript, the URL
 * can be bookmarked) behind a "Filter" `<details>` that stays open while a filter is
 * set or wrong. Errors are listed on top, linked to their fields, and next to each
 * field (aria-describedby); what was typed is kept.
 */

export type FilterOption = { value: string; label: string };

export function FilterPanel(p: {
  action: string;
  /** accessible name of the form, e.g. "Filter payments" */
  label: string;
  /** a filter differs from the unfiltered list */
  active: boolean;
  errors?: { id: string; label: string; message: string }[];
  submitLabel: string;
  children: Child;
}) {
  const errors = p.errors ?? [];
  return (
    <details class="filter-panel" open={p.active || errors.length > 0 || undefined}>
      <summary>Filter{p.active ? " (filters set)" : ""}</summary>
      <form method="get" action={p.action} class="list-filters" aria-label={p.label}>
        {errors.length > 0 && (
          <div class="error-summary" role="alert" aria-labelledby="filter-errors-title" tabindex={-1} autofocus>
            <h2 id="filter-errors-title">Check the filters</h2>
            <ul>
              {errors.map((e) => (
                <li>
                  <a href={`#${e.id}`}>
                    {e.label}: {e.message}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div class="filter-grid">{p.children}</div>
        <div class="actions">
          <button type="submit">{p.submitLabel}</button>
          <a href={p.action}>Clear filters</a>
        </div>
      </form>
    </details>
  );
}

export function ErrorText(p: { id: string; error?: string }) {
  if (!p.error) return null;
  return (
    <span class="field-error" id={`${p.id}-error`}>
      {p.error}
    </span>
  );
}

export function DateField(p: { id: string; name: string; label: string; hint: string; value: string; error?: string }) {
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      <span class="hint" id={`${p.id}-hint`}>
        {p.hint}
      </span>
      <input
        id={p.id}
        name={p.name}
        type="date"
        value={p.value}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={p.error ? `${p.id}-hint ${p.id}-error` : `${p.id}-hint`}
      />
      <ErrorText id={p.id} error={p.error} />
    </div>
  );
}

export function Select(p: { id: string; name: string; label: string; value: string; options: FilterOption[]; error?: string }) {
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      <select id={p.id} name={p.name} aria-invalid={p.error ? "true" : undefined} aria-describedby={p.error ? `${p.id}-error` : undefined}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorText id={p.id} error={p.error} />
    </div>
  );
}

export function SearchField(p: { id: string; name: string; label: string; hint: string; value: string; error?: string }) {
  return (
    <div class="field">
      <label for={p.id}>{p.label}</label>
      <span class="hint" id={`${p.id}-hint`}>
        {p.hint}
      </span>
      <input
        id={p.id}
        name={p.name}
        type="search"
        value={p.value}
        maxlength={100}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={p.error ? `${p.id}-hint ${p.id}-error` : `${p.id}-hint`}
      />
      <ErrorText id={p.id} error={p.error} />
    </div>
  );
}
