import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, vi } from "vitest";

// Runs before each test file. Files of the "shared" project (vitest.config.ts) share
// their worker's storage; applying the migrations again is a no-op there.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// A fake left behind (a `fetch` spy standing in for Stripe) must not answer for the
// next file that runs in the same worker.
afterAll(() => {
  vi.restoreAllMocks();
});
