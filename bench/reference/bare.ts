import { Hono } from "hono";

// The ceiling: what a Hono worker costs when it does nothing but answer.
const app = new Hono();
app.get("*", (c) => c.text("ok"));

export default app;
