// Opens the embedded SQLite database and brings its schema up to date. Only server/db/
// touches SQL; everything else calls the query functions in this folder.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), "migrations");

export async function openDatabase(path: string): Promise<Db> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
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
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  // Frames a crash left in the log reach the file now, not at some later checkpoint.
  checkpointTruncate(sqlite);
  return db;
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
 * Moves every committed frame of the write-ahead log into the database file and cuts the log to
 * zero bytes (DESIGN §9.7): the log appends frames in commit order, so left alone it keeps the
 * order in which responses arrived. Runs between transactions (it waits for the open one); if
 * a reader in another process holds the log, the log stays until the next call.
 */
export function truncateLog(db: Db): Promise<void> {
  return lockOf(db).run(async () => checkpointTruncate(db.$client));
}

export async function closeDatabase(db: Db): Promise<void> {
  db.$client.close();
}

/**
 * One connection serves every request, and a transaction's awaits let other requests run
 * while it is open: the lock makes transactions wait for each other, and every write goes
 * through `transaction` so none lands inside another request's transaction (and is undone
 * with it).
 */
class Lock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => {});
    return result;
  }
}

const locks = new WeakMap<Db, Lock>();

function lockOf(db: Db): Lock {
  let lock = locks.get(db);
  if (!lock) {
    lock = new Lock();
    locks.set(db, lock);
  }
  return lock;
}
const depth = Symbol("transaction depth");
type Tx = Db & { [depth]?: number };

/**
 * Runs `work` in one transaction (SQLite: BEGIN IMMEDIATE, so a writer never fails half-way
 * on a lock upgrade). Called with the `tx` of an open transaction, it nests as a savepoint:
 * a throw undoes only the inner work. The result settles after COMMIT.
 */
export async function transaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  const level = (db as Tx)[depth] ?? 0;
  const sqlite = db.$client;
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
  return lockOf(db).run(async () => {
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

/**
 * Copies a live database with SQLite's online backup API, which restarts when a writer
 * changes a page it already copied, so the copy is one consistent snapshot.
 */
export async function backupDatabase(source: string, target: string): Promise<number> {
  const sqlite = new Database(source, { fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  try {
    const { totalPages } = await sqlite.backup(target);
    return totalPages;
  } finally {
    sqlite.close();
  }
}

/** The day in UTC, the finest time kept about a respondent (DESIGN §9.2). */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
