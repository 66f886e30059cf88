import { sql } from "drizzle-orm";
import { type Db, transaction } from "./client";
import { publicationLimits } from "./tables";

export type Counted = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Counts one publish or withdraw request of an organization in a fixed window of `windowMs`
 * and says whether it is within `limit`. One upsert, so instances sharing the database
 * (issue 17) count together and two requests at once cannot both take the last place.
 */
export async function countPublicationRequest(
  db: Db,
  orgId: string,
  rule: { limit: number; windowMs: number },
  now = Date.now(),
): Promise<Counted> {
  const open = sql`${publicationLimits.windowStart} > ${now - rule.windowMs}`;
  const [row] = await transaction(db, async (tx) =>
    tx
      .insert(publicationLimits)
      .values({ orgId, windowStart: now, count: 1 })
      .onConflictDoUpdate({
        target: publicationLimits.orgId,
        set: {
          windowStart: sql`CASE WHEN ${open} THEN ${publicationLimits.windowStart} ELSE ${now} END`,
          count: sql`CASE WHEN ${open} THEN ${publicationLimits.count} + 1 ELSE 1 END`,
        },
      })
      .returning(),
  );
  if (!row) throw new Error("an upsert returned no row");
  if (row.count <= rule.limit) return { ok: true };
  return {
    ok: false,
    retryAfterSeconds: Math.max(1, Math.ceil((row.windowStart + rule.windowMs - now) / 1000)),
  };
}
