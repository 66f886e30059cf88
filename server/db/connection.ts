// What a database handle carries besides drizzle's query API: which kind of database it talks
// to and the driver underneath. client.ts is the only way in; sqlite.ts and postgres.ts fill it.
import type Database from "better-sqlite3";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Pool } from "pg";

/**
 * A database handle: drizzle's query API as every query in server/db/ uses it, typed as
 * PostgreSQL's because that is the portable part of both dialects — what compiles against it
 * (awaited builders, `.limit(1)`, `.returning()`, `onConflictDo…`) runs on both. SQLite-only
 * calls (`.get()`, `.all()`, `.run()`) do not compile here on purpose.
 */
export type Db = PgDatabase<PgQueryResultHKT>;

export type Dialect = "sqlite" | "postgres";

export type Connection =
  | {
      dialect: "sqlite";
      sqlite: Database.Database;
      lock: Lock;
    }
  | { dialect: "postgres"; pool: Pool };

const CONNECTION = Symbol("voz connection");

type Carrier = { [CONNECTION]?: Connection };

/** Attaches the driver to a handle (and, by inheritance or copy, to its transactions). */
export function attach<T extends object>(handle: T, connection: Connection): T {
  (handle as Carrier)[CONNECTION] = connection;
  return handle;
}

export function connectionOf(db: Db): Connection {
  const connection = (db as Carrier)[CONNECTION];
  if (!connection) throw new Error("not a handle made by openDatabase");
  return connection;
}

/** Waits its turn: one unit of work at a time, in the order they asked. */
export class Lock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => {});
    return result;
  }
}
