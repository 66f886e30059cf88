// The PostgreSQL test project (vitest.config.ts): one throwaway cluster for the whole run, and
// a migrated template database that each test copies (test/database.ts).
import { closeDatabase, openDatabase } from "../server/db/client";
import { startCluster } from "./postgres";

export const TEMPLATE = "voz_template";

export default async function setup(): Promise<() => void> {
  const cluster = startCluster();
  try {
    cluster.sql(`create database ${TEMPLATE}`);
    await closeDatabase(await openDatabase(cluster.url(TEMPLATE)));
  } catch (error) {
    cluster.stop();
    throw error;
  }
  // Read by test/database.ts in every test process this run starts.
  process.env.VOZ_TEST_POSTGRES = cluster.url();
  process.env.VOZ_TEST_POSTGRES_DATA = cluster.dataDir;
  process.env.VOZ_TEST_POSTGRES_LOG = cluster.logFile;
  return () => cluster.stop();
}
