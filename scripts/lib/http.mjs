// Node-side HTTP to the local worker. Node's resolver does not map `*.localhost`
// to loopback (browsers do), so every request goes to 127.0.0.1 with the URL's
// host kept in the Host header: the worker picks the tenant from that header.
import http from "node:http";

/**
 * request("http://api.localhost:8788/customers", { method, headers, body })
 * -> { status, headers, text, json, bytes } (json is null when the body is not JSON;
 * bytes is the raw body as a Buffer, for binary answers such as PDFs).
 * A plain object body is sent as JSON. `timeout` (ms, default 30 s) bounds inactivity.
 */
export function request(url, { method = "GET", headers = {}, body, timeout = 30_000 } = {}) {
  const u = new URL(url);
  const h = { ...headers, Host: u.host };
  let payload = body;
  if (body !== undefined && typeof body !== "string" && !(body instanceof Buffer)) {
    payload = JSON.stringify(body);
    h["Content-Type"] ??= "application/json";
  }
  if (payload !== undefined) h["Content-Length"] = Buffer.byteLength(payload);
  const hostname = u.hostname === "localhost" || u.hostname.endsWith(".localhost") ? "127.0.0.1" : u.hostname;
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port: u.port || 80, path: `${u.pathname}${u.search}`, method, headers: h, timeout }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString("utf8");
        let json = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, bytes });
      });
    });
    req.on("timeout", () => req.destroy(new Error(`timed out: ${method} ${url}`)));
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
