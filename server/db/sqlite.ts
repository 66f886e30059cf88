// The embedded database: one SQLite file, the zero-set-up default (DESIGN §2).
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { BatchThread } from "./batch-thread";
import { attach, type Connection, connectionOf, type Db, Lock } from "./connection";
import { abandonRebuild, rebuildStep, underWay } from "./sqlite-rebuild";

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), "migrations");

export function openSqlite(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = connectSqlite(path);
  const { sqlite } = connectionOf(db) as SqliteConnection;
  // A rebuild under way goes on after a restart (its triggers keep the copy whole), unless a
  // migration may change the tables it copies.
  if (!sqliteIsMigrated(sqlite)) abandonRebuild(sqlite);
  migrate(drizzle(sqlite), { migrationsFolder });
  // Frames a crash left in the log reach the file now, not at some later checkpoint.
  checkpointTruncate(sqlite);
  return db;
}

/**
 * A file opened only to read (cli tabulate, cli export): no migration, no checkpoint, no setting
 * written, and `query_only` refuses any statement that would write, so the file and its log stay
 * as they were while a live server holds them open, frames not yet checkpointed included.
 * Not SQLite's read-only mode: tabulating a million took 1.55 times the processor time with it
 * (bench:tabulate, 247 against 160 s, runs back to back on an idle machine). What remains is
 * SQLite's own: the last connection to close a file checkpoints its log into it, so a copy of a
 * server's file and log, tabulated alone, is left with the log's frames moved into the file
 * (the same data; the log was only waiting to be moved).
 */
export function openSqliteForReading(path: string): Db {
  const sqlite = new Database(path, { fileMustExist: true });
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma("query_only = ON");
  return attach(drizzle(sqlite), { dialect: "sqlite", sqlite, lock: new Lock() }) as unknown as Db;
}

/** Whether every migration of this version has been applied to the file (openSqlite would). */
export function sqliteIsMigrated(sqlite: Database.Database): boolean {
  const last = readMigrationFiles({ migrationsFolder }).at(-1)?.folderMillis ?? 0;
  const table = sqlite
    .prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  if (!table) return false;
  const applied = sqlite.prepare("select max(created_at) from __drizzle_migrations").pluck().get();
  return Number(applied) >= last;
}

export type SqliteConnection = Extract<Connection, { dialect: "sqlite" }>;

/**
 * Bytes per page of a new file. A response of the passport survey (4,844 base64 characters) is
 * one row on 32 KiB pages, where on SQLite's default 4 KiB it was seven parts on seven random
 * pages, each a page to log and copy back at every commit: a commit of 25 responses and the log
 * cut after it took 7 ms instead of 20 (docs/measured/ingest.md, twenty-second session).
 */
export const SQLITE_PAGE_SIZE = 32_768;

/**
 * Moves a file an older version made (4 KiB pages) to SQLITE_PAGE_SIZE: `VACUUM` writes it anew
 * with the new pages, every table in key order. SQLite changes a file's page size only outside
 * WAL, which it leaves only when no other connection has the file open: with the server running,
 * this throws SQLITE_BUSY and leaves the file as it was. The responses stored before keep their
 * parts (every row says how many its response has); those stored after are cut to the new pages.
 * Returns the page size before and after.
 */
export function repageSqlite(path: string): { from: number; to: number } {
  // A running server keeps its connections open: no point waiting long for them.
  const sqlite = new Database(path, { fileMustExist: true, timeout: 1000 });
  try {
    const from = sqlite.pragma("page_size", { simple: true }) as number;
    if (from === SQLITE_PAGE_SIZE) return { from, to: from };
    sqlite.pragma("journal_mode = DELETE");
    sqlite.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
    sqlite.pragma("secure_delete = ON");
    sqlite.exec("VACUUM");
    sqlite.pragma("journal_mode = WAL");
    return { from, to: sqlite.pragma("page_size", { simple: true }) as number };
  } finally {
    sqlite.close();
  }
}

/** A connection to a database file already migrated (openSqlite), such as the batch thread's. */
export function connectSqlite(path: string): Db {
  const sqlite = new Database(path);
  // Only a new file takes it (a file's page size is set when its first page is written, and a
  // WAL file's never changes): a file made by an older version keeps its 4 KiB pages, and the
  // parts responses are cut into are sized to the file's pages (responses.ts partChars).
  sqlite.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
  // WAL lets readers (export, the results page) run beside writers. synchronous=FULL makes a
  // commit durable before we answer 201: an acknowledged response survives a crash or power loss.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // DESIGN §9.7: deleted rows (a spent code) and freed pages are overwritten with zeros, and a
  // log that was checkpointed is cut to nothing rather than left holding old frames.
  sqlite.pragma("secure_delete = ON");
  sqlite.pragma("journal_size_limit = 0");
  // The same query API as PostgreSQL's where it matters (connection.ts): queries are written once.
  return attach(drizzle(sqlite), { dialect: "sqlite", sqlite, lock: new Lock() }) as unknown as Db;
}

const batchThreads = new WeakMap<Database.Database, BatchThread<unknown, unknown>>();

/**
 * The batch thread of a database file (batch-thread.ts) running `entry`, started with its first
 * job, `data` beside the file's path in its workerData (the first call's); an in-memory database
 * has no file another connection could open, and has none.
 */
