import type { PaymentSource } from "../../db/queries/payment-sources";
import type { DirectGateway, FieldError, NewSourceInput } from "../gateways";
import type { MethodCtx, Via } from "./context";
import { saveSource } from "./save-source";

/**
 * Adds a method typed into the test gateway's form (or named by an API test
 * token): the gateway validates and tokenizes it, and only what it returns for
 * storage is saved (S41). The raw input goes no further than this function.
 */
export async function addTypedSource(
  x: MethodCtx,
  gw: DirectGateway,
  input: NewSourceInput,
  opts: { makeDefault: boolean; via: Via },
): Promise<{ ok: true; source: PaymentSource } | { ok: false; errors: FieldError[] }> {
  const t = await gw.tokenize(input);
  if (!t.ok) return t;
  return { ok: true, source: await saveSource(x, t.source, opts) };
}
