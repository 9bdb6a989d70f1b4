/** Public origins, built from configuration only (S9: never from the request's Host). */

export type OriginEnv = { PORTAL_DOMAIN: string; PORTAL_SCHEME?: string; PORTAL_PORT?: string };

function origin(env: OriginEnv, host: string): string {
  const scheme = env.PORTAL_SCHEME || "https";
  const port = env.PORTAL_PORT ? `:${env.PORTAL_PORT}` : "";
  return `${scheme}://${host}${port}`;
}

/** e.g. https://acme.portal.example.com, or http://acme.localhost:8787 in development */
export function portalOrigin(env: OriginEnv, username: string): string {
  return origin(env, `${username}.${env.PORTAL_DOMAIN}`);
}

export function apiOrigin(env: OriginEnv): string {
  return origin(env, `api.${env.PORTAL_DOMAIN}`);
}
