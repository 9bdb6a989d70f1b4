import { rowsChanged } from "../../db/batch";
import { changedOne, eventStatement } from "../../db/events";
import { type PaymentSource, setDefaultIfLive } from "../../db/queries/payment-sources";
import type { Customer } from "../../db/queries/types";
import type { MethodCtx, Via } from "./context";
import { customerChangeData } from "./customer-object";

/**
 * Makes a live method the customer's default (what AutoPay charges) and records
 * `customer.updated` only if the default really changed. False when nothing changed.
 */
export async function makeDefault(x: MethodCtx, customer: Customer, source: PaymentSource, via: Via): Promise<boolean> {
  const { scope, my, now } = x;
  const [update] = await scope.batch([
    setDefaultIfLive(scope, my.customerId, source.id, now),
    eventStatement(
      scope,
      {
        type: "customer.updated",
        customerId: my.customerId,
        objectType: "customer",
        objectId: my.customerId,
        data: await customerChangeData(scope, customer, { defaultPaymentSourceId: source.id }, now, {
          fields: ["payment_source"],
          payment_source: source.id,
          via,
        }),
      },
      x.who,
      now,
      { when: changedOne },
    ),
  ]);
  return rowsChanged(update) === 1;
}
