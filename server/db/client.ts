// Opens the database named by VOZ_DB — a SQLite file (the default) or a postgres:// URL — and
// brings its schema up to date. Only server/db/ touches SQL; everything else calls the query
// functions in this folder, which are written once for both (connection.ts says how).
import Database from "better-sqlite3";
import { connectionOf, type Db, type Dialect } from "./connection";
import {
  isPostgresUrl,
  openPostgres,
  openPostgresForReading,
  postgresIsMigrated,
  postgresTransaction,
} from "./postgres";
import { rewriteInBackground, rewriteSettled } from "./postgres-rewrite";
import {
  closeSqlite,
  forgetSqliteArrivalOrder,
  openSqlite,
  openSqliteForReading,
  sqliteIsMigrated,
  sqliteTransaction,
} from "./sqlite";
import { useTablesOf } from "./tables";

export type { Db, Dialect } from "./connection";

/** A SQLite file path (created if missing) or a `postgres://` URL. */
export async function openDatabase(location: string): Promise<Db> {
  const dialect: Dialect = isPostgresUrl(location) ? "postgres" : "sqlite";
  useTablesOf(dialect);
  return dialect === "postgres" ? openPostgres(location) : openSqlite(location);
}

/**
 * Opens a database only to read (cli tabulate, and its workers reading a survey's responses a
 * stretch of ids at a time): nothing is migrated or written (openSqliteForReading says what
 * SQLite itself may still do); schemaIsCurrent says whether the queries of this version will
 * find their tables. On SQLite, the sort that puts a stretch's responses together (about a 256th of
 * the survey: 20 MB of a million) stays in memory instead of spilling to a temporary file
 * (bench:tabulate's million: 21–26 µs of processor time per response instead of 36–45). Only
 * here, where what is sorted is known to be a stretch.
 */
export async function openDatabaseForReading(location: string): Promise<Db> {
  const dialect: Dialect = isPostgresUrl(location) ? "postgres" : "sqlite";
  useTablesOf(dialect);
  if (dialect === "postgres") return openPostgresForReading(location);
  const db = openSqliteForReading(location);
  sqliteOf(db).pragma("temp_store = MEMORY");
  return db;
}

/** Whether every migration of this version has been applied to the database. */
export async function schemaIsCurrent(db: Db): Promise<boolean> {
  const connection = connectionOf(db);
  return connection.dialect === "sqlite"
    ? sqliteIsMigrated(connection.sqlite)
    : postgresIsMigrated(connection.pool);
}

export async function closeDatabase(db: Db): Promise<void> {
  const connection = connectionOf(db);
  if (connection.dialect === "sqlite") await closeSqlite(connection);
  else {
    await rewriteSettled(connection.pool);
    await connection.pool.end();
  }
}

export function dialectOf(db: Db): Dialect {
  return connectionOf(db).dialect;
}

/**
 * Runs `work` in one transaction; called with the `tx` of an open transaction, it nests as a
 * savepoint, so a throw undoes only the inner work. The result settles after COMMIT. Every
 * write goes through here (sqlite.ts says why).
 */
export function transaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  const connection = connectionOf(db);
  return connection.dialect === "sqlite"
    ? sqliteTransaction(db, connection, work)
    : postgresTransaction(db, connection, work);
}

/**
 * Undoes what a commit left on disk that orders responses by arrival: on SQLite, empties the
 * write-ahead log into the file and rebuilds the file in key order once it has grown enough
 * (sqlite.ts forgetSqliteArrivalOrder, DESIGN §9.7), before it returns; on PostgreSQL, starts
 * the rewrite of the tables that hold responses and codes in key order on the same rule, and
 * returns without waiting for it (postgres-rewrite.ts). PostgreSQL's write-ahead log is the
 * server's own: nothing a client can cut (docs/promises.md#arrival-order).
 */
export async function forgetArrivalOrder(db: Db): Promise<void> {
  const connection = connectionOf(db);
  if (connection.dialect === "sqlite") await forgetSqliteArrivalOrder(connection);
  else rewriteInBackground(connection.pool);
}

/** Waits for what forgetArrivalOrder left running (a PostgreSQL rewrite), if anything. */
export async function arrivalOrderForgotten(db: Db): Promise<void> {
  const connection = connectionOf(db);
  if (connection.dialect === "postgres") await rewriteSettled(connection.pool);
}

/**
 * One write statement, for the paths where round trips count: on PostgreSQL a statement is
 * atomic on its own, so it runs without BEGIN and COMMIT; on SQLite it takes the transaction
 * lock like any write (sqlite.ts).
 */
export function statement<T>(db: Db, work: (q: Db) => Promise<T>): Promise<T> {
  return connectionOf(db).dialect === "sqlite" ? transaction(db, work) : work(db);
}

/**
 * What a prepared query stays valid for: statements prepared from `db` may run on any handle
 * with the same key, the driver's connection underneath — on SQLite the one connection, on
 * PostgreSQL the pool's connection a transaction holds (each transaction is a new drizzle
 * session on it), or the pool itself outside one. Keyed per transaction instead, the
 * submission path built its statements again for every batch (bench:ingest profile: 4 % of
 * its CPU on PostgreSQL).
 */
export function statementScope(db: Db): object {
  const { session } = db as unknown as { session: { client?: object } };
  return session.client ?? session;
}

/** The SQLite connection underneath, for what only SQLite has (pragmas, the file's bytes). */
export function sqliteOf(db: Db): Database.Database {
  const connection = connectionOf(db);
  if (connection.dialect !== "sqlite") throw new Error("this database is not SQLite");
  return connection.sqlite;
}

/**
 * Copies a live SQLite database with SQLite's online backup API, which restarts when a writer
 * changes a page it already copied, so the copy is one consistent snapshot. (PostgreSQL has
 * pg_dump and base backups: docs/deploy-postgres.md.)
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
