import { exports } from "cloudflare:workers";

export const API_ORIGIN = "http://api.localhost:8787";

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

/** Calls the merchant API the way Invoiced's clients do: Basic auth, key as user, empty password. */
export function apiClient(apiKey: string | null) {
  async function call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (apiKey !== null) h.Authorization = `Basic ${btoa(`${apiKey}:`)}`;
    if (body !== undefined) h["Content-Type"] = "application/json";
    const res = await exports.default.fetch(`${API_ORIGIN}${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  return {
    get: <T = any>(path: string, headers?: Record<string, string>) => call<T>("GET", path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>("POST", path, body ?? {}, headers),
    patch: <T = any>(path: string, body: unknown, headers?: Record<string, string>) => call<T>("PATCH", path, body, headers),
    delete: <T = any>(path: string, headers?: Record<string, string>) => call<T>("DELETE", path, undefined, headers),
    call,
  };
}
