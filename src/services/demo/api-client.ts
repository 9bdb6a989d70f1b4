/**
 * The merchant API called in-process by the demo seed, with the demo key: the data
 * meets the same validation, totals and events as a merchant's own calls.
 */

/** Calls the API app without the network, e.g. `(req) => apiApp.fetch(req, env, ctx)`. */
export type ApiFetch = (req: Request) => Promise<Response>;

/** The API refused a seed request: the seed data and the API disagree. */
export class SeedApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly body: unknown,
  ) {
    const detail = body && typeof body === "object" ? JSON.stringify(body) : String(body);
    super(`demo seed: ${path} answered ${status}: ${detail.slice(0, 300)}`);
  }
}

/** An API answer as the seed reads it: loose JSON, checked by the API's own tests. */
// biome-ignore lint/suspicious/noExplicitAny: the seed reads fields of the merchant API's JSON answers without a schema for each
type Answer = Record<string, any>;

export type DemoApi = {
  /** POST with an Idempotency-Key, so an interrupted seed can be run again. */
  post<T = Answer>(path: string, body: Record<string, unknown>, key: string): Promise<T>;
  get<T = Answer>(path: string): Promise<T>;
  delete<T = Answer>(path: string, body?: Record<string, unknown>): Promise<T>;
};

export function demoApi(fetchApi: ApiFetch, apiKey: string, origin: string): DemoApi {
  const auth = `Basic ${btoa(`${apiKey}:`)}`;
  async function call<T>(method: string, path: string, body?: Record<string, unknown>, key?: string): Promise<T> {
    const headers: Record<string, string> = { Authorization: auth, "User-Agent": "billing-portal demo seed" };
    if (body) headers["Content-Type"] = "application/json";
    if (key) headers["Idempotency-Key"] = `demo-seed:${key}`;
    const res = await fetchApi(new Request(`${origin}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined }));
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* keep the text for the error */
    }
    if (res.status < 200 || res.status > 299) throw new SeedApiError(res.status, `${method} ${path}`, parsed);
    return parsed as T;
  }
  return {
    post: (path, body, key) => call("POST", path, body, key),
    get: (path) => call("GET", path),
    delete: (path, body) => call("DELETE", path, body),
  };
}
