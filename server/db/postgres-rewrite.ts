// PostgreSQL writes a table's rows to the end of its heap in the order they come and stamps each
// with xmin, the id of the transaction that wrote it, so a copy of the cluster's files lists
// responses, and feedback messages, in the order of their commits; a spent code's deleted row
// stays in its page marked with the id that also wrote its response
// (docs/promises.md#arrival-order). No setting changes that, so the tables are rewritten as
// SQLite's file is rebuilt (rebuilds.ts says when): in one transaction each is copied aside in
// key order, emptied into a new file (TRUNCATE: the old file, dead rows and all, is emptied at
// commit and unlinked at the next checkpoint) and filled again in key order. The heap then
// follows the random keys, and every row carries the rewrite's one xmin.
import { sql } from "drizzle-orm";
import type pg from "pg";
import { connectionOf, type Db } from "./connection";
import { rebuildIsDue } from "./rebuilds";

/**
 * Any number. Every transaction that writes a rewritten table (a batch of responses, a feedback
 * message, triage or reply) holds it shared, a rewrite exclusively: a rewrite waits for those
 * in flight on every instance, later ones wait for it, and none can hold one table the rewrite
 * needs while waiting for another it holds (a batch stores one survey's responses, then spends
 * another's code; a reply is written, then its message marked), which would be a deadlock.
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
 * What is rewritten, each on its own count (rebuilds.ts): the tables whose files order
 * responses, and those of the feedback channel, whose messages are stored one per commit as
 * they come. Each table by its key (random: ids, part keys, hashes of codes), in the order
 * rewrites lock them: response_parts first, as deleteSurvey reads it before it deletes codes.
 * A group's tables are emptied in one TRUNCATE, so a foreign key between them (a reply's
 * message) does not stop it; none points into a group from outside. Their indexes and TOAST
 * tables (long ciphertexts, whose chunk ids are drawn from a counter, in order) are emptied and
 * filled with them. `stored` counts what the group holds; `column` of response_rewrites keeps
 * that count at its last rewrite.
 */
interface Group {
  stored: string;
  column: string;
  tables: readonly { name: string; key: string }[];
}

const GROUPS: readonly Group[] = [
  {
    // The day counts, as on SQLite.
    stored: "select coalesce(sum(responses), 0) from response_days",
    column: "responses",
    tables: [
      { name: "response_parts", key: "slug, key" },
      { name: "invitation_codes", key: "slug, code_hash" },
    ],
  },
  {
    // Few enough to count. Replies are written by members, a day apart at most, but go with
    // their messages (the foreign key), and so leave the old file too.
    stored: "select count(*) from feedback_messages",
    column: "feedback_messages",
    tables: [
      { name: "feedback_messages", key: "id" },
      { name: "feedback_replies", key: "message_id, number" },
    ],
  },
];

/**
 * Called first in each transaction that writes a rewritten table: each batch of responses
 * (responses.ts storeBatch), each feedback message, triage and reply (feedback.ts). Nothing on
 * SQLite, whose rebuild holds the connection's own lock.
 */
export async function holdOffRewrites(tx: Db): Promise<void> {
  if (connectionOf(tx).dialect !== "postgres") return;
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${REWRITE_LOCK})`);
}

type Queryable = Pick<pg.PoolClient, "query">;

/** Each group's rows stored now and at its last rewrite, and whether its rewrite is due. */
async function dueGroups(db: Queryable): Promise<{ group: Group; stored: number }[]> {
  const { rows } = await db.query<Record<string, string>>(
    `select ${GROUPS.map((g, i) => `(${g.stored}) as stored${i}, r.${g.column} as at${i}`).join(", ")}
       from response_rewrites r`,
  );
  const row = rows[0] ?? {};
  return GROUPS.map((group, i) => ({
    group,
    stored: Number(row[`stored${i}`] ?? 0),
    at: Number(row[`at${i}`] ?? 0),
  }))
    .filter(({ stored, at }) => rebuildIsDue(stored, at))
    .map(({ group, stored }) => ({ group, stored }));
}

/**
 * Rewrites each group's tables when the group has grown enough since its last rewrite by any
 * instance; returns whether it rewrote any. Runs after a batch of responses or a feedback
 * message commits and before its 201s, as SQLite's rebuild does. If a lock is not had in
 * LOCK_WAIT (a long reader, another instance rewriting), nothing changes and a commit after
 * RETRY_AFTER_MS tries again.
 */
export async function forgetPostgresArrivalOrder(pool: pg.Pool): Promise<boolean> {
  if (Date.now() - (gaveUpAt.get(pool) ?? Number.NEGATIVE_INFINITY) < RETRY_AFTER_MS) return false;
  if ((await dueGroups(pool)).length === 0) return false;
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("begin");
    await client.query(`set local lock_timeout = '${LOCK_WAIT}'`);
    await client.query("select pg_advisory_xact_lock($1)", [REWRITE_LOCK]);
    // Another instance may have rewritten while this one waited.
    const due = await dueGroups(client);
    const tables = due.flatMap(({ group }) => group.tables);
    if (tables.length > 0) {
      await client.query(
        `lock table ${tables.map((t) => t.name).join(", ")} in access exclusive mode`,
      );
    }
    for (const { group, stored } of due) {
      for (const { name, key } of group.tables) {
        // The copy aside is in key order too: if it outgrows temp_buffers, its file holds no order.
        await client.query(
          `create temp table rewrite_${name} on commit drop as select * from ${name} order by ${key}`,
        );
      }
      await client.query(`truncate ${group.tables.map((t) => t.name).join(", ")}`);
      for (const { name, key } of group.tables) {
        await client.query(`insert into ${name} select * from rewrite_${name} order by ${key}`);
      }
      await client.query(`update response_rewrites set ${group.column} = $1`, [stored]);
    }
    await client.query("commit");
    return due.length > 0;
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
