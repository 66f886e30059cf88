// SQLite's rebuild in key order (DESIGN §9.7; rebuilds.ts says when), done a step at a time so
// that no commit waits for a whole file's rewrite. `VACUUM` rewrote the whole file at once and
// held every submission meanwhile: 1.1–1.4 s at 50,000 passport responses here
// (bench:rebuild), most of a minute at a million. Instead, the tables whose pages keep time are copied in key order into
// new tables beside them, a step (`STEP_ROWS` rows) after each commit on the request thread and,
// on the batch thread, one after another in each pause between batches (batch-worker.ts), while
// submissions go on:
//
// 1. The start: an empty copy of each table, and triggers that carry to the copy, as it
//    happens, every row deleted in the old table and every row written there that the copy has
//    already passed, so the copy misses nothing the steps do not copy (rows ahead of it are
//    left to the steps: `passed`).
// 2. The copy: the old table's rows in key order, `STEP_ROWS` a step, from where the last step
//    stopped (kept in the file, `rebuild_progress`); a row the triggers already put there is
//    kept as they left it.
// 3. The swap, in one transaction: the copies take the old tables' names (foreign keys keep
//    naming the tables, not following them: `renaming`), their indexes are made again, and the
//    counts at the start are kept (`response_rewrites`).
// 4. The retirement: the old tables' rows are deleted, `STEP_ROWS` a step, in key order (with
//    secure_delete their bytes are zeroed), and a trigger deletes from them what is deleted
//    from the new ones meanwhile (a spent code, a survey deleted), then they are dropped.
//
// The copy's pages come from the free list (the pages the last retirement zeroed) or the end of
// the file, where a row lands depending on the keys alone (sqlite-rebuild.test.ts), rows that
// came during the copy ahead of it included; those it had passed sit where the triggers put
// them, as rows since a rebuild always have. The file no longer shrinks: the free pages wait
// for the next copy, so it holds about the responses twice over at its largest.
import type Database from "better-sqlite3";
import { rebuildIsDue } from "./rebuilds";

/**
 * Rows copied or deleted in one step: passport responses' parts are under 1 KB, so about 1 MB of
 * pages, 6–16 ms here (bench:rebuild; 250 rows cost half the hold for 1.4 times the work).
 */
export const STEP_ROWS = 1000;

interface Table {
  name: string;
  key: readonly string[];
}

/**
 * Rebuilt by copy and swap, parents before children: feedback replies refer to their messages.
 * The feedback tables were once rewritten whole inside the swap, which held submissions 0.7 s
 * with 10,000 messages and 4.1 s with 50,000 (bench:rebuild --messages), longer than VACUUM.
 */
const COPIED: readonly Table[] = [
  { name: "response_parts", key: ["slug", "key"] },
  { name: "invitation_codes", key: ["slug", "code_hash"] },
  { name: "feedback_messages", key: ["id"] },
  { name: "feedback_replies", key: ["message_id", "number"] },
];

const PROGRESS = "rebuild_progress";
const copyOf = (name: string) => `${name}_rebuild`;
const retiredOf = (name: string) => `${name}_retired`;
const quote = (name: string) => `"${name}"`;
const keyOf = (t: Table) => t.key.map(quote).join(", ");
const rowValue = (t: Table) => `(${keyOf(t)})`;
const params = (t: Table) => `(${t.key.map(() => "?").join(", ")})`;
/** `row`'s key equals this row's: "old" or "new" inside a trigger. */
const sameKey = (t: Table, row: string) =>
  t.key.map((k) => `${quote(k)} = ${row}.${quote(k)}`).join(" and ");

/**
 * Whether the copy has passed `row`'s key (it copies in key order): only then must the triggers
 * put the row into the copy. A row ahead of it is left for the steps, which copy it in key order
 * with the rest, so it is written once and lies by its key; put by the triggers, every row that
 * came during a copy was written twice, at the place and time it came. (A rebuild an older
 * version started keeps its triggers, which put every row: the same rows, more writes.)
 */
