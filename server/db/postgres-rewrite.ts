// PostgreSQL writes a table's rows to the end of its heap in the order they come and stamps each
// with xmin, the id of the transaction that wrote it, so a copy of the cluster's files lists
// responses, and feedback messages, in the order of their commits; a spent code's deleted row
// stays in its page marked with the id that also wrote its response
// (docs/promises.md#arrival-order). No setting changes that, so the tables are rewritten as
// SQLite's file is rebuilt (rebuilds.ts says when), into new tables that take their place:
//
// 1. The copy, while submissions go on: one snapshot of the due tables is copied into new ones
//    in key order, and their indexes and keys built after (sorted once, not row by row).
// 2. The swap, holding submissions: what changed since the snapshot (rows stored, codes spent,
//    messages triaged, replies) is carried into the new tables in key order, the old tables are
//    dropped (their files emptied at commit and unlinked at the next checkpoint, dead rows,
//    TOAST and indexes with them) and the new ones take their names, and those of their
//    indexes and constraints, which migrations refer to.
//
// The heap then follows the random keys: the rows of the copy under its one xmin, then those
// that came during it, in key order too, under the swap's, as one group commit's would be.
import { sql } from "drizzle-orm";
import type pg from "pg";
import { connectionOf, type Db } from "./connection";
import { rebuildIsDue } from "./rebuilds";

/**
 * Any number. Every transaction that writes a rewritten table (a batch of responses, a feedback
 * message, triage or reply) holds it shared, a rewrite's swap exclusively: the swap waits for
 * those in flight on every instance, later ones wait for it, and none can hold one table the
 * swap needs while waiting for another it holds (a batch stores one survey's responses, then
 * spends another's code; a reply is written, then its message marked), which would be a
 * deadlock.
 */
export const REWRITE_LOCK = 1_702_033_018;
/**
 * Held for a whole rewrite, copy and swap, and only tried: an instance that finds another
 * rewriting leaves the work to it rather than copy the same tables twice. Submissions never
 * take it. A session lock, so a process that dies lets it go with its connection.
 */
export const ONE_REWRITE_LOCK = 1_702_033_019;

/**
 * How long a rewrite's swap waits for a lock before it leaves the work to a later commit: every
 * instance's submissions queue behind it meanwhile, so a reader holding a table for long
 * (pg_dump holds them all to its end) must not hold them all with it. After giving up, an
 * instance tries again only after RETRY_AFTER_MS, so a long dump costs each instance one such
 * wait a minute rather than one per commit. The copy waits as long for the locks it takes.
 */
const LOCK_WAIT = "500ms";
const RETRY_AFTER_MS = 60_000;
const gaveUpAt = new WeakMap<pg.Pool, number>();
/** The rewrite each pool runs now: the batches stored meanwhile need not ask the database. */
const running = new WeakMap<pg.Pool, Promise<boolean>>();

/**
 * What is rewritten, each on its own count (rebuilds.ts): the tables whose files order
 * responses, and those of the feedback channel, whose messages are stored one per commit as
 * they come. Each table by its primary key (random: ids, part keys, hashes of codes), in the
 * order the swap locks them: response_parts first, as deleteSurvey reads it before it deletes
 * codes. Their indexes and TOAST tables (long ciphertexts, whose chunk ids are drawn from a
 * counter, in order) are new with them. `stored` counts what the group holds; `column` of
 * response_rewrites keeps that count at its last rewrite.
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

/** The new table a rewrite fills, and the names its indexes and keys have until the swap. */
const copyOf = (name: string) => `${name}_rewrite`;

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
 * What a table is made of, compared before the swap: a migration run by another instance
 * during the copy (a column, an index) would be missing from the new table, so the copy is
 * dropped and a later commit starts again.
 */
async function shapeOf(db: Queryable, table: string): Promise<string> {
  const { rows } = await db.query<{ shape: string }>(
    `select concat_ws(' | ',
       (select string_agg(format('%I %s %s %s', attname, format_type(atttypid, atttypmod),
                                 attnotnull, pg_get_expr(d.adbin, d.adrelid)), ', ' order by attnum)
          from pg_attribute left join pg_attrdef d on d.adrelid = attrelid and d.adnum = attnum
         where attrelid = $1::regclass and attnum > 0 and not attisdropped),
       (select string_agg(pg_get_indexdef(indexrelid), ', ' order by indexrelid::regclass::text)
          from pg_index where indrelid = $1::regclass),
       (select string_agg(format('%I %s', conname, pg_get_constraintdef(oid)), ', ' order by conname)
          from pg_constraint where conrelid = $1::regclass)) as shape`,
    [table],
  );
  return rows[0]?.shape ?? "";
}

