import { asInserted, previousOf } from "../../db/event-objects";
import { type Actor, eventStatement } from "../../db/events";
import { findCatalogRow, taxRates } from "../../db/queries/catalog";
import {
  deleteSignUpPageStmt,
  findSignUpPage,
  insertSignUpPageStmt,
  type NewSignUpPage,
  newSignUpPageEventData,
  newSignUpPageId,
  plansByIds,
  type SignUpPage,
  updateSignUpPageStmt,
} from "../../db/queries/sign-up-pages";
import { signUpPages } from "../../db/schema";
import type { TenantScope } from "../../db/scope";
import type { ListSpec } from "../../lib/api/pagination";
import { validate } from "../../lib/api/validate";
import { invalidRequest, notFound } from "../../lib/api-error";
import * as z from "../../lib/zod";
import { planResource } from "../api/plans";
import { COMMON_READ_ONLY, lineText, optionalText, refuseReadOnly, stringIdSchema } from "../api/wire";

/**
 * `/sign_up_pages` as Invoiced's `SignUpPage` (issue 16): create, retrieve, update
 * (only the keys sent), delete, list. Plans are expanded on read; a page may only
 * offer plans a subscription can be sold at (per-unit prices: tiered and volume
 * plans are refused, as the subscription create refuses them).
 */

type Ctx = { scope: TenantScope; origin: string };

const MAX_PLANS = 20;

