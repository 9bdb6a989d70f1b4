import { type SQL, sql } from "drizzle-orm";
import { rowsChanged } from "../batch";
import { eventStatement } from "../events";
import { batchPrepared, builder, type Prepared } from "../prepared";
import { rateLimits, signinTokens } from "../schema";
import { type TenantScope, tenantScope } from "../scope";
import { hitsStatement } from "./rate-limits";
import { customersByEmailQuery, revokeOlderTokens, type SigninMatch } from "./signin-tokens";

/**
 * "Email me a sign-in link" as ONE D1 batch (issue 18: it was two, then a third for the
 * mail's outbox row in development). The batch counts the request in its three windows
 * (S12), finds the address's customers, and then, only if the counts just written are
 * within the limits, revokes the address's older links (S8), stores the new token's
 * hash (S2) and records `signin.link_requested`; otherwise it records
 * `signin.rate_limited`. A batch is one transaction, so the later statements read the
 * counts the first one wrote, and two requests at once cannot both pass the limit.
 * The same five statements run whether the address is known or not (S11).
 *
 * Built once per isolate with every request value a placeholder (building it with
 * drizzle per request was a quarter of the request's CPU).
 */
export type LinkRequestValues = {
  tenantId: number;
  email: string;
  now: number;
  /** the rate-limit buckets and when their windows end: address per hour, per day, IP per hour */
  hourBucket: string;
  hourEnds: number;
  dayBucket: string;
  dayEnds: number;
  ipBucket: string;
  ipEnds: number;
  /** SHA-256 of the token (S2), of its code, and of the asking browser's nonce (S6) */
  tokenId: string;
  codeHash: string;
  nonceHash: string;
  redirectTo: string;
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
};

export type LinkLimits = { perEmailHour: number; perEmailDay: number; perIpHour: number };

const ph = <T>(name: keyof LinkRequestValues) => sql.placeholder(name) as unknown as T;

function build(limits: LinkLimits): Prepared[] {
  // built on the builder client (src/db/prepared.ts), whose tenant id is a placeholder too
  const db = tenantScope(builder, sql`${sql.placeholder("tenantId")}` as unknown as number);
  const now = ph<number>("now");
  const email = ph<string>("email");
  const countOf = (bucket: string) =>
    sql`coalesce((select ${rateLimits.count} from ${rateLimits} where ${rateLimits.tenantId} = ${db.tenantId} and ${rateLimits.bucket} = ${bucket}), 0)`;
  const allowed: SQL = sql`(${countOf(ph("hourBucket"))} <= ${limits.perEmailHour} and ${countOf(ph("dayBucket"))} <= ${limits.perEmailDay} and ${countOf(ph("ipBucket"))} <= ${limits.perIpHour})`;
  const matches = customersByEmailQuery(db, email);
  const who = { actor: "customer" as const, ip: ph<string>("ip"), userAgent: ph<string>("userAgent") };
  const statements = [
    hitsStatement(
      db,
      [
        { bucket: ph("hourBucket"), expiresAt: ph("hourEnds") },
        { bucket: ph("dayBucket"), expiresAt: ph("dayEnds") },
        { bucket: ph("ipBucket"), expiresAt: ph("ipEnds") },
      ],
      now,
    ),
    matches,
    revokeOlderTokens(db, email, "email_link", now, allowed),
    // every column in the table's order, as drizzle names them all in INSERT ... SELECT
    db.db.insert(signinTokens).select(sql`
      SELECT ${ph("tokenId")}, ${db.tenantId}, 'email_link', ${email}, NULL, ${ph("nonceHash")}, ${ph("codeHash")}, 0,
             ${ph("redirectTo")}, ${now}, ${ph("expiresAt")}, NULL, NULL WHERE ${allowed}`),
    // S43: what happened, one event either way
    eventStatement(
      db,
      {
        type: sql`CASE WHEN ${allowed} THEN 'signin.link_requested' ELSE 'signin.rate_limited' END`,
        customerId: sql`CASE WHEN ${allowed} THEN (SELECT min(id) FROM (${matches})) END`,
        data: sql`CASE WHEN ${allowed} THEN json_object('matched', (SELECT count(*) FROM (${matches}))) ELSE json_object('purpose', 'email_link') END`,
      },
      who,
      now,
    ),
  ];
  return statements.map((q) => (q as unknown as { _prepare(): Prepared })._prepare());
}

/** The token's conditional insert: its place in the batch. */
const TOKEN_INSERT = 3;

let prepared: { limits: LinkLimits; statements: Prepared[] } | undefined;

/**
 * Runs the batch on the tenant's database. `allowed`: the limits let the request through,
 * read from the batch itself (its token was stored), so JavaScript never judges the
 * counts a second time; `matches`: the address's customers.
 */
export async function runLinkRequest(
  scope: TenantScope,
  limits: LinkLimits,
  values: Omit<LinkRequestValues, "tenantId">,
): Promise<{ allowed: boolean; matches: SigninMatch[] }> {
  if (prepared?.limits !== limits) prepared = { limits, statements: build(limits) };
  const results = await batchPrepared(scope.db.$client, prepared.statements, { ...values, tenantId: scope.tenantId });
  return { allowed: rowsChanged(results[TOKEN_INSERT]) === 1, matches: results[1] as SigninMatch[] };
}
