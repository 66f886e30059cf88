// Per-client rate limits shared by instances on one PostgreSQL database (server/limits.ts
// SharedLimiter): counts per bucket of addresses, never per address. The tables exist only
// on PostgreSQL (schema-postgres.ts); a single SQLite process counts in memory instead.
import { randomBytes } from "node:crypto";
import { lt, ne, sql } from "drizzle-orm";
import { type Db, statement, transaction } from "./client";
import { clientLimits, limitSecrets } from "./tables";

/**
 * The secret that places addresses in buckets on `day`: made by whichever instance asks
 * first, read by the others. Earlier days' secrets and counts are deleted, so yesterday's
 * buckets cannot be recomputed from the database.
 */
export function daySecret(db: Db, day: string, dayStart: number): Promise<string> {
  return transaction(db, async (tx) => {
    await tx
      .insert(limitSecrets)
      .values({ day, secret: randomBytes(32).toString("base64") })
      .onConflictDoNothing();
    await tx.delete(limitSecrets).where(ne(limitSecrets.day, day));
    await tx.delete(clientLimits).where(lt(clientLimits.windowStart, dayStart));
    const [row] = await tx
      .select({ secret: limitSecrets.secret })
      .from(limitSecrets)
      .where(sql`${limitSecrets.day} = ${day}`)
      .limit(1);
    if (!row) throw new Error("the day's limit secret vanished");
    return row.secret;
  });
}

/**
 * Counts requests per bucket in the window starting at `windowStart` — `hits` maps a bucket to
 * how many came — and returns each bucket's count so far in that window: one upsert for them
 * all, so two instances counting at once both count. Buckets are written in ascending order, so
 * two instances' upserts lock rows in one order and never wait for each other in a circle.
 */
export async function countInBuckets(
  db: Db,
  rule: string,
  hits: Map<number, number>,
  windowStart: number,
): Promise<Map<number, number>> {
  const same = sql`${clientLimits.windowStart} = ${windowStart}`;
  const added = sql`excluded.${sql.identifier(clientLimits.count.name)}`;
  const rows = await statement(db, (q) =>
    q
      .insert(clientLimits)
      .values(
        [...hits]
          .sort(([a], [b]) => a - b)
          .map(([bucket, count]) => ({ rule, bucket, windowStart, count })),
      )
      .onConflictDoUpdate({
        target: [clientLimits.rule, clientLimits.bucket],
        set: {
          count: sql`CASE WHEN ${same} THEN ${clientLimits.count} + ${added} ELSE ${added} END`,
          windowStart: sql`${windowStart}`,
        },
      })
      .returning({ bucket: clientLimits.bucket, count: clientLimits.count }),
  );
  return new Map(rows.map((row) => [row.bucket, row.count]));
}
