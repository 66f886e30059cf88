// Voz as it runs in production (server/index.ts listen: the real app, request log, security
// headers, per-client rate limit), with the passport survey open under a daily cap, so every
// check a submission meets in production runs here too. Only the limits are raised so that
// one load generator is not refused: the limiter still counts every request. `location` is a
// SQLite file or a postgres:// URL, as VOZ_DB would be.
import { SLUG } from "./body";

export async function serveVoz(location: string) {
  process.env.VOZ_CLIENT_LIMIT = String(1_000_000_000);
  const { listen } = await import("../../server/index");
  const { openDatabase, dialectOf, sqliteOf } = await import("../../server/db/client");
  const { publishSurveyVersion, setDailyCap } = await import("../../server/db/surveys");
  const { responseParts } = await import("../../server/db/tables");
  const { count, eq, sql } = await import("drizzle-orm");
  const { seedSurvey } = await import("../../test/harness");
  const { generateKeyPair, ready } = await import("../../client/lib/crypto");
  const { statSync, existsSync } = await import("node:fs");
  await ready();
  const db = await openDatabase(location);
  const size = async () => {
    const result = (await db.execute(sql`select pg_database_size(current_database()) as n`)) as {
      rows: { n: string }[];
    };
    return Number(result.rows[0]?.n);
  };
  const sqlite = dialectOf(db) === "sqlite";
  // The empty database's own catalogue is not the responses' size.
  const empty = sqlite ? 0 : await size();
  const opened = await publishSurveyVersion(
    db,
    seedSurvey(SLUG),
    generateKeyPair().publicKey,
    "open",
  );
  if (!opened.ok) throw new Error(`could not open ${SLUG}: ${opened.reason}`);
  await setDailyCap(db, SLUG, 1_000_000_000);
  const running = await listen(db, 0, "127.0.0.1");
  return {
    port: running.port,
    async storedRows() {
      const [row] = await db
        .select({ n: count() })
        .from(responseParts)
        .where(eq(responseParts.part, 0));
      return row?.n ?? 0;
    },
    async storedBytes() {
      if (!sqlite) return (await size()) - empty;
      sqliteOf(db).pragma("wal_checkpoint(TRUNCATE)");
      return [location, `${location}-wal`].reduce(
        (sum, f) => sum + (existsSync(f) ? statSync(f).size : 0),
        0,
      );
    },
  };
}
