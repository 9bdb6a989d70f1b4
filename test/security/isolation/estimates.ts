import { makeEstimate } from "../../helpers/fixtures";
import type { IsolationCase } from "./types";

// S31 for issue 5: every estimate route. The list cannot 404, so it is checked by
// a marker (the estimate's number) that only the owner may see; the others are
// a 404 for anyone but the owner. The answers carry the revision their form shows.

const owned = async (ctx: { tenant: { scope: Parameters<typeof makeEstimate>[0] }; customerId: number }) =>
  makeEstimate(ctx.tenant.scope, ctx.customerId, { number: `EST-ISO-${Math.random().toString(36).slice(2, 10)}` });

export const cases: IsolationCase[] = [
  {
    method: "GET",
    route: "/estimates",
    setup: async (ctx) => ({ path: "/estimates", marker: (await owned(ctx)).number }),
  },
  {
    method: "GET",
    route: "/estimates/:id",
    setup: async (ctx) => ({ path: `/estimates/${(await owned(ctx)).publicId}` }),
  },
  {
    method: "GET",
    route: "/estimates/:id/pdf",
    setup: async (ctx) => ({ path: `/estimates/${(await owned(ctx)).publicId}/pdf` }),
  },
  {
    method: "POST",
    route: "/estimates/:id/approve",
    setup: async (ctx) => ({
      path: `/estimates/${(await owned(ctx)).publicId}/approve`,
      fields: { agree: "yes", initials: "ISO", revision: "1" },
    }),
  },
  {
    method: "POST",
    route: "/estimates/:id/decline",
    setup: async (ctx) => ({ path: `/estimates/${(await owned(ctx)).publicId}/decline`, fields: { reason: "isolation", revision: "1" } }),
  },
];
