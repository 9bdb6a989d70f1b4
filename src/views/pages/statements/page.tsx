import { formatDate } from "../../../presentation/format";
import { type StatementInput, statementQuery } from "../../../services/statements/query";
import { type BalanceForwardSection, currentMonth, type Month, monthLabel, monthOf, type OpenItemSection } from "../../../services/statements/statement";
import { Layout } from "../../layout";
import { BalanceForward, OpenItem } from "./sections";

export type StatementContent =
  | { type: "balance_forward"; month: Month; sections: BalanceForwardSection[] }
  | { type: "open_item"; sections: OpenItemSection[] };

export type StatementsPageProps = {
  now: number;
  input: StatementInput;
  errors?: Partial<Record<keyof StatementInput, string>>;
  content?: StatementContent;
};

/** Statements (issue 4.6): choose the kind and the month; the statement and its PDF. */
export function StatementsPage(p: StatementsPageProps) {
  const errors = p.errors ?? {};
  const c = p.content;
  return (
    <Layout title="Statements" active="statements">
      <h1>Statements</h1>
      {/* the lists' one filter style (issue 17.7): the choice behind "Filter", open while it is wrong */}
      <details class="filter-panel" open={Object.keys(errors).length > 0 || undefined}>
        <summary>Filter{c ? `: ${c.type === "balance_forward" ? `balance forward, ${monthLabel(c.month)}` : "open items"}` : ""}</summary>
        <form method="get" action="/statements" class="statement-form list-filters" aria-label="Choose a statement">
          {Object.keys(errors).length > 0 && (
            <div class="error-summary" role="alert" aria-labelledby="statement-errors-title" tabindex={-1} autofocus>
              <h2 id="statement-errors-title">Check the statement you asked for</h2>
              <ul>
                {errors.type && (
                  <li>
                    <a href="#s-type-balance_forward">{errors.type}</a>
                  </li>
                )}
                {errors.month && (
                  <li>
                    <a href="#s-month">{errors.month}</a>
                  </li>
                )}
              </ul>
            </div>
          )}
          <fieldset aria-describedby={errors.type ? "s-type-error" : undefined}>
            <legend>Kind of statement</legend>
            {errors.type && (
              <span class="field-error" id="s-type-error">
                {errors.type}
              </span>
            )}
            <label class="check" for="s-type-balance_forward">
              <input type="radio" id="s-type-balance_forward" name="type" value="balance_forward" checked={p.input.type !== "open_item"} />
              Balance forward: a month's invoices and payments with a running balance
            </label>
            <label class="check" for="s-type-open_item">
              <input type="radio" id="s-type-open_item" name="type" value="open_item" checked={p.input.type === "open_item"} />
              Open item: the invoices still open today, by age
            </label>
          </fieldset>
          <div class="field">
            <label for="s-month">Month (balance forward)</label>
            <span class="hint" id="s-month-hint">
              Year and month, for example {currentMonth(p.now).key}
            </span>
            <input
              type="month"
              id="s-month"
              name="month"
              value={p.input.month}
              aria-invalid={errors.month ? "true" : undefined}
              aria-describedby={errors.month ? "s-month-hint s-month-error" : "s-month-hint"}
            />
            {errors.month && (
              <span class="field-error" id="s-month-error">
                {errors.month}
              </span>
            )}
          </div>
          <div class="actions">
            <button type="submit">Show statement</button>
          </div>
        </form>
      </details>
      {c && <Statement content={c} now={p.now} />}
    </Layout>
  );
}

function Statement(p: { content: StatementContent; now: number }) {
  const c = p.content;
  const query = c.type === "balance_forward" ? statementQuery(c.type, c.month) : statementQuery(c.type);
  const title = c.type === "balance_forward" ? `Balance forward statement, ${monthLabel(c.month)}` : `Open item statement as of ${formatDate(p.now)}`;
  return (
    <section aria-labelledby="statement-title" class="statement">
      <h2 id="statement-title">{title}</h2>
      <p class="actions">
        <a href={`/statements/pdf${query}`} hx-boost="false">
          Download this statement as PDF
        </a>
        {c.type === "balance_forward" && <MonthNav month={c.month} now={p.now} />}
      </p>
      {c.type === "balance_forward" ? <BalanceForward sections={c.sections} month={c.month} /> : <OpenItem sections={c.sections} />}
    </section>
  );
}

function MonthNav(p: { month: Month; now: number }) {
  const prev = p.month.month === 1 ? monthOf(p.month.year - 1, 12) : monthOf(p.month.year, p.month.month - 1);
  const next = p.month.month === 12 ? monthOf(p.month.year + 1, 1) : monthOf(p.month.year, p.month.month + 1);
  return (
    <>
      {prev.year >= 1970 && <a href={`/statements${statementQuery("balance_forward", prev)}`}>Previous month ({monthLabel(prev)})</a>}
      {next.start <= currentMonth(p.now).start && <a href={`/statements${statementQuery("balance_forward", next)}`}>Next month ({monthLabel(next)})</a>}
    </>
  );
}
