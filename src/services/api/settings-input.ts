import type { TenantSettingsUpdate } from "../../db/queries/tenant-settings";
import { SESSION_ABSOLUTE_MAX, SESSION_IDLE_MAX, SSO_LIFETIME_MAX } from "../../lib/platform-limits";
import * as z from "../../lib/zod";
import { currencySchema, lineText, optionalEmail, optionalLineText, optionalText, stringIdSchema } from "./wire";

/**
 * What `PATCH /settings` accepts (Invoiced's snake_case names) and how it maps
 * onto `tenants` columns. Strict: an unknown field is a 400 naming it (S29).
 */

/** Floors, so that a typo cannot make the portal unusable (a session of 3 seconds). */
const SESSION_IDLE_MIN = 5 * 60;
const SESSION_ABSOLUTE_MIN = 15 * 60;
const SSO_LIFETIME_MIN = 60;

const LOGO_URL_MAX = 500;

/** The merchant's own site ("Back to <merchant>" in the portal): https only, as the logo. */
const website = z
  .string()
  .trim()
  .max(LOGO_URL_MAX, `must be at most ${LOGO_URL_MAX} characters`)
  .nullable()
  .transform((v) => (v === "" || v === null ? null : v))
  .refine((v) => v === null || isHttpsUrl(v), "must be an https:// URL, without user name or password");

/**
 * An https URL only (the portal loads it on every page: no http mixed content,
 * no `data:` or `javascript:`), without credentials, at most 500 characters.
 */
const logoUrl = z
  .string()
  .trim()
  .max(LOGO_URL_MAX, `must be at most ${LOGO_URL_MAX} characters`)
  .nullable()
  .transform((v) => (v === "" ? null : v))
  .refine((v) => v === null || isHttpsUrl(v), "must be an https:// URL of an image, without user name or password");

function isHttpsUrl(v: string): boolean {
  if (!/^https:\/\/[^\s]+$/i.test(v)) return false;
  try {
    const url = new URL(v);
    return url.protocol === "https:" && url.hostname.includes(".") && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** `#rgb` or `#rrggbb`, stored as given; the portal darkens it for contrast (theme.ts). */
const highlightColor = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, "must be a hex colour like #1d4ed8 or #fff");

const shorterThan = (min: number, max: number, what: string) =>
  z.int(`must be a whole number of seconds`).min(min, `must be at least ${min} seconds`).max(max, `may only shorten the ${what} (${max} seconds)`);

/** The `iss` a tenant pins for its SSO tokens: printable, no spaces at the ends. */
const ssoIssuer = z
  .string()
  .trim()
  .max(255, "must be at most 255 characters")
  .regex(/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$|^$/, "must be printable ASCII")
  .nullable()
  .transform((v) => (v === "" ? null : v));

/** An IANA time zone name the runtime knows ("Europe/Paris", "Pacific/Kiritimati", "UTC"). */
const timeZone = z.string().max(64, "must be at most 64 characters").refine(isTimeZone, "must be an IANA time zone name such as Europe/Paris or UTC");

function isTimeZone(v: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(v)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: v });
    return true;
  } catch {
    return false;
  }
}

/** Dunning retries: 1 to 10 days after the first decline, strictly ascending, at most 60 days. */
const retryDays = z
  .array(z.int("must be whole days").min(1, "must be at least 1 day").max(60, "must be at most 60 days"))
  .max(10, "at most 10 retries")
  .refine((a) => a.every((d, i) => i === 0 || d > a[i - 1]!), "must be in ascending order");

/** The quantity bounds a portal customer may choose within (issue 15); the API's own cap is 1,000,000. */
const portalQuantity = z.int("must be a whole number").min(1, "must be at least 1").max(1_000_000, "must be at most 1,000,000");

