import type { Statement as Stmt } from "../../db/batch";
import { asInserted, objectDataWith } from "../../db/event-objects";
import { changedOne, eventStatement } from "../../db/events";
import {
  insertPaymentSource,
  insertPaymentSourceWhen,
  type NewPaymentSource,
  type PaymentSource,
  setDefaultAfterInsert,
  sourceIdByPublicId,
  sourceInserted,
} from "../../db/queries/payment-sources";
import { paymentSources } from "../../db/schema";
import { publicId } from "../../lib/random";
import type { StoredSource } from "../gateways";
import { apiPaymentSource } from "./api-shape";
import type { MethodCtx, Via } from "./context";

type SaveOpts = { makeDefault: boolean; via: Via; extra?: (sourcePublicId: string) => Stmt[] };

/**
 * Saves a tokenized method (S41: token, brand, last 4 and expiry only) and records
 * `payment_source.created`. It becomes the default when asked, or when the customer
 * has no usable default yet. `extra` statements join the same atomic batch; they
 * get the new method's public id.
 */
export async function saveSource(x: MethodCtx, stored: StoredSource, opts: SaveOpts): Promise<PaymentSource> {
  return (await saveBatch(x, stored, opts, null))!;
}

/**
 * Like saveSource, but only if `claim` (a conditional write, run first in the same
 * atomic batch) changes one row: everything after it is conditional on the method
 * being inserted, so a caller that lost the claim saves nothing, records nothing,
 * moves no default, and gets null.
 */
export function saveSourceIfClaimed(x: MethodCtx, stored: StoredSource, opts: SaveOpts & { claim: Stmt }): Promise<PaymentSource | null> {
  return saveBatch(x, stored, opts, opts.claim);
}

async function saveBatch(x: MethodCtx, stored: StoredSource, opts: SaveOpts, claim: Stmt | null): Promise<PaymentSource | null> {
  const { scope, my, now } = x;
  const pid = publicId();
  const row: NewPaymentSource = {
    publicId: pid,
    customerId: my.customerId,
    type: stored.type,
    gateway: stored.gateway,
    gatewayToken: stored.gatewayToken,
    brand: stored.brand,
    last4: stored.last4,
    expMonth: stored.expMonth,
    expYear: stored.expYear,
    bankName: stored.bankName,
    createdAt: now,
  };
  // The event names the new row's API id through a subquery, so it joins the same atomic batch.
  const newId = sourceIdByPublicId(scope, pid);
  // the method as the API will show it (never its token, S41); the id comes from the insert
  const data = objectDataWith(apiPaymentSource(asInserted(paymentSources, { ...row, id: 0 })), { id: newId }, undefined, { via: opts.via });
  const rest = [
    setDefaultAfterInsert(scope, my.customerId, pid, opts.makeDefault, now),
    eventStatement(scope, { type: "payment_source.created", customerId: my.customerId, objectType: stored.type, objectId: newId, data }, x.who, now, {
      when: claim ? sourceInserted(scope, pid) : undefined,
    }),
    ...(opts.extra?.(pid) ?? []),
  ] as const;
  if (!claim) {
    const results = await scope.batch([insertPaymentSource(scope, row), ...rest]);
    return (results[0] as PaymentSource[])[0]!;
  }
  // The insert must directly follow the claim: `changes()` is the claim's count.
  const results = await scope.batch([claim, insertPaymentSourceWhen(scope, row, changedOne), ...rest]);
  return (results[1] as PaymentSource[])[0] ?? null;
}