/**
 * The copy: `table`'s rows, as of the transaction's snapshot, into a new table in key order,
 * with the same columns, defaults, checks and grants (LIKE), then the indexes and the primary
 * and unique keys of the old one under names of their own until the swap. Foreign keys wait for
 * the swap: on the copy they would make deleting a survey fail on its codes the copy still holds.
 * Returns what gives those indexes and keys their names back once the copy is `name`.
 */
async function copyInKeyOrder(client: Queryable, name: string, key: string): Promise<string[]> {
  const copy = copyOf(name);
  await client.query(`create table ${copy} (like ${name} including all excluding indexes)`);
  const { rows: grants } = await client.query<{ grant: string }>(
    `select format('grant %s on %I to %s%s', privilege_type, $2::text,
              case when grantee = 0 then 'public' else quote_ident(pg_get_userbyid(grantee)) end,
              case when is_grantable then ' with grant option' else '' end) as grant
       from pg_class c, aclexplode(c.relacl)
      where c.oid = $1::regclass and grantee <> c.relowner`,
    [name, copy],
  );
  for (const { grant } of grants) await client.query(grant);
  await client.query(`insert into ${copy} select * from ${name} order by ${key}`);
  const { rows: keys } = await client.query<{ name: string; def: string }>(
    `select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = $1::regclass and contype in ('p', 'u', 'x') order by conname`,
    [name],
  );
  for (const k of keys) {
    await client.query(`alter table ${copy} add constraint "${copyOf(k.name)}" ${k.def}`);
  }
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i
      where i.indrelid = $1::regclass
        and not exists (select from pg_constraint c where c.conindid = i.indexrelid
                          and c.conrelid = i.indrelid and c.contype in ('p', 'u', 'x'))`,
    [name],
  );
  for (const index of indexes) {
    await client.query(
      index.def.replace(
        /^(CREATE (?:UNIQUE )?INDEX )\S+ ON \S+ /,
        `$1"${copyOf(index.name)}" ON ${copy} `,
      ),
    );
  }
  await client.query(`analyze ${copy}`);
  return [
    ...keys.map((k) => `alter table ${name} rename constraint "${copyOf(k.name)}" to "${k.name}"`),
    ...indexes.map((index) => `alter index "${copyOf(index.name)}" rename to "${index.name}"`),
  ];
}

/**
 * The swap, in the transaction that holds every lock: brings `copy` up to date with `name` and
 * puts it in its place. A row of the old table whose xmin is not older than the copy's
 * snapshot's (`since`) may have been written after it: stored, or a new version of an updated
 * row. Every row of the copy whose key no older row holds any more (deleted, updated or
 * written since) goes; the newer rows come over, in key order, after the copied ones.
 */
async function catchUp(client: Queryable, name: string, key: string, since: string) {
  const copy = copyOf(name);
  const columns = key.split(",").map((c) => c.trim());
  const same = columns.map((c) => `o.${c} = n.${c}`).join(" and ");
  const newer = "age(o.xmin) <= age($1::xid)";
  // The old rows not newer than the snapshot are copied rows, so when there are as many of them
  // as there are copied rows, none was deleted or updated since, and the anti-join is skipped
  // (100,000 rows: both counts 20 ms under the lock, the anti-join 253 ms).
  const { rows } = await client.query<{ unchanged: boolean }>(
    `select (select count(*) from ${name} o where not ${newer}) = (select count(*) from ${copy})
       as unchanged`,
    [since],
  );
  if (!rows[0]?.unchanged) {
    await client.query(
      `delete from ${copy} n where not exists (select from ${name} o where ${same} and not ${newer})`,
      [since],
    );
  }
  await client.query(`insert into ${copy} select * from ${name} o where ${newer} order by ${key}`, [
    since,
  ]);
}

/**
 * Rewrites each group's tables when the group has grown enough since its last rewrite by any
 * instance; returns whether it rewrote any, and only one at a time per pool. Runs after a batch
 * of responses or a feedback message commits, and after its 201s (rewriteInBackground), where
 * SQLite's rebuild runs before them; submissions wait only for the swap. If a lock is not had
 * in LOCK_WAIT (a long reader, a migration), nothing changes and a commit after RETRY_AFTER_MS
 * tries again; if another instance is rewriting, this one leaves it.
 */
export function forgetPostgresArrivalOrder(pool: pg.Pool): Promise<boolean> {
  if (running.has(pool)) return Promise.resolve(false);
  const rewrite = rewriteIfDue(pool).finally(() => running.delete(pool));
  running.set(pool, rewrite);
  return rewrite;
}

/**
 * Starts the rewrite when one is due and returns at once: the commit that set it off is
 * answered without waiting for it, like every other, since its rows lie in commit order until
 * the rewrite ends either way. A rewrite that fails leaves the tables as they were and is due
 * again at the next commit; what is said of it names no row (an error's message can quote a key).
 */
export function rewriteInBackground(pool: pg.Pool): void {
  forgetPostgresArrivalOrder(pool).catch((error: { code?: unknown; name?: unknown }) => {
    process.stderr.write(
      `voz: the rewrite in key order failed (${String(error?.code ?? error?.name)}); it is tried again at a later commit\n`,
    );
  });
}

/** Waits for the rewrite `pool` runs now, if any, however it ends: before the pool closes. */
export async function rewriteSettled(pool: pg.Pool): Promise<void> {
  await running.get(pool)?.catch(() => {});
}

async function rewriteIfDue(pool: pg.Pool): Promise<boolean> {
  if (Date.now() - (gaveUpAt.get(pool) ?? Number.NEGATIVE_INFINITY) < RETRY_AFTER_MS) return false;
  if ((await dueGroups(pool)).length === 0) return false;
  const client = await pool.connect();
  let broken: Error | undefined;
  let alone = false;
  try {
    const { rows } = await client.query<{ alone: boolean }>(
      "select pg_try_advisory_lock($1) as alone",
      [ONE_REWRITE_LOCK],
    );
    alone = rows[0]?.alone === true;
    if (!alone) return false;
    // A copy left by a process that died between copy and swap: in key order, so it said
    // nothing, but it is stale and its names are the ones this rewrite needs.
    await dropCopies(client);
    // Another instance may have rewritten since this one looked.
    const due = await dueGroups(client);
    if (due.length === 0) return false;
    const tables = due.flatMap(({ group }) => group.tables);

    // The copy: one snapshot for every table, so the swap has one point to catch up from.
    await client.query("begin isolation level repeatable read");
    await client.query(`set local lock_timeout = '${LOCK_WAIT}'`);
    const { rows: snapshot } = await client.query<{ since: string }>(
      "select (pg_snapshot_xmin(pg_current_snapshot())::text::numeric % 4294967296)::text as since",
    );
    const since = snapshot[0]?.since ?? "";
    const shapes = new Map<string, string>();
    // Still right at the swap, whose shape check sees any index or key made or dropped since.
    const renames: string[] = [];
    for (const { name, key } of tables) {
      shapes.set(name, await shapeOf(client, name));
      renames.push(...(await copyInKeyOrder(client, name, key)));
    }
    await client.query("commit");

    // The swap: submissions on every instance wait from here to its commit.
    await client.query("begin");
    await client.query(`set local lock_timeout = '${LOCK_WAIT}'`);
    await client.query("select pg_advisory_xact_lock($1)", [REWRITE_LOCK]);
    await client.query(
      `lock table ${tables.map((t) => t.name).join(", ")} in access exclusive mode`,
    );
    for (const { name } of tables) {
      if ((await shapeOf(client, name)) !== shapes.get(name)) {
        await client.query("rollback");
        await dropCopies(client);
        return false;
      }
    }
    // Foreign keys from and to these tables go with the old ones and are made again on the new
    // (checked once, under the lock): LIKE copies none.
    const { rows: foreign } = await client.query<{ table: string; name: string; def: string }>(
      `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
         from pg_constraint
        where contype = 'f' and (conrelid = any($1::regclass[]) or confrelid = any($1::regclass[]))
        order by conrelid::regclass::text, conname`,
      [tables.map((t) => t.name)],
    );
    for (const { name, key } of tables) await catchUp(client, name, key, since);
    const inside = new Set(tables.map((t) => t.name));
    for (const fk of foreign.filter((f) => !inside.has(f.table))) {
      await client.query(`alter table ${fk.table} drop constraint "${fk.name}"`);
    }
    await client.query(`drop table ${tables.map((t) => t.name).join(", ")}`);
    for (const { name } of tables) {
      await client.query(`alter table ${copyOf(name)} rename to ${name}`);
    }
    for (const rename of renames) await client.query(rename);
    for (const fk of foreign) {
      await client.query(`alter table ${fk.table} add constraint "${fk.name}" ${fk.def}`);
    }
    // Counted under the lock: the rows that came during the copy are in key order too.
    for (const { group } of due) {
      await client.query(`update response_rewrites set ${group.column} = (${group.stored})`);
    }
    await client.query("commit");
    return true;
  } catch (error) {
    await client
      .query("rollback")
      .then(() => dropCopies(client))
      .catch((lost: Error) => {
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
    if (alone && !broken) {
      await client
        .query("select pg_advisory_unlock($1)", [ONE_REWRITE_LOCK])
        .catch((lost: Error) => {
          broken = lost;
        });
    }
    client.release(broken);
  }
}

/** Drops every new table a rewrite fills, left or half made. */
async function dropCopies(client: Queryable): Promise<void> {
  const copies = GROUPS.flatMap((g) => g.tables.map((t) => copyOf(t.name)));
  await client.query(`drop table if exists ${copies.join(", ")}`);
}
