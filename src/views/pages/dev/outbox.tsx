import { BareLayout } from "../../layout";

export type OutboxMessage = {
  id: number;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  attachments: { filename: string }[];
  createdAt: number;
};

const URL_RE = /(https?:\/\/[^\s<>"]+)/g;

/** The text body with its links clickable (sign-in links are what a developer wants to follow). */
function Linked(p: { text: string }) {
  const parts = p.text.split(URL_RE);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <a href={part}>{part}</a> : part))}</>;
}

/** Development outbox: every mail the portal "sent", newest first. Never served in production. */
export function OutboxPage(p: { messages: OutboxMessage[]; to: string | null }) {
  return (
    <BareLayout title="Development outbox">
      <h1>Development outbox</h1>
      <p>
        Mail sent while <code>ENVIRONMENT</code> is development or test lands here instead of leaving the machine. Newest first; the same list as JSON is at{" "}
        <a href="/_dev/outbox">/_dev/outbox</a>.
      </p>
      <form method="get" action="/_dev/outbox.html">
        <label for="to">Only mail to</label>
        <input id="to" name="to" type="email" value={p.to ?? ""} autocomplete="off" />
        <p class="actions">
          <button type="submit">Filter</button>
          {p.to && <a href="/_dev/outbox.html">Show all</a>}
        </p>
      </form>
      {p.messages.length === 0 ? (
        <p>No mail yet.</p>
      ) : (
        p.messages.map((m) => (
          <article class="card" aria-labelledby={`m${m.id}`}>
            <h2 id={`m${m.id}`}>{m.subject}</h2>
            <dl class="facts">
              <dt>To</dt>
              <dd>{m.to}</dd>
              <dt>Sent</dt>
              <dd>
                <time datetime={new Date(m.createdAt * 1000).toISOString()}>{new Date(m.createdAt * 1000).toUTCString()}</time>
              </dd>
            </dl>
            {m.attachments.length > 0 && (
              <ul aria-label="Attachments">
                {m.attachments.map((a, n) => (
                  <li>
                    <a href={`/_dev/outbox/${m.id}/attachments/${n}`}>{a.filename}</a>
                  </li>
                ))}
              </ul>
            )}
            <pre class="mail-text">
              <Linked text={m.text} />
            </pre>
            {m.html && (
              <details>
                <summary>HTML version (source)</summary>
                <pre class="mail-text">{m.html}</pre>
              </details>
            )}
          </article>
        ))
      )}
    </BareLayout>
  );
}
