import { formatDate, isoDate } from "../../presentation/format";

/** A date (unix seconds) as readable text with a machine-readable datetime; "—" for none. */
export function DateText(p: { ts: number | null | undefined; empty?: string }) {
  if (p.ts === null || p.ts === undefined) return <span class="muted">{p.empty ?? "None"}</span>;
  return <time datetime={isoDate(p.ts)}>{formatDate(p.ts)}</time>;
}