const passed = (t: Table, row: string) => {
  const progress = (what: string) => `(select ${what} from ${PROGRESS} where name = '${t.name}')`;
  const after = t.key.map((_, i) => `json_extract(after, '$[${i}]')`).join(", ");
  return `(${progress("done")} = 1 or (${t.key.map((k) => `${row}.${quote(k)}`).join(", ")}) <= ${progress(after)})`;
};

const exists = (sqlite: Database.Database, name: string) =>
  sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name) !==
  undefined;

function columnsOf(sqlite: Database.Database, name: string): string[] {
  return (
    sqlite.prepare(`select name from pragma_table_info(?)`).all(name) as { name: string }[]
  ).map((c) => c.name);
}

function run<T>(sqlite: Database.Database, work: () => T): T {
  sqlite.exec("BEGIN IMMEDIATE");
  try {
    const result = work();
    sqlite.exec("COMMIT");
    return result;
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
    throw error;
  }
}

/** What a rebuild is counted on: responses and feedback messages, each on its own. */
interface Counts {
  responses: number;
  messages: number;
}

/**
 * Every response stored, in every survey (the day counts are kept for the daily cap anyway),
 * and every feedback message held.
 */
const countsNow = (sqlite: Database.Database) =>
  sqlite
    .prepare(
      "select (select coalesce(sum(responses), 0) from response_days) as responses, (select count(*) from feedback_messages) as messages",
    )
    .get() as Counts;

/**
 * The counts when the last rebuild started, kept in the file (response_rewrites, written at the
 * swap), so a restart, or the other thread's connection, counts on from there, not from zero.
 */
const rebuiltAt = (sqlite: Database.Database) =>
  sqlite
    .prepare("select responses, feedback_messages as messages from response_rewrites")
    .get() as Counts;

/**
 * Due when the responses or the messages have grown enough since (rebuilds.ts): a channel that
 * only takes feedback is rebuilt too (until the nineteenth session only responses counted).
 */
function due(sqlite: Database.Database): Counts | null {
  const now = countsNow(sqlite);
  const at = rebuiltAt(sqlite);
  return rebuildIsDue(now.responses, at.responses) || rebuildIsDue(now.messages, at.messages)
    ? now
    : null;
}

const UNDER_WAY = [PROGRESS, ...COPIED.map((t) => retiredOf(t.name))];
/** Whether a rebuild is under way: copying, or retiring the old tables. Asked after each commit. */
export const underWay = (sqlite: Database.Database) =>
  sqlite
    .prepare(
      `select 1 from sqlite_master where type = 'table' and name in (${UNDER_WAY.map(() => "?").join(", ")})`,
    )
    .get(...UNDER_WAY) !== undefined;

/**
 * One step of the rebuild, after a commit: starts one when it is due and none is under way,
 * then copies, swaps and retires up to STEP_ROWS rows, in one transaction, or two when the copy
 * ends and the swap follows (both threads' connections take steps; each decides inside its
 * transaction). A small file is rebuilt within one step.
 */
export function rebuildStep(sqlite: Database.Database): void {
  // Read outside a transaction first: most commits find nothing to do, and take no lock for it.
  if (!underWay(sqlite) && !due(sqlite)) return;
  // The rows a step may still retire once the copy is done and the swap is next; else null.
  const left = run(sqlite, () => {
    if (!underWay(sqlite)) {
      const counts = due(sqlite);
      if (!counts) return null;
      start(sqlite, counts);
    }
    if (!exists(sqlite, PROGRESS)) {
      retire(sqlite, STEP_ROWS);
      return null;
    }
    const copied = copy(sqlite, STEP_ROWS);
    return copied.done ? copied.left : null;
  });
  if (left === null) return;
  renaming(sqlite, () =>
    run(sqlite, () => {
      // The other thread's connection may have swapped since.
      if (!copiedAll(sqlite)) return;
      swap(sqlite);
      if (left > 0) retire(sqlite, left);
    }),
  );
}

