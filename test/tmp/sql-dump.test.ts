import { it } from "vitest";
import { accountReads } from "../../src/db/queries/account";
import { readPageEntry } from "../../src/db/queries/page-entry";

async function capture(reads: Parameters<typeof readPageEntry>[4]) {
  const seen: { sql: string; params: unknown[] }[] = [];
  const d1 = {
    prepare: (sql: string) => ({ bind: (...params: unknown[]) => ({ sql, params }) }),
    batch: async (stmts: { sql: string; params: unknown[] }[]) => {
      seen.push(...stmts);
      return stmts.map(() => ({ results: [], meta: {} }));
    },
  };
  const id = "SESSIONHASH";
  await readPageEntry({ $client: d1 } as never, { username: "bench" }, id, 1765000000, reads).catch(() => {});
  return seen;
}

it("dumps", async () => {
  const out = { account: await capture((my) => accountReads(my, { now: 1765000000 })) };
  console.log("DUMP" + JSON.stringify(out));
});
