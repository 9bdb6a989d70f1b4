/** Counts for a log line ("renewed=3 charged=1"): numbers only, never a row (S44). */
export function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([name, n]) => `${name}=${n}`)
    .join(" ");
}
