// Voz as it runs in production (server/index.ts listen: the real app, request log, security
// headers, per-client rate limit), with the passport survey open under a daily cap, so every
// check a submission meets in production runs here too. Only the limits are raised so that
// one load generator is not refused: the limiter still counts every request.
import { SLUG } from "./body";

export async function serveVoz(dbPath: string) {
  process.env.VOZ_CLIENT_LIMIT = String(1_000_000_000);
  const { listen } = await import("../../server/index");
  const { openDatabase, sqliteOf } = await import("../../server/db/client");
  const { publishSurveyVersion, setDailyCap } = await import("../../server/db/surveys");
  const { seedSurvey } = await import("../../test/harness");
  const { generateKeyPair, ready } = await import("../../client/lib/crypto");
  await ready();
  const db = await openDatabase(dbPath);
  const opened = await publishSurveyVersion(
    db,
    seedSurvey(SLUG),
    generateKeyPair().publicKey,
    "open",
  );
  if (!opened.ok) throw new Error(`could not open ${SLUG}: ${opened.reason}`);
  await setDailyCap(db, SLUG, 1_000_000_000);
  const running = await listen(db, 0, "127.0.0.1");
  const count = sqliteOf(db).prepare("select count(*) as n from response_parts where part = 0");
  return {
    port: running.port,
    storedRows: () => (count.get() as { n: number }).n,
    checkpoint: () => sqliteOf(db).pragma("wal_checkpoint(TRUNCATE)"),
  };
}
