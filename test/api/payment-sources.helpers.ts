import { apiClient } from "../helpers/api";
import { makeCustomer } from "../helpers/fixtures";
import { makeTenant } from "../helpers/tenants";

/** A tenant, one of its customers, and an API client with the tenant's key. */
export async function apiWorld(settings: Parameters<typeof makeTenant>[0] = {}, customer: Parameters<typeof makeCustomer>[1] = {}) {
  const t = await makeTenant(settings);
  const cust = await makeCustomer(t.scope, customer);
  return { t, cust, api: apiClient(t.apiKey), base: `/customers/${cust.id}/payment_sources` };
}
