// PostgreSQL, for deployments with several Voz instances on one database (issue 17,
// docs/deploy-postgres.md). The queries are the same as on SQLite; only opening, migrating and
// transactions differ.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { attach, type Connection, type Db } from "./connection";

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), "migrations-postgres");

export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//.test(location);

/** Any number; instances starting together take turns migrating under it. */
const MIGRATION_LOCK = 1_702_033_017;

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A connection that breaks while idle (the server restarted) is replaced on the next query;
  // without a listener, the pool's error would end the process.
  pool.on("error", (error) => {
    process.stderr.write(
      `${JSON.stringify({ event: "database_error", message: error.message })}\n`,
    );
  });
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
 * drizzle's transaction on a connection of its own (READ COMMITTED); given the handle of an
 * open transaction, a savepoint. The result settles after COMMIT, which PostgreSQL makes
 * durable before answering (synchronous_commit, docs/deploy-postgres.md).
 */
export function postgresTransaction<T>(
  db: Db,
  connection: Connection,
  work: (tx: Db) => Promise<T>,
): Promise<T> {
  return db.transaction((tx) => work(attach(tx, connection)));
}
