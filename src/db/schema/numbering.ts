import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The highest number of each kind a tenant has used, and its width (digits), so
 * the next one is computed inside the INSERT in O(1) (see `src/db/queries/numbering.ts`).
 * Triggers (migration number_counter_triggers) keep it at the highest number in the
 * tenant's format on every insert and renumbering, whichever code writes it; a
 * merchant-chosen number above it moves it up, so the next automatic one never collides.
 */
export const numberCounters = sqliteTable(
  "number_counters",
  {
    tenantId: integer("tenant_id").notNull(),
    kind: text("kind", { enum: ["invoice", "estimate", "customer"] }).notNull(),
    last: integer("last").notNull(),
    width: integer("width").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind] })],
);
