import { and, desc, eq } from "drizzle-orm";
import { devOutbox } from "../../src/db/schema";
import { testDb } from "../helpers/tenants";

/** Mails the development outbox holds for one address of one tenant, newest first. */
export const outboxTo = (tenantId: number, to: string) =>
  testDb()
    .select()
    .from(devOutbox)
    .where(and(eq(devOutbox.tenantId, tenantId), eq(devOutbox.to, to)))
    .orderBy(desc(devOutbox.id))
    .all();
