import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

// Tests run inside workerd against real local D1 and KV. Migrations are read here
// (Node side) and applied in test/setup.ts, once per storage (they are idempotent).
const migrations = await readD1Migrations("./migrations");

// This file runs in Node; the project's types are the Workers' (no @types/node).
declare const process: { env: Record<string, string | undefined> };

const worker = {
  wrangler: { configPath: "./wrangler.toml" },
  miniflare: {
    bindings: {
      TEST_MIGRATIONS: migrations,
      ENVIRONMENT: "test",
      PLATFORM_ADMIN_TOKEN: "test-platform-admin-token",
      ENCRYPTION_KEY: "dGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcy1vayE=",
      MAILCHANNELS_API_KEY: "",
      // The S29 fuzz runs on a fixed seed so CI answers for the change, not
      // for the draw; FUZZ_SEED=random (or a number) explores further.
      FUZZ_SEED: process.env.FUZZ_SEED || "20261129",
    },
  },
};

/**
 * Test files that need a worker and storage of their own (one workerd per file).
 * Every other file makes its own tenant, customers and documents, reads them back
 * through tenant-scoped queries or the worker's fetch, and so cannot see another
 * file's rows; those files share one worker per vitest worker (below), which saves
 * starting workerd, re-importing the app and re-applying the migrations per file.
 */
const ISOLATED = [
  // purge deletes expired rows (and the webhook log past its retention) of every tenant and counts what it deleted
  "test/maintenance/*.test.ts",
  // spy on the D1 binding, count rows read and ask for query plans
  "test/budgets/*.test.ts",
  // the 15-minute cron queues every tenant with due renewals, and counts the messages
  "test/subscriptions/scheduled.happy.test.ts",
  // the webhook sweep re-enqueues every tenant's unannounced events, and counts them
  "test/webhooks/outbound-burst.happy.test.ts",
  // S41: "the card number appears nowhere in D1" dumps every table of the database
  "test/payment-methods/payment-methods.security.test.ts",
  // S11: counts D1 round trips at the binding, background work included
  "test/signin/equal-work.security.test.ts",
  // seeds the fixed "demo" tenant
  "test/demo/*.test.ts",
  // counts every tenant before and after
  "test/api/platform.security.test.ts",
  // renames a tenant to the reserved name "www"
  "test/routing/hosts.security.test.ts",
  // re-runs a migration over the whole payment_source_setups table
  "test/payment-methods/setup-rescue.migration.test.ts",
  // S33: every KV key there is belongs to one of the test's two tenants
  "test/security/secrets.security.test.ts",
  // S26: "changes nothing" is a digest of all of D1 and KV around each attack; another
  // file's late background write (a mail sent after its response) would change it
  "test/security/csrf-matrix.security.test.ts",
  // issue 18: patches the D1 binding's withSession() to see which bookmark each page starts from
  "test/sessions/read-your-writes.happy.test.ts",
  // the sign-up sweep finishes every tenant's claims stuck in `charging` past their lease
  "test/signup/crash-recovery.security.test.ts",
];

const common = {
  setupFiles: ["./test/setup.ts"],
  testTimeout: 30_000,
} satisfies TestProjectInlineConfiguration["test"];

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [cloudflareTest(worker)],
        test: { ...common, name: "isolated", include: ISOLATED },
      },
      {
        plugins: [cloudflareTest(worker)],
        test: {
          ...common,
          name: "shared",
          include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
          exclude: ["test/browser/**", ...ISOLATED],
          // One workerd, one module graph and one storage per vitest worker, reused
          // file after file (files still run one at a time in each worker).
          isolate: false,
        },
      },
    ],
  },
});
