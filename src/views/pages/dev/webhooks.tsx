import { BareLayout } from "../../layout";

export type ReceivedWebhook = { id: number; webhookId: string | null; timestamp: string | null; signature: string | null; body: string; createdAt: number };

/** Development webhook receiver: what the portal delivered to its own `/_dev/webhooks`, newest first. */
export function DevWebhooksPage(p: { received: ReceivedWebhook[]; url: string }) {
  return (
    <BareLayout title="Development webhooks">
      <h1>Development webhooks</h1>
      <p>
        Create a webhook with the URL <code>{p.url}</code> (<code>POST /webhooks</code>) and the portal delivers to itself: each delivery lands here with its
        Standard Webhooks headers. Newest first; the same list as JSON is at <a href="/_dev/webhooks">/_dev/webhooks</a>.
      </p>
      {p.received.length === 0 ? (
        <p>Nothing delivered yet.</p>
      ) : (
        p.received.map((w) => (
          <article class="card" aria-labelledby={`w${w.id}`}>
            <h2 id={`w${w.id}`}>{safeType(w.body)}</h2>
            <dl class="facts">
              <dt>webhook-id</dt>
              <dd>{w.webhookId}</dd>
              <dt>webhook-timestamp</dt>
              <dd>{w.timestamp}</dd>
              <dt>webhook-signature</dt>
              <dd>{w.signature}</dd>
              <dt>Received</dt>
              <dd>
                <time datetime={new Date(w.createdAt * 1000).toISOString()}>{new Date(w.createdAt * 1000).toUTCString()}</time>
              </dd>
            </dl>
            <pre class="mail-text">{pretty(w.body)}</pre>
          </article>
        ))
      )}
    </BareLayout>
  );
}

function safeType(body: string): string {
  try {
    const t = (JSON.parse(body) as { type?: unknown }).type;
    return typeof t === "string" ? t : "(no type)";
  } catch {
    return "(not JSON)";
  }
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
