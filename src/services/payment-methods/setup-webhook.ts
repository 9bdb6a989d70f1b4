import type { Actor } from "../../db/events";
import { findSetupByProviderSession } from "../../db/queries/payment-source-setups";
import { customerScope, type TenantScope } from "../../db/scope";
import type { HostedGateway } from "../gateways";
import { completeHostedSetup, type SetupOutcome } from "./hosted-setup";

const SYSTEM: Actor = { actor: "system" };

/** Stripe's Checkout Session ids ("cs_test_..." / "cs_live_..."); anything else is not looked up. */
const SESSION_ID = /^cs_[A-Za-z0-9_]{1,250}$/;

/**
 * Fulfils a setup-mode Checkout Session from a verified webhook (S38), so a method is
 * saved even when the customer closes the tab after Stripe and never reaches the
 * return page. The event only names the session: our row is found by that id within
 * the webhook's tenant (another tenant's session finds nothing), and the outcome is
 * read back from Stripe by the same service the return page uses (S40), which saves
 * it once whichever of the two runs first (S39). Recorded as done by the system.
 *
 * `null`: no setup of this tenant has that session; acknowledged, nothing changes.
 */
export async function completeSetupFromWebhook(
  d: { scope: TenantScope; gateway: HostedGateway; now: number },
  sessionId: unknown,
): Promise<SetupOutcome | null> {
  if (typeof sessionId !== "string" || !SESSION_ID.test(sessionId)) return null;
  const setup = await findSetupByProviderSession(d.scope, sessionId);
  if (!setup) return null;
  const my = customerScope(d.scope, setup.customerId);
  return completeHostedSetup({ scope: d.scope, my, who: SYSTEM, now: d.now }, d.gateway, setup);
}
