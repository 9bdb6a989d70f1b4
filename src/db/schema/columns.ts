import { integer, text } from "drizzle-orm/sqlite-core";

/** Unix seconds, as Invoiced's API speaks them. */
export const timestamps = {
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
};

/** Free-form merchant metadata, stored as a JSON object. */
export const metadata = () => text("metadata", { mode: "json" }).$type<Record<string, string>>().notNull().default({});

export const bool = (name: string) => integer(name, { mode: "boolean" });

/** Applied discounts or taxes on a document or line: what was applied and how much it came to. */
export type Adjustment = {
  id: number;
  /** coupon or tax rate id (merchant string), null for an ad-hoc amount */
  rateId: string | null;
  name: string;
  /** percent in basis points (12.5 % = 1250), or null for a fixed amount */
  percentBp: number | null;
  /** the amount in minor units: fixed amount asked, or the computed result */
  amount: number;
};
