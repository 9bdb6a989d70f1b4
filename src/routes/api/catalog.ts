import { Hono } from "hono";
import type { ApiEnv } from "../../context";
import { type CatalogTable, listCatalogRows } from "../../db/queries/catalog";
import { readJson } from "../../lib/api/body";
import { idempotent } from "../../lib/api/idempotency";
import { parseList, setListHeaders } from "../../lib/api/pagination";
import { requestActor } from "../../lib/request-meta";
import { type CatalogResource, createCatalogObject, deleteCatalogObject, getCatalogObject, updateCatalogObject } from "../../services/api/catalog";
import { couponResource } from "../../services/api/coupons";
import { itemResource } from "../../services/api/items";
import { planResource } from "../../services/api/plans";
import { taxRateResource } from "../../services/api/tax-rates";

/** The catalogue: `/items`, `/plans`, `/coupons`, `/tax_rates`, each with merchant-chosen string ids. */
export const catalogRoutes = new Hono<ApiEnv>();

function mount<T extends CatalogTable>(r: CatalogResource<T>) {
  const base = `/${r.path}`;
  const ctx = (c: { var: ApiEnv["Variables"] }) => ({ scope: c.var.scope, tenant: c.var.tenant });

  catalogRoutes.get(base, async (c) => {
    const q = parseList(c, r.listSpec);
    const { rows, total } = await listCatalogRows(c.var.scope, r.table, q);
    setListHeaders(c, q, total);
    return c.json(rows.map((row) => r.toWire(row, c.var.tenant)));
  });

  catalogRoutes.post(base, idempotent, async (c) => {
    const row = await createCatalogObject(ctx(c), r, await readJson(c), c.var.now, requestActor(c, "api"));
    return c.json(r.toWire(row, c.var.tenant), 201);
  });

  catalogRoutes.get(`${base}/:id`, async (c) => {
    const row = await getCatalogObject(c.var.scope, r, c.req.param("id"));
    return c.json(r.toWire(row, c.var.tenant));
  });

  catalogRoutes.patch(`${base}/:id`, async (c) => {
    const row = await updateCatalogObject(ctx(c), r, c.req.param("id"), await readJson(c), c.var.now, requestActor(c, "api"));
    return c.json(r.toWire(row, c.var.tenant));
  });

  catalogRoutes.delete(`${base}/:id`, async (c) => {
    await deleteCatalogObject(ctx(c), r, c.req.param("id"), c.var.now, requestActor(c, "api"));
    return c.body(null, 204);
  });
}

mount(itemResource);
mount(planResource);
mount(couponResource);
mount(taxRateResource);
