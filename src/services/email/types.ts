/** One email, as every transport takes it. */
export type MailMessage = {
  tenantId: number | null;
  to: { email: string; name?: string | null };
  from?: { email: string; name?: string };
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  /** files sent with the message (a document's PDF); `content` is base64 */
  attachments?: MailAttachment[];
};

type MailAttachment = { filename: string; contentType: string; content: string };

export interface Mailer {
  send(msg: MailMessage): Promise<void>;
}
