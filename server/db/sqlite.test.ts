// When the file is rebuilt in key order (sqlite.ts forgetSqliteArrivalOrder, sqlite-rebuild.ts;
// what a rebuild leaves on disk is test/arrival-order.test.ts's). Each rebuild writes the count
// it started at (response_rewrites).
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { seededDatabase } from "../../test/harness";
import { fileOfVersion } from "../../test/migrations";
import { closeDatabase, type Db, openDatabase, sqliteOf, transaction } from "./client";
import { connectionOf } from "./connection";
import { REBUILD_GROWTH, REBUILD_MIN_RESPONSES } from "./rebuilds";
import { ResponseWriter } from "./responses";
import { batchThreadOf, type SqliteConnection } from "./sqlite";
import { STEP_ROWS } from "./sqlite-rebuild";

let db: Db;
let dbPath: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ db, dbPath, cleanup } = await seededDatabase());
});
afterEach(() => cleanup());

const rebuilds = () =>
  sqliteOf(db).prepare("select responses from response_rewrites").pluck().get() as number;

/**
 * Stores n responses one commit each, as respondents who come one at a time, and returns the
 * counts of responses stored at which a rebuild started, each read once it is done. Each is a
 * long survey's, 6 parts of a new file's 32 KiB pages, so that a rebuild of a few hundred is
 * more than one step's rows.
 */
async function store(n: number): Promise<number[]> {
  const writer = new ResponseWriter(db);
  const rebuiltAfter: number[] = [];
  let before = rebuilds();
  for (let i = 1; i <= n; i++) {
    const response = {
      id: randomUUID(),
      slug: "passport-access",
      ciphertext: randomBytes(30_000).toString("base64"),
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
  // A rebuild of more than STEP_ROWS rows (here 180 responses of 6 parts each) ends after it
  // started, in steps after the next commits or between them: before another is due at 198.
  expect(await store(190)).toEqual(expected);
}, 120_000);

it("counts on from the last rebuild after a restart, not from zero", async () => {
  expect(await store(REBUILD_MIN_RESPONSES - 1)).toEqual([]);
  await closeDatabase(db);
  db = await openDatabase(dbPath);
  try {
    expect(await store(1)).toEqual([REBUILD_MIN_RESPONSES]);
  } finally {
    await closeDatabase(db);
  }
}, 60_000);

it("finishes a rebuild with no commit after it: the batch thread steps on while none comes", async () => {
  // Through the batch thread, which the server uses once it has loaded.
  const thread = batchThreadOf(
    connectionOf(db) as SqliteConnection,
    new URL("./batch-worker.ts", import.meta.url),
  );
  await expect.poll(() => thread?.isReady(), { timeout: 30_000 }).toBe(true);
  // The first rebuild due past 250 responses: 6 parts each, more than one step's rows.
  let last = REBUILD_MIN_RESPONSES;
  while (last < 250) last += Math.max(REBUILD_MIN_RESPONSES, Math.ceil(last * REBUILD_GROWTH));
  await store(last);
  expect(sqliteOf(db).prepare("select count(*) from response_parts").pluck().get()).toBeGreaterThan(
    STEP_ROWS,
  );
  // Its swap writes the count it started at; no response comes after the last one.
  await expect.poll(rebuilds, { timeout: 60_000 }).toBe(last);
  await expect
    .poll(() =>
      sqliteOf(db)
        .prepare(
          "select count(*) from sqlite_master where name like '%rebuild%' or name like '%retired%'",
        )
        .pluck()
        .get(),
    )
    .toBe(0);
}, 180_000);

/**
 * Starts the batch thread (`data` beside the file's path), stores responses one at a time until
 * the next rebuild is due, then the response that makes it due and one that comes while it is
 * stored, in two batches back to back. Returns the count that rebuild started at, and `due`.
 */
async function backToBack(data?: Record<string, unknown>): Promise<{ start: number; due: number }> {
  const thread = batchThreadOf(
    connectionOf(db) as SqliteConnection,
    new URL("./batch-worker.ts", import.meta.url),
    data,
  );
  await expect.poll(() => thread?.isReady(), { timeout: 30_000 }).toBe(true);
  const due = 2 * REBUILD_MIN_RESPONSES;
  expect(await store(due - 1)).toEqual([REBUILD_MIN_RESPONSES]);
  // The request thread's lock, held here, keeps the first batch waiting until the second
  // response has come.
  const writer = new ResponseWriter(db);
  const response = () => ({
    id: randomUUID(),
    slug: "passport-access",
    ciphertext: randomBytes(3_300).toString("base64"),
  });
  let release = () => {};
  const held = transaction(db, () => new Promise<void>((resolve) => (release = resolve)));
  const first = writer.store(response());
  await new Promise((resolve) => setImmediate(resolve));
  const second = writer.store(response());
  release();
  await held;
  expect(await Promise.all([first, second])).toEqual(["stored", "stored"]);
  await expect.poll(rebuilds, { timeout: 30_000 }).toBeGreaterThan(REBUILD_MIN_RESPONSES);
  return { start: rebuilds(), due };
}

it("takes no step of the rebuild between batches that come back to back, and starts it in the pause after them", async () => {
  // A step after the first batch would have started it at `due` (as until the twentieth
  // session); the pause after the second starts it one past.
  const { start, due } = await backToBack();
  expect(start).toBe(due + 1);
}, 120_000);

it("steps after each batch again once batches have come back to back for too long", async () => {
  // With no time allowed without a pause, the step after the first batch starts it at `due`:
  // a server that never pauses is still rebuilt (batch-worker.ts, UNPAUSED_MS).
  const { start, due } = await backToBack({ unpausedMs: 0 });
  expect(start).toBe(due);
}, 120_000);

it("carries the count an older file kept in its header over, and counts its messages from none", async () => {
  const dir = mkdtempSync(join(tmpdir(), "voz-counts-"));
  try {
    const { path, old } = fileOfVersion(dir, "0008_part_keys_by_stretch");
    old.pragma("user_version = 180");
    old.close();
    const upgraded = await openDatabase(path);
    try {
      expect(sqliteOf(upgraded).prepare("select * from response_rewrites").all()).toEqual([
        { responses: 180, feedback_messages: 0 },
      ]);
    } finally {
      await closeDatabase(upgraded);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