export function batchThreadOf<Job, Result>(
  connection: SqliteConnection,
  entry: URL,
  data?: Readonly<Record<string, unknown>>,
): BatchThread<Job, Result> | undefined {
  const { sqlite } = connection;
  if (sqlite.memory) return undefined;
  let thread = batchThreads.get(sqlite);
  if (!thread) {
    thread = new BatchThread(entry, sqlite.name, data);
    batchThreads.set(sqlite, thread);
  }
  return thread as BatchThread<Job, Result>;
}

export async function closeSqlite(connection: SqliteConnection): Promise<void> {
  await batchThreads.get(connection.sqlite)?.close();
  connection.sqlite.close();
}

const BUSY_TIMEOUT_MS = 5000;
/** A reader in another process (an export) may hold the log briefly; requests must not wait. */
const CHECKPOINT_WAIT_MS = 50;

function checkpointTruncate(sqlite: Database.Database): void {
  if (sqlite.memory) return;
  sqlite.pragma(`busy_timeout = ${CHECKPOINT_WAIT_MS}`);
  try {
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/**
 * A step of the rebuild (sqlite-rebuild.ts), unless another connection holds the database (a
 * backup, an export): then the next commit tries again, and this says so. The batch it follows
 * is committed either way.
 */
function rebuild(sqlite: Database.Database): boolean {
  try {
    rebuildStep(sqlite);
    return true;
  } catch (error) {
    if (!isBusy(error)) throw error;
    return false;
  }
}

/** Whether SQLite refused because another connection holds the file (it is then left as it was). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

/**
 * What a commit leaves on disk that could say when responses came (DESIGN §9.7), undone before
 * its 201s. Runs between transactions (it waits for the open one).
 *
 * The write-ahead log appends frames in commit order: every committed frame is moved into the
 * file and the log cut to zero bytes. If a reader in another process holds the log, the log
 * stays until the next call.
 *
 * The file itself: a B-tree page that fills up splits, and SQLite takes the new page from the
 * end of the file, so page numbers follow the time pages were made, and a page's rows with
 * them (test/arrival-order.test.ts: rank correlation 0.05–0.15 between arrival and position
 * over 2,000 responses, 5–9 standard deviations of chance). A rebuild copies the tables that
 * hold responses and codes in key order, which erases that; it starts each time the responses
 * have grown enough since the last one (rebuilds.ts) and goes a step further after each commit
 * here, or in the pauses between batches on the batch thread (batch-worker.ts), so the
 * responses since — about a tenth of them, those that came while it ran, and those of a burst
 * not yet paused — are all whose order is left to read, and only partly; rewriting costs about
 * 11 times the tables' final size over their life (docs/promises.md#arrival-order).
 *
 * Without a commit before it, it starts the rebuild due or steps the one under way: the batch
 * thread takes steps so in its pauses, one after another while it says a rebuild is still
 * under way. Not while another connection holds the database: it says none is, and the next
 * commit or pause tries again.
 */
export function forgetSqliteArrivalOrder(connection: SqliteConnection): Promise<boolean> {
  return connection.lock.run(async () => {
    const { sqlite } = connection;
    if (sqlite.memory) return false;
    const stepped = rebuild(sqlite);
    checkpointTruncate(sqlite);
    return stepped && underWay(sqlite);
  });
}

/**
 * Empties the write-ahead log into the file after a commit whose rebuild step waits for a
 * pause (batch-worker.ts): what must be done before its 201s (DESIGN §9.7).
 */
export function cutSqliteLog(connection: SqliteConnection): Promise<void> {
  return connection.lock.run(async () => checkpointTruncate(connection.sqlite));
}

/** Whether this file has a rebuild under way (an in-memory database is never rebuilt). */
export const sqliteRebuildUnderWay = ({ sqlite }: SqliteConnection) =>
  !sqlite.memory && underWay(sqlite);

const depth = Symbol("transaction depth");
type Tx = Db & { [depth]?: number };

/**
 * One connection serves every request, and a transaction's awaits let other requests run
 * while it is open: the lock makes transactions wait for each other, and every write goes
 * through a transaction so none lands inside another request's transaction (and is undone
 * with it). BEGIN IMMEDIATE, so a writer never fails half-way on a lock upgrade. Given the
 * handle of an open transaction, it nests as a savepoint. The result settles after COMMIT.
 */
export async function sqliteTransaction<T>(
  db: Db,
  connection: Extract<Connection, { dialect: "sqlite" }>,
  work: (tx: Db) => Promise<T>,
): Promise<T> {
  const level = (db as Tx)[depth] ?? 0;
  const { sqlite, lock } = connection;
  // Inherits the query API and the connection from the handle it was made from.
  const tx: Tx = Object.create(db);
  tx[depth] = level + 1;
  if (level > 0) {
    const savepoint = `s${level}`;
    sqlite.exec(`SAVEPOINT ${savepoint}`);
    try {
      const result = await work(tx);
      sqlite.exec(`RELEASE ${savepoint}`);
      return result;
    } catch (error) {
      sqlite.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      throw error;
    }
  }
  return lock.run(async () => {
    sqlite.exec("BEGIN IMMEDIATE");
    try {
      const result = await work(tx);
      sqlite.exec("COMMIT");
      return result;
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      throw error;
    }
  });
}
