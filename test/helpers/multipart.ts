/**
 * A multipart/form-data body written out by hand, escaping names as browsers do
 * (WHATWG: `"` as %22, CR and LF as %0D and %0A) and nothing more, so names that
 * FormData's serializer would refuse still reach the handler.
 */
export function multipart(fields: [string, string | { file: string }][]): { body: string; type: string } {
  const boundary = "----form" + crypto.randomUUID().replaceAll("-", "");
  const esc = (s: string) => s.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const parts = fields.map(([name, value]) =>
    typeof value === "string"
      ? `Content-Disposition: form-data; name="${esc(name)}"\r\n\r\n${value}`
      : `Content-Disposition: form-data; name="${esc(name)}"; filename="upload.txt"\r\nContent-Type: text/plain\r\n\r\n${value.file}`,
  );
  const body = parts.map((p) => `--${boundary}\r\n${p}\r\n`).join("") + `--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}
