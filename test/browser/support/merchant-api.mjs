// Data for the portal's browser tests through the merchant API. Not a test file.
import { assert } from "../lib/harness.mjs";

/** POST through the merchant API and insist on a 201; returns the body. */
export async function created(api, path, body) {
  const res = await api.post(path, body);
  assert.equal(res.status, 201, `POST ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`);
  return res.body;
}

/** The portal path of a document from the API's `url` field (`/estimates/<public id>`). */
export const portalPath = (doc) => new URL(doc.url).pathname;
