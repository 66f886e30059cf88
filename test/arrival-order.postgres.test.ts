// DESIGN §9.7 on PostgreSQL, tried as someone holding a copy of the cluster's files would:
// responses stored through Voz's group commit, then the table's heap file read as bytes (after
// a checkpoint) and every response id found at its offset. PostgreSQL appends rows to a heap in
// the order they are written, whatever their key, so what Voz promises there is narrower than
// on SQLite (docs/promises.md#arrival-order): responses stored in one group commit are written
// in the order of their random ids, so those that arrived together cannot be told apart; across
// commits the heap and the rows' transaction ids keep the order. The last test is a tripwire for
// that statement: if it ever fails, the documentation is wrong and must change.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateKeyPair, ready, seal } from "../client/lib/crypto";
import { closeDatabase, type Db, openDatabase } from "../server/db/client";
import { ResponseWriter } from "../server/db/responses";
import { publishSurveyVersion } from "../server/db/surveys";
import { changeRows, freshDatabase, storedRows } from "./database";
import { findAll, spearman, UUID } from "./disk";
import { seedSurvey } from "./harness";

const SLUG = "passport-access";
let dir = "";
let location = "";
let drop: () => Promise<void>;
let db: Db;
let publicKey = "";

beforeEach(async () => {
  await ready();
  dir = mkdtempSync(join(tmpdir(), "voz-pg-order-"));
  ({ location, drop } = await freshDatabase(dir));
  db = await openDatabase(location);
  publicKey = generateKeyPair().publicKey;
  await publishSurveyVersion(db, seedSurvey(SLUG), publicKey, "open");
});
afterEach(async () => {
  await closeDatabase(db);
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

const response = () => ({
  id: randomUUID(),
  slug: SLUG,
  ciphertext: seal(
    { v: 1, survey: SLUG, version: 1, answers: { country: "cl" } },
    publicKey,
    seedSurvey(SLUG),
  ),
});

/** PostgreSQL's page size (BLCKSZ); a heap file is a sequence of such pages. */
const PAGE = 8192;

/**
 * Response ids in the order their rows were written to the table's heap file, read from its
 * bytes: pages fill one after another, and a page's tuples are laid from its end towards its
 * start, so within a page a lower offset was written later.
 */
async function idsInHeap(): Promise<string[]> {
  const dataDir = process.env.VOZ_TEST_POSTGRES_DATA;
  if (!dataDir) throw new Error("no PostgreSQL data folder (test/postgres-setup.ts)");
  await changeRows(location, "checkpoint");
  const [file] = await storedRows<{ path: string }>(
    location,
    "select pg_relation_filepath('response_parts') as path",
  );
  const heap = readFileSync(join(dataDir, file?.path ?? ""));
  const written = new Map<string, number>();
  for (const { text, offset } of findAll(heap, UUID)) {
    const rank = Math.floor(offset / PAGE) * PAGE + (PAGE - (offset % PAGE));
    written.set(text, Math.min(rank, written.get(text) ?? rank));
  }
  return [...written].sort((a, b) => a[1] - b[1]).map(([id]) => id);
}

/**
 * Response ids in the order of their rows' xmin: the id of the (sub)transaction that wrote
 * them, which anyone opening the copy with PostgreSQL reads beside every row. Each response's
 * savepoint gets its own, in the order the responses were stored.
 */
async function idsByXmin(): Promise<string[]> {
  const rows = await storedRows<{ id: string; xmin: string }>(
    location,
    "select id, xmin::text as xmin from response_parts where part = 0",
  );
  return rows.sort((a, b) => Number(a.xmin) - Number(b.xmin)).map((r) => r.id);
}

describe("a copy of a PostgreSQL cluster's files", () => {
  it("shows the responses of one group commit in the order of their ids, not of their arrival", async () => {
    const writer = new ResponseWriter(db);
    const arrived = Array.from({ length: 60 }, response);
    // Sent in one turn of the event loop: one batch, one commit.
    const results = await Promise.all(arrived.map((r) => writer.store(r)));
    expect(results.every((r) => r === "stored")).toBe(true);
    const sorted = arrived.map((r) => r.id).sort();
    expect(await idsInHeap()).toEqual(sorted);
    expect(await idsByXmin()).toEqual(sorted);
  });

  it("still orders responses stored in separate commits by arrival (what docs/promises.md says PostgreSQL cannot promise)", async () => {
    const writer = new ResponseWriter(db);
    const arrived: string[] = [];
    for (let i = 0; i < 40; i++) {
      const r = response();
      expect(await writer.store(r)).toBe("stored");
      arrived.push(r.id);
    }
    const heap = await idsInHeap();
    const byXmin = await idsByXmin();
    const rho = spearman(arrived.map((id, i) => [i, heap.indexOf(id)] as const));
    const rhoXmin = spearman(arrived.map((id, i) => [i, byXmin.indexOf(id)] as const));
    console.log(`PostgreSQL, 40 commits: |Spearman| heap ${rho}, xmin ${rhoXmin}`);
    expect(rho).toBeGreaterThan(0.9);
    expect(rhoXmin).toBeGreaterThan(0.9);
  });
});
