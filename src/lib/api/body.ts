import type { Context } from "hono";
import { ApiError, invalidRequest } from "../api-error";

/** Bodies above this are refused before parsing (a document with 200 lines is about 60 KB). */
const MAX_BODY_BYTES = 512 * 1024;

/**
 * The request body as JSON. `Content-Type: application/json` is required (S26: a
 * form post or text/plain fetch from a browser cannot reach a JSON write), and the
 * top level must be an object. An empty body reads as `{}` (POST /void and the like).
 */
export async function readJson(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === "" && !c.req.header("Content-Type")) return {};
  const type = (c.req.header("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError(415, "invalid_request_error", "Request bodies must be JSON with Content-Type: application/json");
  }
  if (text.length > MAX_BODY_BYTES) throw new ApiError(413, "invalid_request_error", "Request body is too large");
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidRequest("Request body is not valid JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw invalidRequest("Request body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}
