/**
 * TXT records of a name through DNS over HTTPS (Cloudflare's resolver, JSON API):
 * the one outbound call of domain verification, faked in tests like every
 * third-party HTTP. A resolver that fails or answers nonsense yields no records.
 */
export const DOH_ENDPOINT = "https://cloudflare-dns.com/dns-query";

export async function resolveTxt(name: string, doFetch: typeof fetch = (i, init) => fetch(i, init)): Promise<string[]> {
  let body: unknown;
  try {
    const res = await doFetch(`${DOH_ENDPOINT}?name=${encodeURIComponent(name)}&type=TXT`, { headers: { Accept: "application/dns-json" } });
    if (!res.ok) return [];
    body = await res.json();
  } catch {
    return [];
  }
  const answers = (body as { Status?: number; Answer?: { type?: number; data?: unknown }[] })?.Answer;
  if (!Array.isArray(answers)) return [];
  // type 16 is TXT; a long record comes as several quoted strings: "abc" "def" is abcdef
  return answers
    .filter((a) => a?.type === 16 && typeof a.data === "string")
    .map((a) => [...(a.data as string).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, "$1")).join("") || (a.data as string));
}
