import { always, eventInsertWhen } from "../../db/queries/conditional-events";
import {
  insertPaymentSource,
  type PaymentSource,
  setDefaultAfterInsert,
  sourceIdByPublicId,
} from "../../db/queries/payment-sources";
import { publicId } from "../../lib/random";
import type { StoredSource } from "../gateways";
import type { MethodCtx, Via } from "./context";

type Stmt = Parameters<MethodCtx["scope"]["batch"]>[0][number];

/**
 * Saves a tokenized method (S41: token, brand, last 4 and expiry only) and records
 * `payment_source.created`. It becomes the default when asked, or when the customer
 * has no usable default yet. `extra` statements (a setup marked completed) join the
 * same atomic batch; they get the new method's public id.
 */
export async function saveSource(
  x: MethodCtx,
  stored: StoredSource,
  opts: { makeDefault: boolean; via: Via; extra?: (sourcePublicId: string) => Stmt[] },
): Promise<PaymentSource> {
  const { scope, my, now } = x;
  const pid = publicId();
  const insert = insertPaymentSource(scope, {
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
  });
  // The event names the new row's API id through a subquery, so it joins the same atomic batch.
  const newId = sourceIdByPublicId(scope, pid);
  const data = { object: stored.type, brand: stored.brand, bank_name: stored.bankName, last4: stored.last4, via: opts.via };
  const results = await scope.batch([
    insert,
    setDefaultAfterInsert(scope, my.customerId, pid, opts.makeDefault, now),
    eventInsertWhen(
      scope,
      { type: "payment_source.created", customerId: my.customerId, objectType: stored.type, objectId: newId, data },
      x.who,
      now,
      always,
    ),
    ...(opts.extra?.(pid) ?? []),
  ]);
  return (results[0] as PaymentSource[])[0]!;
}
