import { desc } from "drizzle-orm";
import type { Db } from "../../db/client";
import { devOutbox } from "../../db/schema";
import type { Mailer, MailMessage } from "./types";

/** Development transport: nothing leaves the machine; mail lands in D1 for people and tests to read. */
export function outboxMailer(db: Db, now: () => number): Mailer {
  return {
    async send(msg: MailMessage) {
      await db.insert(devOutbox).values({
        tenantId: msg.tenantId,
        to: msg.to.email,
        subject: msg.subject,
        text: msg.text,
        html: msg.html ?? null,
        attachments: msg.attachments ?? [],
        createdAt: now(),
      });
    },
  };
}

export function listOutbox(db: Db, limit = 50) {
  return db.select().from(devOutbox).orderBy(desc(devOutbox.id)).limit(limit).all();
}
