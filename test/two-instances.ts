// Two Voz instances on one fresh database, the passport survey open: made before each test of
// the file that calls it, and closed and dropped after. For the tests of what one instance's
// writes do to the other's (PostgreSQL, issue 17).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { generateKeyPair, ready } from "../client/lib/crypto";
import { closeDatabase, type Db, openDatabase } from "../server/db/client";
import { publishSurveyVersion } from "../server/db/surveys";
import { freshDatabase } from "./database";
import { seedSurvey } from "./harness";

export const SLUG = "passport-access";

export interface TwoInstances {
  a: Db;
  b: Db;
  /** The database's location, for reading and changing it beside the instances. */
  location: string;
}

export function twoInstances(prefix: string): TwoInstances {
  const both = {} as TwoInstances;
  let dir = "";
  let drop: () => Promise<void> = async () => {};
  beforeEach(async () => {
    await ready();
    dir = mkdtempSync(join(tmpdir(), prefix));
    const fresh = await freshDatabase(dir);
    drop = fresh.drop;
    both.location = fresh.location;
    both.a = await openDatabase(both.location);
    both.b = await openDatabase(both.location);
    await publishSurveyVersion(both.a, seedSurvey(SLUG), generateKeyPair().publicKey, "open");
  });
  afterEach(async () => {
    await closeDatabase(both.a);
    await closeDatabase(both.b);
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });
  return both;
}
