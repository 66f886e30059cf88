// PostgreSQL writes a table's rows to the end of its heap in the order they come and stamps each
// with xmin, the id of the transaction that wrote it, so a copy of the cluster's files lists
// responses, and feedback messages, in the order of their commits; a spent code's deleted row
// stays in its page marked with the id that also wrote its response
// (docs/promises.md#arrival-order). No setting changes that, so the tables are rewritten as
// SQLite's file is rebuilt (rebuilds.ts says when), into new tables that take their place:
//
// 1. The copy, while submissions go on: one snapshot of the due tables is copied into new ones
//    in key order, and their indexes and keys built after (sorted once, not row by row).
// 2. The catch-up, while submissions go on: what changed since the snapshot (rows stored, codes
//    spent, messages triaged, replies) is carried into the new tables in key order, from a newer
//    snapshot, and again from a newer one while each pass still finds many rows.
// 3. The swap, holding submissions: what changed since the last pass's snapshot is carried over
//    the same way (a few milliseconds of submissions, not the whole copy's), the old tables are
//    dropped (their files emptied at commit and unlinked at the next checkpoint, dead rows,
//    TOAST and indexes with them) and the new ones take their names, and those of their
//    indexes and constraints, which migrations refer to.
//
// The heap then follows the random keys: the rows of the copy under its one xmin, then those
// that came during it, in key order too, under each pass's and the swap's, as one group
// commit's would be.
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
/**
 * Passes of the catch-up before the swap: each carries what came during the one before, so
 * they shrink as long as a pass is quicker than what it carries took to arrive; a pass that
 * carried no more than FEW_ENOUGH_FOR_THE_SWAP rows ends them.
 */
const CATCH_UP_PASSES = 3;
const FEW_ENOUGH_FOR_THE_SWAP = 100;
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
 * Returns what gives those indexes and keys their names back once the copy is `name`, and the
 * rows copied.
 */
async function copyInKeyOrder(
  client: Queryable,
  name: string,
  key: string,
): Promise<{ renames: string[]; rows: number }> {
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
  const copied = await client.query(`insert into ${copy} select * from ${name} order by ${key}`);
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
  const renames = [
    ...keys.map((k) => `alter table ${name} rename constraint "${copyOf(k.name)}" to "${k.name}"`),
    ...indexes.map((index) => `alter index "${copyOf(index.name)}" rename to "${index.name}"`),
  ];
  return { renames, rows: copied.rowCount ?? 0 };
}

/**
 * Brings the copy of `name`, which holds the table as a snapshot with xmin `since` saw it, up
 * to date with the table as the transaction sees it: in a pass before the swap, or in the swap,
 * which holds every lock. A row of the old table whose xmin is not older than `since` may have
 * been written after that snapshot: stored, or a new version of an updated row. Every row of
 * the copy whose key no older row holds any more (deleted, updated or written since) goes; the
 * newer rows come over, in key order, after the copied ones. `rows` is what the copy holds
 * (counted as it is filled, so that no pass reads the copy to know it); returns what it holds
 * after, and the rows carried (inserted and deleted).
 */
async function catchUp(
  client: Queryable,
  { name, key }: { name: string; key: string },
  since: string,
  rows: number,
): Promise<{ rows: number; carried: number }> {
  const copy = copyOf(name);
  const columns = key.split(",").map((c) => c.trim());
  const same = columns.map((c) => `o.${c} = n.${c}`).join(" and ");
  const newer = "age(o.xmin) <= age($1::xid)";
  // The old rows not newer than the snapshot are copied rows, so when there are as many of them
  // as the copy holds, none was deleted or updated since, and the anti-join is skipped
  // (100,000 rows: 253 ms). One read of the old table counts them and finds where the newer
  // rows lie, which are then fetched by place: under the lock, at 100,000 responses, one read
  // of 9 ms where a second one took as long again.
  const { rows: scan } = await client.query<{ older: string; newer: string[] | null }>(
    `select count(*) filter (where not ${newer}) as older,
            array_agg(ctid::text) filter (where ${newer}) as newer
       from ${name} o`,
    [since],
  );
  const deleted =
    Number(scan[0]?.older) === rows
      ? 0
      : ((
          await client.query(
            `delete from ${copy} n where not exists (select from ${name} o where ${same} and not ${newer})`,
            [since],
          )
        ).rowCount ?? 0);
  // The transaction's snapshot keeps the versions it read where it read them.
  const inserted = await client.query(
    `insert into ${copy} select * from ${name} where ctid = any($1::tid[]) order by ${key}`,
    [scan[0]?.newer ?? []],
  );
  const carried = deleted + (inserted.rowCount ?? 0);
  return { rows: rows - deleted + (inserted.rowCount ?? 0), carried };
}