/** http(s) URL the merchant owns (terms, thank-you page); never javascript: or data:. */
const merchantUrl = z
  .string()
  .max(2000)
  .url()
  .refine((v) => /^https?:\/\//i.test(v), "must be an http or https URL")
  .nullable();

const fields = {
  name: lineText(255),
  type: z.enum(["recurring", "autopay"]),
  plans: z.array(stringIdSchema()).min(1, "must name at least one plan").max(MAX_PLANS),
  addons: z.array(stringIdSchema()).max(MAX_PLANS),
  taxes: z.array(stringIdSchema()).max(10),
  has_quantity: z.boolean(),
  has_coupon_code: z.boolean(),
  trial_period_days: z.int().min(0).max(730),
  billing_address: z.boolean(),
  shipping_address: z.boolean(),
  allow_multiple_subscriptions: z.boolean(),
  header_text: optionalText(5000),
  tos_url: merchantUrl,
  thanks_url: merchantUrl,
};

const createSchema = z.strictObject({ ...z.strictObject(fields).partial().shape, name: fields.name, plans: fields.plans });
const updateSchema = z.strictObject(fields).partial();
type Input = z.output<typeof updateSchema>;

const READ_ONLY = [...COMMON_READ_ONLY, "url"] as const;

export const signUpPageListSpec: ListSpec = {
  sort: { id: signUpPages.id, name: signUpPages.name, created_at: signUpPages.createdAt },
};

/** The public page's address on the tenant's own host. */
const signUpPageUrl = (origin: string, id: number) => `${origin}/pages/${id}`;

/** Plans must exist and be sold per unit; add-ons too; tax rates must exist. */
async function checkCatalog(scope: TenantScope, input: Input) {
  for (const [param, ids] of [
    ["plans", input.plans],
    ["addons", input.addons],
  ] as const) {
    if (!ids) continue;
    const found = new Map((await plansByIds(scope, ids)).map((p) => [p.id, p]));
    ids.forEach((id, i) => {
      const plan = found.get(id);
      if (!plan) throw invalidRequest(`No such plan: ${id}`, `${param}[${i}]`);
      if (plan.pricingMode !== "per_unit") {
        throw invalidRequest(`Plan ${id} has custom pricing (pricing_mode ${plan.pricingMode}); sign-up pages take per_unit plans only`, `${param}[${i}]`);
      }
    });
  }
  for (const [i, id] of (input.taxes ?? []).entries()) {
    if (!(await findCatalogRow(scope, taxRates, id))) throw invalidRequest(`No such tax rate: ${id}`, `taxes[${i}]`);
  }
}

function columnsOf(input: Input): Partial<NewSignUpPage> {
  const map = {
    name: "name",
    type: "type",
    plans: "plans",
    addons: "addons",
    taxes: "taxes",
    has_quantity: "hasQuantity",
    has_coupon_code: "hasCouponCode",
    trial_period_days: "trialPeriodDays",
    billing_address: "billingAddress",
    shipping_address: "shippingAddress",
    allow_multiple_subscriptions: "allowMultipleSubscriptions",
    header_text: "headerText",
    tos_url: "tosUrl",
    thanks_url: "thanksUrl",
  } as const satisfies Record<keyof Input, keyof NewSignUpPage>;
  const out: Record<string, unknown> = {};
  for (const [wire, column] of Object.entries(map)) if (input[wire as keyof Input] !== undefined) out[column] = input[wire as keyof Input];
  return out as Partial<NewSignUpPage>;
}

/** The API object; `plans` expanded to plan objects when `expanded` holds them (reads), else ids (events). */
function signUpPageToWire(p: SignUpPage, origin: string, expanded?: Map<string, Record<string, unknown>>) {
  return {
    id: p.id,
    object: "sign_up_page" as const,
    name: p.name,
    type: p.type,
    plans: expanded ? p.plans.map((id) => expanded.get(id) ?? id) : p.plans,
    addons: p.addons,
    taxes: p.taxes,
    has_quantity: p.hasQuantity,
    has_coupon_code: p.hasCouponCode,
    trial_period_days: p.trialPeriodDays,
    billing_address: p.billingAddress,
    shipping_address: p.shippingAddress,
    allow_multiple_subscriptions: p.allowMultipleSubscriptions,
    header_text: p.headerText,
    tos_url: p.tosUrl,
    thanks_url: p.thanksUrl,
    url: signUpPageUrl(origin, p.id),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

/** Pages as the API returns them, their plans expanded with one read for the whole list. */
export async function signUpPagesToWire(ctx: Ctx, pages: SignUpPage[]) {
  const ids = [...new Set(pages.flatMap((p) => p.plans))];
  const plans = new Map((await plansByIds(ctx.scope, ids)).map((p) => [p.id, planResource.toWire(p, undefined as never) as Record<string, unknown>]));
  return pages.map((p) => signUpPageToWire(p, ctx.origin, plans));
}

export async function getSignUpPage(scope: TenantScope, id: number | null): Promise<SignUpPage> {
  const page = id === null ? undefined : await findSignUpPage(scope, id);
  if (!page) throw notFound("sign up page");
  return page;
}

const event = (
  ctx: Ctx,
  verb: string,
  id: number | ReturnType<typeof newSignUpPageId>,
  data: Parameters<typeof eventStatement>[1]["data"],
  who: Actor,
  now: number,
) => eventStatement(ctx.scope, { type: `sign_up_page.${verb}`, objectType: "sign_up_page", objectId: id, data }, who, now);

export async function createSignUpPage(ctx: Ctx, body: Record<string, unknown>, now: number, who: Actor): Promise<SignUpPage> {
  refuseReadOnly(body, READ_ONLY);
  const input = validate(createSchema, body);
  await checkCatalog(ctx.scope, input);
  const values = { ...columnsOf(input), name: input.name, plans: input.plans, createdAt: now, updatedAt: now } as NewSignUpPage;
  const object = signUpPageToWire(asInserted(signUpPages, { ...values, id: 0 }) as SignUpPage, ctx.origin);
  const [inserted] = await ctx.scope.batch([
    insertSignUpPageStmt(ctx.scope, values),
    event(ctx, "created", newSignUpPageId(ctx.scope), newSignUpPageEventData(ctx.scope, object, ctx.origin, Object.keys(body)), who, now),
  ]);
  return inserted[0]!;
}

export async function updateSignUpPage(ctx: Ctx, id: number | null, body: Record<string, unknown>, now: number, who: Actor): Promise<SignUpPage> {
  const existing = await getSignUpPage(ctx.scope, id);
  refuseReadOnly(body, READ_ONLY);
  const input = validate(updateSchema, body);
  await checkCatalog(ctx.scope, input);
  const set = { ...columnsOf(input), updatedAt: now };
  const before = signUpPageToWire(existing, ctx.origin);
  const after = signUpPageToWire({ ...existing, ...set }, ctx.origin);
  const [updated] = await ctx.scope.batch([
    updateSignUpPageStmt(ctx.scope, existing.id, set),
    event(ctx, "updated", existing.id, { object: after, previous: previousOf(before, after), fields: Object.keys(body) }, who, now),
  ]);
  return updated[0] ?? existing;
}

/** Customers whose onboarding link named the page keep the column; the link then opens a 404. */
export async function deleteSignUpPage(ctx: Ctx, id: number | null, now: number, who: Actor): Promise<void> {
  const existing = await getSignUpPage(ctx.scope, id);
  await ctx.scope.batch([
    deleteSignUpPageStmt(ctx.scope, existing.id),
    event(ctx, "deleted", existing.id, { object: signUpPageToWire(existing, ctx.origin) }, who, now),
  ]);
}
