import { previousOf } from "../../db/event-objects";
import { type Actor, eventStatement } from "../../db/events";
import {
  capSessionLifetimesStmt,
  findOwnTenant,
  revokeAllSessionsStmt,
  type TenantSettingsUpdate,
  updateOwnTenantStmt,
} from "../../db/queries/tenant-settings";
import type { Tenant } from "../../db/queries/types";
import type { TenantScope } from "../../db/scope";
import { validate } from "../../lib/api/validate";
import { invalidRequest, notFound } from "../../lib/api-error";
import { portalOrigin } from "../../lib/origins";
import { SETTINGS_COLUMNS, SETTINGS_FIELDS, type SettingsField, settingsUpdateSchema } from "./settings-input";
import { refuseReadOnly } from "./wire";

/**
 * The merchant's own portal settings and branding: `GET /settings` and
 * `PATCH /settings`. Every setting is enforced where the portal reads it
 * (tenant middleware, pay, billing, sessions, SSO); this file only stores them.
 */

type OriginEnv = Parameters<typeof portalOrigin>[0];

const READ_ONLY = ["object", "username", "portal_url", "created_at", "updated_at"] as const;
/** Set through `PUT /settings/payment_gateway`, which takes and stores the Stripe keys. */
const GATEWAY_FIELDS = ["payment_gateway", "stripe_connected"] as const;

export function settingsToWire(t: Tenant, env: OriginEnv) {
  return {
    object: "settings" as const,
    username: t.username,
    portal_url: portalOrigin(env, t.username),
    name: t.name,
    logo_url: t.logoUrl,
    highlight_color: t.highlightColor,
    currency: t.currency,
    welcome_message: t.welcomeMessage,
    enabled: t.enabled,
    allow_partial_payments: t.allowPartialPayments,
    allow_advance_payments: t.allowAdvancePayments,
    allow_autopay_enrollment: t.allowAutopayEnrollment,
    allow_autopay_opt_out: t.allowAutopayOptOut,
    allow_billing_portal_cancellations: t.allowBillingPortalCancellations,
    allow_subscription_changes: t.allowSubscriptionChanges,
    allow_billing_portal_profile_changes: t.allowBillingPortalProfileChanges,
    allow_editing_contacts: t.allowEditingContacts,
    require_authentication: t.requireAuthentication,
    estimate_auto_invoice: t.estimateAutoInvoice,
    session_idle_seconds: t.sessionIdleSeconds,
    session_absolute_seconds: t.sessionAbsoluteSeconds,
    sso_max_lifetime_seconds: t.ssoMaxLifetimeSeconds,
    sso_issuer: t.ssoIssuer,
    time_zone: t.timeZone,
    dunning_retry_days: t.dunningRetryDays,
    dunning_final_action: t.dunningFinalAction,
    subscription_downgrades: t.subscriptionDowngrades,
    notification_email: t.notificationEmail,
    subscription_change_plans: t.subscriptionChangePlans,
    subscription_min_quantity: t.subscriptionMinQuantity,
    subscription_max_quantity: t.subscriptionMaxQuantity,
    allow_immediate_cancellation: t.allowImmediateCancellation,
    allow_subscription_pause: t.allowSubscriptionPause,
    cancellation_retention_coupon: t.cancellationRetentionCoupon,
    payment_gateway: t.paymentGateway,
    stripe_connected: t.paymentGateway === "stripe" && t.stripeSecretKeyEnc !== null,
    // merchant contact details and AutoPay text (issue 17)
    support_email: t.supportEmail,
    support_phone: t.supportPhone,
    postal_address: t.postalAddress,
    tax_id: t.taxId,
    website: t.website,
    autopay_terms: t.autopayTerms,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}

export async function getSettings(scope: TenantScope): Promise<Tenant> {
  const row = await findOwnTenant(scope);
  if (!row) throw notFound("settings");
  return row;
}

/**
 * PATCH /settings: only the fields sent, only when they differ from what is
 * stored. One batch holds the change, the cap on running sessions when the
 * absolute limit shrinks (S21), the end of every session when the portal is
 * switched off (S22), and `settings.updated` (see settingsEvent). A PATCH that
 * changes nothing writes nothing.
 */
export async function updateSettings(scope: TenantScope, body: Record<string, unknown>, now: number, who: Actor, env: OriginEnv): Promise<Tenant> {
  refuseReadOnly(body, GATEWAY_FIELDS, "use PUT /settings/payment_gateway");
  refuseReadOnly(body, READ_ONLY);
  const input = validate(settingsUpdateSchema, body);
  const current = await getSettings(scope);

  const set: Record<string, unknown> = {};
  const changed: SettingsField[] = [];
  for (const field of SETTINGS_FIELDS) {
    if (!(field in input)) continue;
    const column = SETTINGS_COLUMNS[field];
    const value = input[field];
    // JSON: list settings (retry days, plan ids) compare by value, not by identity
    if (JSON.stringify(current[column]) === JSON.stringify(value)) continue;
    set[column] = value;
    changed.push(field);
  }

  const minQ = input.subscription_min_quantity ?? current.subscriptionMinQuantity;
  const maxQ = input.subscription_max_quantity === undefined ? current.subscriptionMaxQuantity : input.subscription_max_quantity;
  if (maxQ !== null && minQ > maxQ) {
    const param = "subscription_min_quantity" in input ? "subscription_min_quantity" : "subscription_max_quantity";
    throw invalidRequest("subscription_min_quantity cannot be more than subscription_max_quantity", param);
  }

  const idle = input.session_idle_seconds ?? current.sessionIdleSeconds;
  const absolute = input.session_absolute_seconds ?? current.sessionAbsoluteSeconds;
  if (idle > absolute) {
    const param = "session_idle_seconds" in input ? "session_idle_seconds" : "session_absolute_seconds";
    throw invalidRequest("session_idle_seconds cannot be longer than session_absolute_seconds", param);
  }
  if (!changed.length) return current;

  const statements = [
    updateOwnTenantStmt(scope, { ...(set as TenantSettingsUpdate), updatedAt: now }),
    ...(changed.includes("session_absolute_seconds") && absolute < current.sessionAbsoluteSeconds ? [capSessionLifetimesStmt(scope, absolute)] : []),
    ...(changed.includes("enabled") && input.enabled === false ? [revokeAllSessionsStmt(scope, now)] : []),
    settingsEvent(scope, current, { ...(set as Partial<Tenant>), updatedAt: now }, changed, { env, who, now }),
  ];
  await scope.batch(statements);
  return getSettings(scope);
}

/**
 * `settings.updated`: the settings as `GET /settings` shows them after `change`,
 * `previous` with the old values of the changed keys, and `fields` naming what was
 * written (a Stripe key's name, never its value). The settings object holds no
 * secret (no key, no SSO or webhook secret: `stripe_connected` is a flag), so the
 * event holds none either (S44, docs/decisions.md).
 */
export function settingsEvent(scope: TenantScope, current: Tenant, change: Partial<Tenant>, fields: string[], x: { env: OriginEnv; who: Actor; now: number }) {
  const object = settingsToWire({ ...current, ...change }, x.env);
  const data = { fields, object, previous: previousOf(settingsToWire(current, x.env), object) };
  return eventStatement(scope, { type: "settings.updated", objectType: "settings", data }, x.who, x.now);
}
