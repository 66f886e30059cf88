// The embedded database: one SQLite file, the zero-set-up default (DESIGN §2).
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { attach, type Connection, type Db, Lock } from "./connection";

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), "migrations");

export function openSqlite(path: string): Db {
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
  const db = drizzle(sqlite);
  migrate(db, { migrationsFolder });
  // Frames a crash left in the log reach the file now, not at some later checkpoint.
  checkpointTruncate(sqlite);
  // The same query API as PostgreSQL's where it matters (connection.ts): queries are written once.
  return attach(db, { dialect: "sqlite", sqlite, lock: new Lock() }) as unknown as Db;
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
export function truncateSqliteLog(
  connection: Extract<Connection, { dialect: "sqlite" }>,
): Promise<void> {
  return connection.lock.run(async () => checkpointTruncate(connection.sqlite));
}

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
