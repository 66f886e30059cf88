// When the file is rebuilt in key order (sqlite.ts forgetSqliteArrivalOrder, sqlite-rebuild.ts;
// what a rebuild leaves on disk is test/arrival-order.test.ts's). Each rebuild writes the count
// it started at to the file's header (user_version).
import { randomBytes, randomUUID } from "node:crypto";
import { afterEach, beforeEach, expect, it } from "vitest";
import { seededDatabase } from "../../test/harness";
import { closeDatabase, type Db, openDatabase, sqliteOf } from "./client";
import { REBUILD_GROWTH, REBUILD_MIN_RESPONSES } from "./rebuilds";
import { ResponseWriter } from "./responses";

let db: Db;
let dbPath: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ db, dbPath, cleanup } = await seededDatabase());
});
afterEach(() => cleanup());

const rebuilds = () => sqliteOf(db).pragma("user_version", { simple: true }) as number;

/**
 * Stores n responses one commit each, as respondents who come one at a time, and returns the
 * counts of responses stored at which a rebuild started, each read once it is done.
 */
async function store(n: number, from = 0): Promise<number[]> {
  const writer = new ResponseWriter(db);
  const rebuiltAfter: number[] = [];
  let before = rebuilds();
  for (let i = 1; i <= n; i++) {
    const response = {
      id: randomUUID(),
      slug: "passport-access",
      ciphertext: randomBytes(3_300).toString("base64"),
    };
    expect(await writer.store(response)).toBe("stored");
    const now = rebuilds();
    if (now !== before) rebuiltAfter.push(now);
    before = now;
  }
  return rebuiltAfter;
}

it("rebuilds the file every REBUILD_MIN_RESPONSES responses while it is small, then each time a tenth more have come", async () => {
  const expected: number[] = [];
  for (let at = REBUILD_MIN_RESPONSES; at <= 180; ) {
    expected.push(at);
    at += Math.max(REBUILD_MIN_RESPONSES, Math.ceil(at * REBUILD_GROWTH));
  }
  // 10, 20, … 100, then 110, 121, 134, 148, 163, 180: the tenth has taken over from the floor.
  expect(expected.slice(-3)).toEqual([148, 163, 180]);
  // A rebuild of more than STEP_ROWS rows (here 180 responses of 5 parts each) ends a commit or
  // more after it started: the next 10 commits see it through, before another is due at 198.
  expect(await store(190)).toEqual(expected);
}, 120_000);

it("counts on from the last rebuild after a restart, not from zero", async () => {
  expect(await store(REBUILD_MIN_RESPONSES - 1)).toEqual([]);
  await closeDatabase(db);
  db = await openDatabase(dbPath);
  try {
    expect(await store(1, REBUILD_MIN_RESPONSES - 1)).toEqual([REBUILD_MIN_RESPONSES]);
  } finally {
    await closeDatabase(db);
  }
}, 60_000);