/**
 * Renames that leave other tables' references alone: SQLite rewrites every foreign key that
 * names a renamed table (feedback replies would follow their messages to the retired table)
 * unless foreign keys are off and legacy_alter_table on, both set outside a transaction. The
 * swap changes no row, so no check is skipped; better-sqlite3 is synchronous, so nothing else
 * runs on this connection meanwhile.
 */
function renaming(sqlite: Database.Database, work: () => void): void {
  const enforced = sqlite.pragma("foreign_keys", { simple: true }) as number;
  sqlite.pragma("foreign_keys = OFF");
  sqlite.pragma("legacy_alter_table = ON");
  try {
    work();
  } finally {
    sqlite.pragma("legacy_alter_table = OFF");
    sqlite.pragma(`foreign_keys = ${enforced ? "ON" : "OFF"}`);
  }
}

const copiedAll = (sqlite: Database.Database) =>
  exists(sqlite, PROGRESS) &&
  sqlite.prepare(`select 1 from ${PROGRESS} where done = 0`).get() === undefined;

function start(sqlite: Database.Database, counts: Counts): void {
  sqlite.exec(
    `create table ${PROGRESS} (name text primary key, after text, done integer not null, responses integer not null, messages integer not null) without rowid`,
  );
  for (const t of COPIED) {
    const { sql } = sqlite
      .prepare("select sql from sqlite_master where type = 'table' and name = ?")
      .get(t.name) as { sql: string };
    sqlite.exec(
      sql.replace(
        /^CREATE TABLE\s+("[^"]+"|`[^`]+`|\S+)/i,
        `CREATE TABLE ${quote(copyOf(t.name))}`,
      ),
    );
    const columns = columnsOf(sqlite, t.name).map(quote);
    const values = (row: string) => columns.map((c) => `${row}.${c}`).join(", ");
    const copy = quote(copyOf(t.name));
    const put = `insert or replace into ${copy} (${columns.join(", ")}) select ${values("new")} where ${passed(t, "new")};`;
    const drop = `delete from ${copy} where ${sameKey(t, "old")};`;
    sqlite.exec(`
      create trigger ${quote(`${copyOf(t.name)}_insert`)} after insert on ${quote(t.name)} begin ${put} end;
      create trigger ${quote(`${copyOf(t.name)}_update`)} after update on ${quote(t.name)} begin ${drop} ${put} end;
      create trigger ${quote(`${copyOf(t.name)}_delete`)} after delete on ${quote(t.name)} begin ${drop} end;`);
    sqlite
      .prepare(
        `insert into ${PROGRESS} (name, after, done, responses, messages) values (?, null, 0, ?, ?)`,
      )
      .run(t.name, counts.responses, counts.messages);
  }
}

/**
 * Copies up to `budget` rows in key order, table after table; returns what is left of the
 * budget and whether every table is copied.
 */
function copy(sqlite: Database.Database, budget: number): { left: number; done: boolean } {
  for (const t of COPIED) {
    const progress = sqlite
      .prepare(`select after, done from ${PROGRESS} where name = ?`)
      .get(t.name) as { after: string | null; done: number };
    if (progress.done) continue;
    if (budget <= 0) return { left: 0, done: false };
    const after = progress.after === null ? [] : (JSON.parse(progress.after) as unknown[]);
    const from = after.length > 0 ? `where ${rowValue(t)} > ${params(t)}` : "";
    // The last row this step copies: where the next one starts.
    const last = sqlite
      .prepare(
        `select ${keyOf(t)} from ${quote(t.name)} ${from} order by ${keyOf(t)} limit 1 offset ?`,
      )
      .raw()
      .get(...after, budget - 1) as unknown[] | undefined;
    const upTo = last ? `${from ? `${from} and` : "where"} ${rowValue(t)} <= ${params(t)}` : from;
    const copied = sqlite
      .prepare(
        `insert or ignore into ${quote(copyOf(t.name))} select * from ${quote(t.name)} ${upTo} order by ${keyOf(t)}`,
      )
      .run(...after, ...(last ?? []));
    sqlite
      .prepare(`update ${PROGRESS} set after = ?, done = ? where name = ?`)
      .run(last ? JSON.stringify(last) : progress.after, last ? 0 : 1, t.name);
    if (last) return { left: 0, done: false };
    budget -= copied.changes;
  }
  return { left: budget, done: true };
}

