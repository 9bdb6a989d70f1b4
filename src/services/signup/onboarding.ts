import { type Actor, eventStatement } from "../../db/events";
import { findCustomer, updateCustomerStmt } from "../../db/queries/customers";
import type { Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { invalidRequest, notFound } from "../../lib/api-error";
import { publicId } from "../../lib/random";
import { customersToWire } from "../api/customers";
import type { Mailer } from "../email";
import { signUpLink } from "./links";
import { onboardingMail } from "./mail";

type Ctx = { scope: TenantScope; tenant: Tenant; origin: string; mailer: Mailer; now: number; who: Actor };

/**
 * `POST /customers/{id}/sign_up_request`: mails the customer its onboarding link
 * (the page set as its `sign_up_page`, prefilled for it). The event is written
 * before the mail goes, so a failed send is retried by the merchant, not lost.
 */
export async function sendSignUpRequest(ctx: Ctx, id: number | null) {
  const customer = id === null ? undefined : await findCustomer(ctx.scope, id);
  if (!customer) throw notFound("customer");
  if (customer.signUpPage === null) throw invalidRequest("This customer has no sign_up_page; set one first", "sign_up_page");
  if (!customer.email) throw invalidRequest("This customer has no email address", "email");
  if (!customer.active) throw invalidRequest("This customer is disabled", "id");
  const token = customer.signUpToken ?? publicId();
  const url = signUpLink(ctx.origin, customer.signUpPage, token);
  // the customer as the API shows it after this write (its sign_up_url included); the event never holds more than that link
  const [object] = await customersToWire(ctx.scope, [{ ...customer, signUpToken: token }], ctx.origin);
  await ctx.scope.batch([
    ...(customer.signUpToken ? [] : [updateCustomerStmt(ctx.scope, customer.id, { signUpToken: token })]),
    eventStatement(
      ctx.scope,
      {
        type: "customer.sign_up_request_sent",
        customerId: customer.id,
        objectType: "customer",
        objectId: customer.id,
        data: { sign_up_page: customer.signUpPage, object },
      },
      ctx.who,
      ctx.now,
    ),
  ]);
  await ctx.mailer.send(onboardingMail(ctx.tenant, customer.email, customer.name, url));
  return { object: "sign_up_request", customer: customer.id, sign_up_page: customer.signUpPage, sign_up_url: url, email: customer.email, created_at: ctx.now };
}
