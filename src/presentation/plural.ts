/**
 * Counted nouns ("1 invoice", "2 invoices", "1 day") in one place (issue 17.7), chosen by
 * Intl.PluralRules rather than `n === 1` by hand, so that a second language only needs
 * its forms here. The portal speaks US English; numbers are grouped as money is.
 */
import { remembered } from "../lib/remembered";
import { formatCount } from "./format";

const rules = new Intl.PluralRules("en-US");

// Intl's answer per count, kept: select() costs microseconds a call in workerd, and a
// list page asks it for the same few counts on every request (issue 18). Bounded.
const CATEGORIES_MAX = 1024;
const categories = new Map<number, Intl.LDMLPluralRule>();

const select = (n: number) => rules.select(n);
const category = (n: number): Intl.LDMLPluralRule => remembered(categories, n, select, CATEGORIES_MAX);

/** The form of a noun for `n`: `one` for 1, `other` (default: `one` + "s") otherwise. */
export function pluralWord(n: number, one: string, other = `${one}s`): string {
  return category(n) === "one" ? one : other;
}

/** `n` and its noun: plural(1, "invoice") is "1 invoice", plural(1200, "day") is "1,200 days". */
export function plural(n: number, one: string, other?: string): string {
  // formatCount keeps its formatter: n.toLocaleString builds one per call, which cost
  // My Account 7 % of its CPU (bench/analysis.md)
  return `${formatCount(n)} ${pluralWord(n, one, other)}`;
}