function swap(sqlite: Database.Database): void {
  const counts = sqlite
    .prepare(`select min(responses) as responses, min(messages) as messages from ${PROGRESS}`)
    .get() as Counts;
  // An index is named in the whole file and goes with its table to the retired one: each is
  // made again under its name on the new table (feedback messages': 50,000 rows in 0.1 s).
  const indexes = sqlite
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${COPIED.map(() => "?").join(", ")})`,
    )
    .all(...COPIED.map((t) => t.name)) as { name: string; sql: string }[];
  for (const t of COPIED) {
    for (const change of ["insert", "update", "delete"]) {
      sqlite.exec(`drop trigger ${quote(`${copyOf(t.name)}_${change}`)}`);
    }
    sqlite.exec(`alter table ${quote(t.name)} rename to ${quote(retiredOf(t.name))}`);
    sqlite.exec(`alter table ${quote(copyOf(t.name))} rename to ${quote(t.name)}`);
    sqlite.exec(
      `create trigger ${quote(`${retiredOf(t.name)}_delete`)} after delete on ${quote(t.name)} begin delete from ${quote(retiredOf(t.name))} where ${sameKey(t, "old")}; end;`,
    );
  }
  for (const { name, sql } of indexes) {
    sqlite.exec(`drop index ${quote(name)}`);
    sqlite.exec(sql);
  }
  sqlite.exec(`drop table ${PROGRESS}`);
  sqlite
    .prepare("update response_rewrites set responses = ?, feedback_messages = ?")
    .run(counts.responses, counts.messages);
}

/** Deletes up to `budget` rows of the old tables, in key order, and drops each once empty. */
function retire(sqlite: Database.Database, budget: number): void {
  for (const t of COPIED) {
    if (budget <= 0) return;
    const retired = quote(retiredOf(t.name));
    if (!exists(sqlite, retiredOf(t.name))) continue;
    const deleted = sqlite
      .prepare(
        `delete from ${retired} where ${rowValue(t)} in (select ${keyOf(t)} from ${retired} order by ${keyOf(t)} limit ?)`,
      )
      .run(budget).changes;
    budget -= deleted;
    if (budget > 0) {
      sqlite.exec(`drop trigger ${quote(`${retiredOf(t.name)}_delete`)}`);
      sqlite.exec(`drop table ${retired}`);
    }
  }
}

/**
 * Drops a rebuild under way, before migrations that may change the tables it copies: the old
 * tables still hold every row (the copy is dropped) or the new ones do (the retired rows are
 * dropped). It starts again at the next commit, from the count of the last one done.
 */
export function abandonRebuild(sqlite: Database.Database): void {
  const triggers = sqlite
    .prepare(
      "select name from sqlite_master where type = 'trigger' and (name like '%\\_rebuild\\_%' escape '\\' or name like '%\\_retired\\_%' escape '\\')",
    )
    .pluck()
    .all() as string[];
  const tables = [PROGRESS, ...COPIED.flatMap((t) => [copyOf(t.name), retiredOf(t.name)])].filter(
    (name) => exists(sqlite, name),
  );
  if (triggers.length === 0 && tables.length === 0) return;
  run(sqlite, () => {
    for (const name of triggers) sqlite.exec(`drop trigger ${quote(name)}`);
    for (const name of tables) sqlite.exec(`drop table ${quote(name)}`);
  });
}
