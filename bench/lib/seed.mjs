// Seeds one benchmark tenant straight into the local D1 SQLite file (Miniflare's
// D1 object keeps the user's tables in that file). Going through D1 would take
// many minutes for a million rows; node:sqlite with prepared statements in one
// transaction takes seconds. The schema itself comes from the real migrations,
// applied through D1 beforehand (see serve.mjs), so the rows meet the real indexes.
import { createHash } from "node:crypto";
import { DatabaseSync } from "node:sqlite";

export const BENCH = {
  username: "bench",
  customers: 1000,
  /** the customer whose pages are measured: the same 1,000 invoices in every dataset */
  customerId: 1,
  customerInvoices: 1000,
  apiKey: "benchbenchbenchbenchbenchbench01",
  sessionCookie: "bench-session-cookie-0123456789abcdefghijklmnopqrstuv",
  csrfToken: "bench-csrf-token-0123456789abcdef",
};

const sha256Hex = (s) => createHash("sha256").update(s).digest("hex");

const DAY = 86400;
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Deterministic PRNG (mulberry32): the same dataset on every run. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function idMaker(rand) {
  return () => {
    let s = "";
    for (let i = 0; i < 20; i++) s += ALNUM[(rand() * 62) | 0];
    return s;
  };
}

const ITEMS = [
  ["Consulting", 15000],
  ["Support plan", 4900],
  ["Hosting", 2500],
  ["Implementation", 120000],
  ["Training session", 30000],
  ["Licence seat", 1200],
];

/**
 * A multi-row INSERT of `per` rows at a time: one call into SQLite per hundred rows
 * instead of one per row (the per-call cost dominates a bulk load from JavaScript).
 */
export function rows(db, head, tuple, per = 100) {
  const statement = (n) => db.prepare(`${head} VALUES ${Array(n).fill(tuple).join(", ")}`);
  const full = statement(per);
  let values = [];
  let n = 0;
  return {
    add(...row) {
      values.push(...row);
      if (++n === per) {
        full.run(...values);
        values = [];
        n = 0;
      }
    },
    flush() {
      if (n) statement(n).run(...values);
      values = [];
      n = 0;
    },
  };
}

/**
 * Writes a tenant with `BENCH.customers` customers and `invoices` invoices, each
 * with 1 to 3 lines; paid invoices get a payment and its application (receipts).
 * The measured customer owns `BENCH.customerInvoices` of them, spread over time
 * among everyone else's, so its rows sit scattered through the table as in life.
 * Returns facts the load phase needs (ids to open, counts).
 */
