import { type Actor, eventStatement } from "../../db/events";
import { findOwnTenant } from "../../db/queries/tenant-settings";
import { disabledNow } from "../../db/queries/webhook-deliveries";
import type { WebhookEndpoint } from "../../db/queries/webhook-endpoints";
import type { TenantScope } from "../../db/scope";
import { plural } from "../../presentation/plural";
import { deliver, type Mailer } from "../email";
import { endpointToWire } from "./endpoints";
import { DISABLE_AFTER } from "./schedule";

/**
 * An endpoint that failed every attempt for DISABLE_AFTER is turned off by the
 * consumer. The merchant hears of it twice: a `webhook.disabled` event (in the
 * disable's batch, recorded only if that write turned it off) and a mail to the
 * tenant's `notification_email` when one is set. Neither holds the signing secret;
 * the mail names the URL without its query string (which may carry a token of the
 * merchant's own).
 */

const SYSTEM: Actor = { actor: "system" };

export function disabledEventStmts(scope: TenantScope, endpoints: WebhookEndpoint[], now: number) {
  return endpoints.map((e) => {
    const object = endpointToWire({ ...e, enabled: false, disabledReason: "failing", updatedAt: now });
    const data = { object, previous: { enabled: true, disabled_reason: null } };
    return eventStatement(scope, { type: "webhook.disabled", objectType: "webhook", objectId: e.id, data }, SYSTEM, now, {
      when: disabledNow(scope, e.id, now),
    });
  });
}

/** What the mail shows of the URL: scheme, host, port and path. */
const shownUrl = (raw: string) => {
  const u = new URL(raw);
  return `${u.origin}${u.pathname}`;
};

export async function mailDisabled(mailer: Mailer, scope: TenantScope, endpoints: WebhookEndpoint[]): Promise<void> {
  if (endpoints.length === 0) return;
  const tenant = await findOwnTenant(scope);
  if (!tenant?.notificationEmail) return;
  const days = Math.round(DISABLE_AFTER / 86_400);
  for (const e of endpoints) {
    const url = shownUrl(e.url);
    await deliver(
      mailer,
      {
        tenantId: scope.tenantId,
        to: { email: tenant.notificationEmail, name: tenant.name },
        subject: `Webhook endpoint disabled: ${url}`,
        text: [
          `Hello ${tenant.name},`,
          "",
          `Your webhook endpoint ${url} (webhook ${e.id}) failed every delivery for ${plural(days, "day")}, so we turned it off.`,
          "Events keep being recorded; nothing is sent to this endpoint while it is off.",
          "",
          `When your server is back, turn it on again with PATCH /webhooks/${e.id} {"enabled": true}`,
          `and re-send what failed with POST /webhooks/${e.id}/deliveries/{delivery}/retry.`,
        ].join("\n"),
      },
      "webhook disabled notice",
    );
  }
}