export const settingsUpdateSchema = z
  .strictObject({
    name: lineText(100),
    logo_url: logoUrl,
    highlight_color: highlightColor,
    currency: currencySchema(),
    welcome_message: optionalText(1000),
    enabled: z.boolean(),
    allow_partial_payments: z.boolean(),
    allow_advance_payments: z.boolean(),
    allow_autopay_enrollment: z.boolean(),
    allow_autopay_opt_out: z.boolean(),
    allow_billing_portal_cancellations: z.boolean(),
    allow_subscription_changes: z.boolean(),
    allow_billing_portal_profile_changes: z.boolean(),
    allow_editing_contacts: z.boolean(),
    require_authentication: z.boolean(),
    estimate_auto_invoice: z.boolean(),
    session_idle_seconds: shorterThan(SESSION_IDLE_MIN, SESSION_IDLE_MAX, "default idle timeout"),
    session_absolute_seconds: shorterThan(SESSION_ABSOLUTE_MIN, SESSION_ABSOLUTE_MAX, "default session lifetime"),
    sso_max_lifetime_seconds: shorterThan(SSO_LIFETIME_MIN, SSO_LIFETIME_MAX, "default SSO token lifetime"),
    sso_issuer: ssoIssuer,
    time_zone: timeZone,
    dunning_retry_days: retryDays,
    dunning_final_action: z.enum(["past_due", "cancel"]),
    subscription_downgrades: z.enum(["period_end", "now"]),
    notification_email: optionalEmail(),
    subscription_change_plans: z.array(stringIdSchema()).max(50, "at most 50 plans"),
    subscription_min_quantity: portalQuantity,
    subscription_max_quantity: portalQuantity.nullable(),
    allow_immediate_cancellation: z.boolean(),
    allow_subscription_pause: z.boolean(),
    cancellation_retention_coupon: stringIdSchema().nullable(),
    // merchant contact details and AutoPay text (issue 17)
    support_email: optionalEmail(),
    support_phone: optionalLineText(40),
    postal_address: optionalText(300),
    tax_id: optionalLineText(40),
    website,
    autopay_terms: optionalText(2000),
  })
  .partial();

export type SettingsInput = z.output<typeof settingsUpdateSchema>;

/** Wire name -> column name: one table, so the wire and the row cannot drift apart. */
export const SETTINGS_COLUMNS = {
  name: "name",
  logo_url: "logoUrl",
  highlight_color: "highlightColor",
  currency: "currency",
  welcome_message: "welcomeMessage",
  enabled: "enabled",
  allow_partial_payments: "allowPartialPayments",
  allow_advance_payments: "allowAdvancePayments",
  allow_autopay_enrollment: "allowAutopayEnrollment",
  allow_autopay_opt_out: "allowAutopayOptOut",
  allow_billing_portal_cancellations: "allowBillingPortalCancellations",
  allow_subscription_changes: "allowSubscriptionChanges",
  allow_billing_portal_profile_changes: "allowBillingPortalProfileChanges",
  allow_editing_contacts: "allowEditingContacts",
  require_authentication: "requireAuthentication",
  estimate_auto_invoice: "estimateAutoInvoice",
  session_idle_seconds: "sessionIdleSeconds",
  session_absolute_seconds: "sessionAbsoluteSeconds",
  sso_max_lifetime_seconds: "ssoMaxLifetimeSeconds",
  sso_issuer: "ssoIssuer",
  time_zone: "timeZone",
  dunning_retry_days: "dunningRetryDays",
  dunning_final_action: "dunningFinalAction",
  subscription_downgrades: "subscriptionDowngrades",
  notification_email: "notificationEmail",
  subscription_change_plans: "subscriptionChangePlans",
  subscription_min_quantity: "subscriptionMinQuantity",
  subscription_max_quantity: "subscriptionMaxQuantity",
  allow_immediate_cancellation: "allowImmediateCancellation",
  allow_subscription_pause: "allowSubscriptionPause",
  cancellation_retention_coupon: "cancellationRetentionCoupon",
  support_email: "supportEmail",
  support_phone: "supportPhone",
  postal_address: "postalAddress",
  tax_id: "taxId",
  website: "website",
  autopay_terms: "autopayTerms",
} as const satisfies Record<keyof SettingsInput, keyof TenantSettingsUpdate>;

export type SettingsField = keyof typeof SETTINGS_COLUMNS;
export const SETTINGS_FIELDS = Object.keys(SETTINGS_COLUMNS) as SettingsField[];
