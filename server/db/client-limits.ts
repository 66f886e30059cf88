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
 * Counts one request of `bucket` in the window starting at `windowStart` and returns the
 * window's count so far: one upsert, so two instances counting at once both count.
 */
export async function countInBucket(
  db: Db,
  rule: string,
  bucket: number,
  windowStart: number,
): Promise<number> {
  const same = sql`${clientLimits.windowStart} = ${windowStart}`;
  const [row] = await statement(db, (q) =>
    q
      .insert(clientLimits)
      .values({ rule, bucket, windowStart, count: 1 })
      .onConflictDoUpdate({
        target: [clientLimits.rule, clientLimits.bucket],
        set: {
          count: sql`CASE WHEN ${same} THEN ${clientLimits.count} + 1 ELSE 1 END`,
          windowStart: sql`${windowStart}`,
        },
      })
      .returning({ count: clientLimits.count }),
  );
  if (!row) throw new Error("an upsert returned no row");
  return row.count;
}
