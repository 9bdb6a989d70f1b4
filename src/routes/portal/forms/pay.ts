import { isPublicId } from "../../../lib/public-id";
import * as z from "../../../lib/zod";
import type { PayForm } from "../../../services/pay/input";

/**
 * The pay form as posted (and as re-shown with its errors). Every value is a string
 * as typed; anything that is not (a file, an odd repeat) reads as "". Card fields
 * are read here but never put back into a page (the number and CVC are re-typed).
 *
 * Why not parseForm (parse-form.ts): parseForm reads each field its schema names as
 * one string and answers 422 with per-field errors. The pay form fits neither half.
 * `invoice` is a repeated field (one per ticked invoice), and the `amount_<id>` names
 * exist only for the ids posted in it, so a fixed shape cannot name them. The same
 * reader also reads GET query strings (the first visit and the htmx running total),
 * which must never answer 422. And its errors (an amount over the balance, a closed
 * invoice) need the invoices from D1, so buildPlan in services/pay reports them, not
 * a schema. A zod record over the raw body would only move the lenient reading below
 * into a schema that accepts everything, so this stays a reader that cannot fail.
 */

type Body = Record<string, string | File | (string | File)[]>;

const one = (v: Body[string] | undefined, max = 200): string => {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === "string" ? s.slice(0, max) : "";
};

const many = (v: Body[string] | undefined): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");

/** Reads a parsed body (`parseBody({ all: true })`) or a query (`c.req.queries()`). */
export function readPayForm(body: Body): PayForm {
  const invoices = many(body.invoice).filter(isPublicId).slice(0, 100);
  const amounts: Record<string, string> = {};
  for (const id of invoices) {
    const v = body[`amount_${id}`];
    if (v !== undefined) amounts[id] = one(v, 40);
  }
  const estimate = one(body.estimate, 40);
  return {
    selection: {
      invoices,
      amounts,
      advance: one(body.advance_amount, 40),
      estimate: isPublicId(estimate) ? estimate : null,
    },
    method: one(body.method, 60),
    card: { number: one(body.card_number, 40), expiry: one(body.card_expiry, 20), cvc: one(body.card_cvc, 10), name: one(body.card_name, 200) },
    bank: { routingNumber: one(body.bank_routing, 40), accountNumber: one(body.bank_account, 40), accountHolderName: one(body.bank_holder, 200) },
    saveMethod: one(body.save_method) === "1",
    autopay: one(body.autopay) === "1",
  };
}

/** The key an attempt's confirmation and result pages carry (24 letters and digits), in their URL or form. */
export const CLIENT_KEY = /^[A-Za-z0-9]{24}$/;

/** Confirming or canceling an attempt. */
export const attemptForm = z.once(() => z.object({ client_key: z.string().regex(CLIENT_KEY) }));
