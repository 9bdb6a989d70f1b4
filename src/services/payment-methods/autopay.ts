import { rowsChanged } from "../../db/batch";
import { changedOne, eventStatement } from "../../db/events";
import { cancelAutopay, enrollAutopayIfDefault, findCustomerPaymentSource } from "../../db/queries/payment-sources";
import type { Customer } from "../../db/queries/types";
import { expiryState } from "./card-expiry";
import type { MethodCtx, Via } from "./context";
import { customerChangeData } from "./customer-object";

export type EnrollResult = "enrolled" | "already" | "no_method" | "default_expired";

/**
 * AutoPay on with the default method. The write is conditional (off, and the
 * default is a live method), and `autopay.enrolled` is recorded only if it happened.
 * Whether the tenant allows enrolment is the caller's check (a setting).
 */
export async function enrollAutopay(x: MethodCtx, customer: Customer, via: Via): Promise<EnrollResult> {
  const { scope, my, now } = x;
  if (customer.autopay) return "already";
  const source = customer.defaultPaymentSourceId ? await findCustomerPaymentSource(scope, my.customerId, customer.defaultPaymentSourceId) : undefined;
  if (!source) return "no_method";
  if (expiryState(source, now) === "expired") return "default_expired";
  const [update] = await scope.batch([
    enrollAutopayIfDefault(scope, my.customerId, now),
    eventStatement(
      scope,
      {
        type: "autopay.enrolled",
        customerId: my.customerId,
        objectType: "customer",
        objectId: my.customerId,
        data: await customerChangeData(scope, customer, { autopay: true }, now, { payment_source: source.id, via }),
      },
      x.who,
      now,
      { when: changedOne },
    ),
  ]);
  return rowsChanged(update) === 1 ? "enrolled" : "already";
}

/** AutoPay off; `autopay.canceled` only if it was on. Whether opt-out is allowed is the caller's check. */
export async function cancelAutopayFor(x: MethodCtx, customer: Customer, via: Via): Promise<"canceled" | "already"> {
  const { scope, my, now } = x;
  const data = await customerChangeData(scope, customer, { autopay: false }, now, { via });
  const [update] = await scope.batch([
    cancelAutopay(scope, my.customerId, now),
    eventStatement(scope, { type: "autopay.canceled", customerId: my.customerId, objectType: "customer", objectId: my.customerId, data }, x.who, now, {
      when: changedOne,
    }),
  ]);
  return rowsChanged(update) === 1 ? "canceled" : "already";
}
