// Which database the tests run on: SQLite files, or PostgreSQL when the `postgres` test
// project runs them (VOZ_TEST_DB=postgres, vitest.config.ts) on the cluster that
// test/postgres-setup.ts started. Each test gets its own fresh database either way.
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { Dialect } from "../server/db/client";
import { TEMPLATE } from "./postgres-setup";

export const testDialect: Dialect = process.env.VOZ_TEST_DB === "postgres" ? "postgres" : "sqlite";

function admin(): string {
  const url = process.env.VOZ_TEST_POSTGRES;
  if (!url) throw new Error("VOZ_TEST_DB=postgres needs the cluster of test/postgres-setup.ts");
  return url;
}

async function asAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: admin() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new empty database: a file in `dir`, or a copy of the migrated PostgreSQL template. */
export async function freshDatabase(
  dir: string,
): Promise<{ location: string; drop(): Promise<void> }> {
  if (testDialect === "sqlite") return { location: join(dir, "voz.db"), drop: async () => {} };
  const name = `t_${randomUUID().replaceAll("-", "")}`;
  await asAdmin(`create database ${name} template ${TEMPLATE}`);
  const location = admin().replace("/postgres?", `/${name}?`);
  return { location, drop: () => asAdmin(`drop database ${name} with (force)`) };
}

/**
 * Rows read beside the app with the driver alone, never through server/db: what is really
 * stored. Plain SQL that means the same on both, `?` for parameters.
 */
export async function storedRows<T = Record<string, unknown>>(
  location: string,
  query: string,
  ...params: unknown[]
): Promise<T[]> {
  return onDatabase(location, query, params, true) as Promise<T[]>;
}

/** A change made beside the app with the driver alone (a test setting up a state). */
export async function changeRows(location: string, query: string, ...params: unknown[]) {
  await onDatabase(location, query, params, false);
}

async function onDatabase(location: string, query: string, params: unknown[], read: boolean) {
  if (testDialect === "sqlite") {
    const sqlite = new Database(location, { readonly: read, fileMustExist: true });
    try {
      const statement = sqlite.prepare(query);
      return read ? statement.all(...params) : statement.run(...params);
    } finally {
      sqlite.close();
    }
  }
  let n = 0;
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    return (
      await client.query(
        query.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows;
  } finally {
    await client.end();
  }
}

/** A table's column names, from the database's own catalogue. */
export async function columnsOf(location: string, table: string): Promise<string[]> {
  const rows = await storedRows<{ name: string }>(
    location,
    testDialect === "sqlite"
      ? `select name from pragma_table_info('${table}')`
      : `select column_name as name from information_schema.columns where table_name = '${table}'`,
  );
  return rows.map((r) => r.name);
}

/**
 * Every byte the database keeps on disk: the SQLite file, its write-ahead log and shared-memory
 * index, or the whole PostgreSQL cluster's files (heap, indexes, TOAST, WAL) after a
 * checkpoint, so pages held in memory are on disk too, and the server's own log. A search in
 * these finds what a stolen disk would show.
 */
export async function storedBytes(location: string): Promise<Buffer> {
  if (testDialect === "sqlite") {
    return Buffer.concat(
      [location, `${location}-wal`, `${location}-shm`].map((path) =>
        existsSync(path) ? readFileSync(path) : Buffer.alloc(0),
      ),
    );
  }
  const dataDir = process.env.VOZ_TEST_POSTGRES_DATA;
  const logFile = process.env.VOZ_TEST_POSTGRES_LOG;
  if (!dataDir || !logFile) throw new Error("no PostgreSQL cluster (test/postgres-setup.ts)");
  await changeRows(location, "checkpoint");
  const files = readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
  return Buffer.concat([...files, logFile].map(bytesIfStill));
}

/**
 * A file of the cluster's, or nothing if PostgreSQL removed it since it was listed: it
 * rewrites some (pg_internal.init, temporary files) by deleting them, and a file that is gone
 * is not on the disk.
 */
function bytesIfStill(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return Buffer.alloc(0);
    throw error;
  }
}

/**
 * The database's own consistency check: SQLite's integrity_check, or PostgreSQL's amcheck over
 * every table and B-tree index of the database. "ok" or what it found.
 */
export async function integrityOf(location: string): Promise<string> {
  if (testDialect === "sqlite") {
    const sqlite = new Database(location, { readonly: true, fileMustExist: true });
    try {
      return String(sqlite.pragma("integrity_check", { simple: true }));
    } finally {
      sqlite.close();
    }
  }
  await changeRows(location, "create extension if not exists amcheck");
  // bt_index_parent_check raises an error on a corrupt index; verify_heapam lists what it finds.
  await storedRows(
    location,
    `select bt_index_parent_check(c.oid, true) from pg_class c
       join pg_am a on a.oid = c.relam and a.amname = 'btree'
       where c.relkind = 'i' and c.relnamespace = 'public'::regnamespace`,
  );
  const problems = await storedRows(
    location,
    `select c.relname, v.msg from pg_class c cross join lateral verify_heapam(c.oid) v
       where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace`,
  );
  return problems.length === 0 ? "ok" : JSON.stringify(problems);
}
