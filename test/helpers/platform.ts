import { env, exports } from "cloudflare:workers";
import { API_ORIGIN } from "./api";

/** POST /tenants with the platform token (or another Authorization header), as the operator would. */
export async function postTenant(body: unknown, authorization: string | null = `Bearer ${env.PLATFORM_ADMIN_TOKEN}`, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (authorization !== null) headers.set("Authorization", authorization);
  if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  const res = await exports.default.fetch(`${API_ORIGIN}/tenants`, {
    method: "POST",
    ...init,
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json, headers: res.headers };
}

let n = 0;
/** A username no other test file uses. */
export const uniqueUsername = (prefix = "p") => `${prefix}${Date.now().toString(36)}${n++}`;