/** Begins a transaction on one snapshot and returns that snapshot's xmin, as catchUp takes it. */
async function beginSnapshot(client: Queryable): Promise<string> {
  await client.query("begin isolation level repeatable read");
  await client.query(`set local lock_timeout = '${LOCK_WAIT}'`);
  const { rows } = await client.query<{ since: string }>(
    "select (pg_snapshot_xmin(pg_current_snapshot())::text::numeric % 4294967296)::text as since",
  );
  return rows[0]?.since ?? "";
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

    // The copy: one snapshot for every table, so each catch-up has one point to start from.
    let since = await beginSnapshot(client);
    const shapes = new Map<string, string>();
    // Still right at the swap, whose shape check sees any index or key made or dropped since.
    const renames: string[] = [];
    const held = new Map<string, number>();
    for (const { name, key } of tables) {
      shapes.set(name, await shapeOf(client, name));
      const copy = await copyInKeyOrder(client, name, key);
      renames.push(...copy.renames);
      held.set(name, copy.rows);
    }
    await client.query("commit");

    /** Brings every copy up to date from the snapshot whose xmin was `from`; the rows carried. */
    const catchUpAll = async (from: string) => {
      let carried = 0;
      for (const table of tables) {
        const done = await catchUp(client, table, from, held.get(table.name) ?? 0);
        held.set(table.name, done.rows);
        carried += done.carried;
      }
      return carried;
    };

    // What came during the copy (at 2,000 responses a second, thousands of rows) is carried
    // over while submissions go on; the swap then carries only what came during the last pass.
    for (let pass = 1; pass <= CATCH_UP_PASSES; pass++) {
      const next = await beginSnapshot(client);
      const carried = await catchUpAll(since);
      await client.query("commit");
      since = next;
      if (carried <= FEW_ENOUGH_FOR_THE_SWAP) break;
    }

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
    // (LIKE copies none): made under the lock without reading a row, and checked after it
    // (validateForeignKeys). At 100,000 responses the check was 15 of the swap's 50 ms.
    const { rows: foreign } = await client.query<{ table: string; name: string; def: string }>(
      `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
         from pg_constraint
        where contype = 'f' and (conrelid = any($1::regclass[]) or confrelid = any($1::regclass[]))
        order by conrelid::regclass::text, conname`,
      [tables.map((t) => t.name)],
    );
    await catchUpAll(since);
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
      await client.query(`alter table ${fk.table} add constraint "${fk.name}" ${fk.def} not valid`);
    }
    // Counted under the lock: the rows that came during the copy are in key order too.
    for (const { group } of due) {
      await client.query(`update response_rewrites set ${group.column} = (${group.stored})`);
    }
    await client.query("commit");
    await validateForeignKeys(client, foreign);
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

/**
 * Checks the foreign keys the swap made NOT VALID, while submissions go on: such a key already
 * holds for every row written after it was made, and the check, which reads every row, takes
 * no lock that a submission waits for. One that waits for a lock longer than LOCK_WAIT (a
 * long reader) stays unchecked until the next rewrite makes it again.
 */
async function validateForeignKeys(
  client: Queryable,
  keys: readonly { table: string; name: string }[],
): Promise<void> {
  for (const { table, name } of keys) {
    await client.query("begin");
    await client.query(`set local lock_timeout = '${LOCK_WAIT}'`);
    try {
      await client.query(`alter table ${table} validate constraint "${name}"`);
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      if ((error as { code?: unknown }).code !== "55P03") throw error;
    }
  }
}

/** Drops every new table a rewrite fills, left or half made. */
async function dropCopies(client: Queryable): Promise<void> {
  const copies = GROUPS.flatMap((g) => g.tables.map((t) => copyOf(t.name)));
  await client.query(`drop table if exists ${copies.join(", ")}`);
}
