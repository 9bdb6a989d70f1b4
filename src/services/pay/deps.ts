import type { Actor } from "../../db/events";
import type { Customer, Tenant } from "../../db/queries/types";
import type { CustomerScope, TenantScope } from "../../db/scope";
import type { Mailer } from "../email";
import type { PaymentGateway } from "../gateways";

/** What the pay services need from a portal request, built once by the route. */
export type PayDeps = {
  scope: TenantScope;
  my: CustomerScope;
  tenant: Tenant;
  customer: Customer;
  gateway: PaymentGateway;
  /** unix seconds, the request's clock */
  now: number;
  who: Actor;
  /** canonical portal origin for return URLs and links in email (S9) */
  portalOrigin: string;
  mailer: Mailer;
};
