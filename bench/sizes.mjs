// Bytes per document in the bench's dataset (issue 18, docs/scaling.md): applies the real
// migrations to a fresh SQLite file, seeds it exactly as `npm run bench` does
// (bench/lib/seed.mjs), and reads SQLite's `dbstat` (bytes of every table and index,
// pages included) to divide each table's and its indexes' bytes by its rows.
// Usage: node bench/sizes.mjs [--invoices 1000000] [--out bench/sizes.json]
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { parseArgs } from "node:util";
import { seed } from "./lib/seed.mjs";
import { OUT } from "./lib/serve.mjs";

const { values: args } = parseArgs({
  options: { invoices: { type: "string", default: "1000000" }, out: { type: "string", default: "bench/sizes.json" } },
});
const invoices = Number(args.invoices);
const dir = join(OUT, "sizes");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const file = join(dir, "bench.sqlite");

const db = new DatabaseSync(file);
// D1's databases are in WAL mode; the seed switches the journal off while loading and back after
db.exec("PRAGMA journal_mode = WAL");
for (const f of readdirSync("migrations")
  .filter((f) => f.endsWith(".sql"))
  .sort()) {
  for (const stmt of readFileSync(join("migrations", f), "utf8").split("--> statement-breakpoint")) if (stmt.trim()) db.exec(stmt);
}
db.close();
const t0 = performance.now();
const facts = seed(file, { invoices });
console.log(`seeded ${invoices.toLocaleString("en")} invoices in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

const stat = new DatabaseSync(file);
stat.exec("PRAGMA wal_checkpoint(TRUNCATE)");
const objects = stat
  .prepare(
    `SELECT d.name AS name, m.type AS type, m.tbl_name AS tbl, sum(d.pgsize) AS bytes, sum(d.payload) AS payload
     FROM dbstat d LEFT JOIN sqlite_master m ON m.name = d.name GROUP BY d.name`,
  )
  .all();
const count = (table) => stat.prepare(`SELECT count(*) AS n FROM "${table}"`).get().n;
const byTable = {};
for (const o of objects) {
  const table = o.tbl ?? o.name;
  byTable[table] ??= { table: 0, indexes: 0, payload: 0, index_names: [] };
  if (o.type === "index") {
    byTable[table].indexes += o.bytes;
    byTable[table].index_names.push(o.name);
  } else byTable[table].table += o.bytes;
  byTable[table].payload += o.payload;
}
const perRow = (table) => {
  const t = byTable[table];
  const rows = count(table);
  return { rows, table_bytes: t.table, index_bytes: t.indexes, bytes_per_row: Number(((t.table + t.indexes) / rows).toFixed(1)) };
};
const result = {
  generated_at: new Date().toISOString(),
  invoices,
  file_bytes: statSync(file).size,
  page_size: stat.prepare("PRAGMA page_size").get().page_size,
  tables: {
    invoices: perRow("invoices"),
    line_items: perRow("line_items"),
    payments: perRow("payments"),
    payment_applications: perRow("payment_applications"),
    customers: perRow("customers"),
  },
  seed: { customers: facts.customers, lines: facts.lines, payments: facts.payments },
};
stat.close();
writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result.tables, null, 2));
console.log(`file ${result.file_bytes.toLocaleString("en")} bytes; wrote ${args.out}`);
rmSync(dir, { recursive: true, force: true });
