import { Hono } from "hono";

// What a hand-tuned D1 page costs: one prepared statement for the 50 latest
// invoices of one customer (the same rows the portal's invoice list shows) and a
// plain JSX table. No middleware, no session, no layout.
type Env = { DB: D1Database; TENANT_ID: string; CUSTOMER_ID: string };
type Row = { number: string; date: number; due_date: number | null; total: number; balance: number; status: string };

const app = new Hono<{ Bindings: Env }>();

const money = (minor: number) => (minor / 100).toFixed(2);
const day = (unix: number | null) => (unix === null ? "" : new Date(unix * 1000).toISOString().slice(0, 10));

app.get("*", async (c) => {
  const { results } = await c.env.DB.prepare(
    "SELECT number, date, due_date, total, balance, status FROM invoices WHERE tenant_id = ? AND customer_id = ? ORDER BY date DESC LIMIT 50",
  )
    .bind(Number(c.env.TENANT_ID), Number(c.env.CUSTOMER_ID))
    .all<Row>();
  return c.html(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>Invoices</title>
      </head>
      <body>
        <h1>Invoices</h1>
        <table>
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Date</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
              <th scope="col">Total</th>
              <th scope="col">Balance</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr>
                <td>{r.number}</td>
                <td>{day(r.date)}</td>
                <td>{day(r.due_date)}</td>
                <td>{r.status}</td>
                <td>{money(r.total)}</td>
                <td>{money(r.balance)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </body>
    </html>,
  );
});

export default app;
