// PostgreSQL, for deployments with several Voz instances on one database (issue 17,
// docs/deploy-postgres.md). The queries are the same as on SQLite; only opening, migrating and
// transactions differ.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { attach, type Connection, type Db } from "./connection";

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), "migrations-postgres");

export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//.test(location);

/** Any number; instances starting together take turns migrating under it. */
const MIGRATION_LOCK = 1_702_033_017;

export async function openPostgres(url: string): Promise<Db> {
  const pool = poolOf(url, {});
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return attach(drizzle(pool), { dialect: "postgres", pool });
}

/**
 * A database opened only to read (cli tabulate): no migration, and the server refuses any
 * write on these connections.
 */
export function openPostgresForReading(url: string): Db {
  const pool = poolOf(url, { options: "-c default_transaction_read_only=on" });
  return attach(drizzle(pool), { dialect: "postgres", pool });
}

/** Whether every migration of this version has been applied (openPostgres would). */
export async function postgresIsMigrated(pool: pg.Pool): Promise<boolean> {
  const last = readMigrationFiles({ migrationsFolder }).at(-1)?.folderMillis ?? 0;
  const table = await pool.query("select to_regclass('drizzle.__drizzle_migrations') as name");
  if (table.rows[0]?.name === null) return false;
  const { rows } = await pool.query<{ applied: string | null }>(
    "select max(created_at)::text as applied from drizzle.__drizzle_migrations",
  );
  return Number(rows[0]?.applied ?? 0) >= last;
}

function poolOf(url: string, options: Omit<pg.PoolConfig, "connectionString" | "max">): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10, ...options });
  // A connection that breaks while idle (the server restarted) is replaced on the next query;
  // without a listener, the pool's error would end the process.
  pool.on("error", (error) => {
    process.stderr.write(
      `${JSON.stringify({ event: "database_error", message: error.message })}\n`,
    );
  });
  return pool;
}

/** Times a transaction is run again after losing a race for a key. */
const KEY_RETRIES = 3;
/** unique_violation and foreign_key_violation: what a transaction that lost a race breaks. */
const RACED = new Set(["23505", "23503"]);

/** The SQLSTATE of a driver error, also when drizzle wraps it. */
function sqlState(error: unknown): string | undefined {
  const { code, cause } = (error ?? {}) as { code?: unknown; cause?: { code?: unknown } };
  const state = typeof code === "string" ? code : cause?.code;
  return typeof state === "string" ? state : undefined;
}

/**
 * drizzle's transaction on a connection of its own (READ COMMITTED); given the handle of an
 * open transaction, a savepoint. The result settles after COMMIT, which PostgreSQL makes
 * durable before answering (synchronous_commit, docs/deploy-postgres.md).
 *
 * Our transactions look before they write ("is this email taken?"). Under READ COMMITTED two of
 * them can both look, both see nothing, and the second insert then breaks a unique key: a 500
 * where SQLite, which runs writers one at a time, answers 409 (the same sign-up sent six times at
 * once, as a double click does). Likewise a foreign key: a survey deleted because it had no
 * response yet, while its first response is being stored, broke the responses' key to it and
 * answered 500. Such a transaction is run again; it then sees the row the other committed (or
 * its absence) and answers as SQLite would. A key broken for any other reason breaks it each
 * time.
 */
export async function postgresTransaction<T>(
  db: Db,
  connection: Connection,
  work: (tx: Db) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction((tx) => work(attach(tx, connection)));
    } catch (error) {
      if (attempt >= KEY_RETRIES || !RACED.has(sqlState(error) ?? "")) throw error;
    }
  }
}