export function seed(file, { invoices }) {
  const t0 = performance.now();
  // Rows are written in batches, children before their parents are flushed: the
  // data is consistent by construction, so foreign keys are checked by nobody here.
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: false });
  // Nothing else has the file open: no journal while loading, WAL again afterwards
  // (the mode workerd's D1 object left it in).
  const mode = db.prepare("PRAGMA journal_mode").get().journal_mode;
  db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -400000; PRAGMA temp_store = MEMORY;");
  // Building an index once over sorted keys is much faster than keeping it up to date
  // row by row; the indexes come back from their own CREATE statements, so every
  // index the migrations define (including ones added later) is there when measured.
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
       AND tbl_name IN ('invoices', 'line_items', 'payments', 'payment_applications')`,
    )
    .all();
  for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
  const rand = rng(42);
  const newId = idMaker(rand);
  const now = Math.floor(Date.now() / 1000);
  const start = now - 3 * 365 * DAY;

  db.exec("BEGIN");
  const tenant = db
    .prepare("INSERT INTO tenants (username, name, currency, created_at, updated_at) VALUES (?, ?, 'usd', ?, ?) RETURNING id")
    .get(BENCH.username, "Bench Supplies Ltd", start, start).id;
  db.prepare("INSERT INTO api_keys (tenant_id, key_hash, prefix, created_at) VALUES (?, ?, ?, ?)").run(
    tenant,
    sha256Hex(BENCH.apiKey),
    BENCH.apiKey.slice(0, 6),
    start,
  );

  const insCustomer = db.prepare(
    `INSERT INTO customers (id, tenant_id, name, number, email, address1, city, postal_code, country, currency, payment_terms, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'US', 'usd', 'NET 30', ?, ?)`,
  );
  for (let c = 1; c <= BENCH.customers; c++) {
    insCustomer.run(
      c,
      tenant,
      `Customer ${c} Inc`,
      `CUST-${String(c).padStart(5, "0")}`,
      `billing${c}@example.com`,
      `${c} Market Street`,
      "Springfield",
      "12345",
      start,
      start,
    );
  }

  const insInvoice = rows(
    db,
    `INSERT INTO invoices (id, public_id, tenant_id, customer_id, number, currency, date, payment_terms, purchase_order,
       subtotal, total, created_at, updated_at, status, paid, closed, due_date, balance)`,
    "(?, ?, ?, ?, ?, 'usd', ?, 'NET 30', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insLine = rows(
    db,
    "INSERT INTO line_items (tenant_id, invoice_id, position, name, description, quantity_e4, unit_cost, amount)",
    "(?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insPayment = rows(
    db,
    `INSERT INTO payments (id, public_id, tenant_id, customer_id, date, currency, amount, method, reference, source, status,
       method_brand, method_last4, gateway, created_at, updated_at)`,
    "(?, ?, ?, ?, ?, 'usd', ?, 'credit_card', ?, 'portal', 'succeeded', 'Visa', '4242', 'test', ?, ?)",
  );
  const insApplication = rows(db, "INSERT INTO payment_applications (tenant_id, payment_id, type, invoice_id, amount)", "(?, ?, 'invoice', ?, ?)");

  // Every k-th invoice (in time order) belongs to the measured customer.
  const others = BENCH.customers - 1;
  const stride = invoices / BENCH.customerInvoices;
  const span = now - start;
  let paymentId = 0;
  let lines = 0;
  const mine = { openInvoice: null, paidInvoice: null, payment: null };
  for (let i = 1; i <= invoices; i++) {
    const isMine = Math.floor(i % stride) === 0 && Math.floor(i / stride) <= BENCH.customerInvoices;
    const customer = isMine ? BENCH.customerId : 2 + (i % others);
    const date = start + Math.floor((span * i) / invoices);
    const due = date + 30 * DAY;
    const nLines = 1 + ((rand() * 3) | 0);
    let subtotal = 0;
    const lineRows = [];
    for (let p = 0; p < nLines; p++) {
      const [name, unit] = ITEMS[(rand() * ITEMS.length) | 0];
      const qty = 1 + ((rand() * 5) | 0);
      subtotal += qty * unit;
      lineRows.push([name, qty, unit]);
    }
    // Older invoices are paid; the recent ones open, some past due.
    const age = now - date;
    const status = age > 90 * DAY ? "paid" : due < now ? "past_due" : "sent";
    const paid = status === "paid";
    const invoicePublicId = newId();
    insInvoice.add(
      i,
      invoicePublicId,
      tenant,
      customer,
      `INV-${String(i).padStart(7, "0")}`,
      date,
      `PO-${i % 9973}`,
      subtotal,
      subtotal,
      date,
      date,
      status,
      paid ? 1 : 0,
      paid ? 1 : 0,
      due,
      paid ? 0 : subtotal,
    );
    for (let p = 0; p < lineRows.length; p++) {
      const [name, qty, unit] = lineRows[p];
      insLine.add(tenant, i, p, name, `${name} for period ${p + 1}`, qty * 10000, unit, qty * unit);
      lines++;
    }
    let pid = null;
    if (paid) {
      pid = ++paymentId;
      const payDate = date + ((rand() * 25) | 0) * DAY;
      const publicId = newId();
      insPayment.add(pid, publicId, tenant, customer, payDate, subtotal, `ch_${pid}`, payDate, payDate);
      insApplication.add(tenant, pid, i, subtotal);
      if (isMine) mine.payment = publicId;
    }
    if (isMine) {
      if (paid) mine.paidInvoice = invoicePublicId;
      else mine.openInvoice = invoicePublicId;
    }
  }

  for (const r of [insInvoice, insLine, insPayment, insApplication]) r.flush();

  // A signed-in session for the measured customer, stored as the session service
  // stores it: the id is the SHA-256 of the cookie value.
  db.prepare(
    `INSERT INTO sessions (id, tenant_id, customer_id, scope, method, email, created_at, last_seen_at, auth_at, expires_at)
     VALUES (?, ?, ?, 'full', 'email_link', ?, ?, ?, ?, ?)`,
  ).run(sha256Hex(BENCH.sessionCookie), tenant, BENCH.customerId, "billing1@example.com", now, now, now, now + 12 * 3600);
  db.exec("COMMIT");
  for (const { sql } of indexes) db.exec(sql);
  // No ANALYZE: a real D1 database has no statistics unless someone runs it, and the
  // planner's choice without them is what the portal gets.
  db.exec(`PRAGMA journal_mode = ${mode}`);
  db.close();
  return {
    tenantId: tenant,
    invoices,
    customers: BENCH.customers,
    lines,
    payments: paymentId,
    customerInvoices: BENCH.customerInvoices,
    ...mine,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  };
}
