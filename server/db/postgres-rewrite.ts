// PostgreSQL writes a table's rows to the end of its heap in the order they come and stamps each
// with xmin, the id of the transaction that wrote it, so a copy of the cluster's files lists
// responses in the order of their commits; a spent code's deleted row stays in its page marked
// with the id that also wrote its response (docs/promises.md#arrival-order). No setting changes
// that, so the tables are rewritten as SQLite's file is rebuilt (rebuilds.ts says when): in one
// transaction each is copied aside in key order, emptied into a new file (TRUNCATE: the old
// file, dead rows and all, is emptied at commit and unlinked at the next checkpoint) and filled
// again in key order. The heap then
// follows the random keys, and every row carries the rewrite's one xmin.
import { sql } from "drizzle-orm";
import type pg from "pg";
import type { Db } from "./connection";
import { rebuildIsDue } from "./rebuilds";

/**
 * Any number. Every batch that stores responses holds it shared, a rewrite exclusively: a
 * rewrite waits for the batches in flight on every instance, later ones wait for it, and none
 * can hold one table the rewrite needs while waiting for another it holds (a batch stores one
 * survey's responses, then spends another's code), which would be a deadlock.
 */
const REWRITE_LOCK = 1_702_033_018;

/**
 * How long a rewrite waits for a lock before it leaves the work to a later commit: every
 * instance's submissions queue behind it meanwhile, so a reader holding a table for long
 * (pg_dump holds them all to its end) must not hold them all with it. After giving up, an
 * instance tries again only after RETRY_AFTER_MS, so a long dump costs each instance one such
 * wait a minute rather than one per commit.
 */
const LOCK_WAIT = "500ms";
const RETRY_AFTER_MS = 60_000;
const gaveUpAt = new WeakMap<pg.Pool, number>();

/**
 * The tables whose files order responses, each by its key (random: ids, part keys, hashes of
 * codes), in the order rewrites lock them: response_parts first, as deleteSurvey reads it before
 * it deletes codes. No foreign key points to either, so TRUNCATE may empty them; their indexes
 * and the TOAST table of long ciphertexts (whose chunk ids are drawn from a counter, in order)
 * are emptied and filled with them.
 */
const TABLES = [
  { name: "response_parts", key: "slug, key" },
  { name: "invitation_codes", key: "slug, code_hash" },
] as const;

/** Called first in each batch's transaction (responses.ts storeBatch). */
export async function holdOffRewrites(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${REWRITE_LOCK})`);
}

type Queryable = Pick<pg.PoolClient, "query">;

/** Responses stored (the day counts, as on SQLite) and stored at the last rewrite. */
async function sizes(db: Queryable): Promise<{ stored: number; at: number }> {
  const { rows } = await db.query<{ stored: string; at: string }>(
    `select (select coalesce(sum(responses), 0) from response_days) as stored,
       (select responses from response_rewrites) as at`,
  );
  return { stored: Number(rows[0]?.stored ?? 0), at: Number(rows[0]?.at ?? 0) };
}

/**
 * Rewrites the tables when the responses have grown enough since the last rewrite by any
 * instance; returns whether it did. Runs after a batch commits and before its 201s, as SQLite's
 * rebuild does. If a lock is not had in LOCK_WAIT (a long reader, another instance rewriting),
 * nothing changes and a commit after RETRY_AFTER_MS tries again.
 */
export async function forgetPostgresArrivalOrder(pool: pg.Pool): Promise<boolean> {
  if (Date.now() - (gaveUpAt.get(pool) ?? Number.NEGATIVE_INFINITY) < RETRY_AFTER_MS) return false;
  const due = await sizes(pool);
  if (!rebuildIsDue(due.stored, due.at)) return false;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("begin");
    await client.query(`set local lock_timeout = '${LOCK_WAIT}'`);
    await client.query("select pg_advisory_xact_lock($1)", [REWRITE_LOCK]);
    // Another instance may have rewritten while this one waited.
    const { stored, at } = await sizes(client);
    const rewrite = rebuildIsDue(stored, at);
    if (rewrite) {
      await client.query(
        `lock table ${TABLES.map((t) => t.name).join(", ")} in access exclusive mode`,
      );
      for (const { name, key } of TABLES) {
        // The copy aside is in key order too: if it outgrows temp_buffers, its file holds no order.
        await client.query(
          `create temp table rewrite_${name} on commit drop as select * from ${name} order by ${key}`,
        );
        await client.query(`truncate ${name}`);
        await client.query(`insert into ${name} select * from rewrite_${name} order by ${key}`);
      }
      await client.query("update response_rewrites set responses = $1", [stored]);
    }
    await client.query("commit");
    return rewrite;
  } catch (error) {
    await client.query("rollback").catch((lost: Error) => {
      broken = lost;
    });
    // lock_not_available (LOCK_WAIT passed) or a deadlock with a transaction outside batches.
    const code = (error as { code?: unknown }).code;
    if (code === "55P03" || code === "40P01") {
      gaveUpAt.set(pool, Date.now());
      return false;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
