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
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite);
  migrate(db, { migrationsFolder });
  // The same query API as PostgreSQL's where it matters (connection.ts): queries are written once.
  return attach(db, { dialect: "sqlite", sqlite, lock: new Lock() }) as unknown as Db;
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
