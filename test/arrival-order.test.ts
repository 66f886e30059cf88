// DESIGN §9.7, tried as someone who seized the disk of a running server would: some 2,000
// responses arrive one after another, each admitted by an invitation code; then the raw bytes of the
// database file and of its write-ahead log are read without SQLite, every response id (and
// every ciphertext) is found with its byte offset, and positions are compared with the order
// the responses arrived in. Codes are looked for on the page and in the frames of the response
// they admitted.
//
// How much correlation is too much is not guessed: each figure is compared with how far it
// strays by chance on the same positions, arrival times dealt out again at random (chanceSpread,
// a permutation test), and must stay within LIMIT_SPREADS of it. Over some 2,000 responses one
// spread is now about 0.02 (the limits printed: 0.08–0.10). Before the file was rebuilt in key
// order, the order pages got from the time they were made (rank correlation 0.05–0.15) stood
// 5–9 spreads out, when a spread was about 0.01.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seal } from "../client/lib/crypto";
import { REBUILD_GROWTH, REBUILD_MIN_RESPONSES } from "../server/db/rebuilds";
import { runCli } from "./cli";
import {
  chanceSpread,
  findAll,
  frameIndexAt,
  locate,
  pageSize,
  spearman,
  UUID,
  walFrames,
  withinGroupTau,
} from "./disk";
import { seedSurvey, startServer, type TestServer } from "./harness";

const SLUG = "passport-access";
/**
 * At least 2,000, and the disk seized just before a rebuild in key order is due, when the most
 * responses since the last one sit on pages that follow time (docs/promises.md#arrival-order):
 * with one response per commit, rebuilds come at counts known in advance (server/db/sqlite.ts).
 */
const RESPONSES = (() => {
  for (let at = 0; ; ) {
    const next = at + Math.max(REBUILD_MIN_RESPONSES, Math.ceil(at * REBUILD_GROWTH));
    if (next > 2000) return next - 1;
    at = next;
  }
})();
/**
 * Spreads of chance a figure may reach: 4.5 is passed by chance about once in 150,000 times
 * (a normal tail), so the test's twelve figures fail together by chance about once in 12,000
 * runs.
 */
const LIMIT_SPREADS = 4.5;
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

interface Planted {
  id: string;
  ciphertext: string;
  code: string;
}

/** The storage format of a code (server/db/codes.ts): whoever printed the codes can compute it. */
function codeHash(code: string): string {
  return createHash("sha256")
    .update(`voz-code/1\n${SLUG}\n${code.replace("-", "")}`)
    .digest("base64");
}

/** The responses, and the codes made beside them that nobody spent. */
async function plant(server: TestServer): Promise<{ planted: Planted[]; unspent: string[] }> {
  const made = await runCli(["codes", SLUG, "--n", String(RESPONSES + 40), "--db", server.dbPath]);
  expect(made.code).toBe(0);
  const codes = made.stdout.trim().split("\n");
  const publicKey = server.keys[SLUG]?.publicKey ?? "";
  const survey = seedSurvey(SLUG);
  const planted: Planted[] = [];
  for (let i = 0; i < RESPONSES; i++) {
    const answers: Record<string, string> = {
      country: pick(["cl", "co", "pe", "ec"]),
      age_group: pick(["18_24", "25_34", "35_44"]),
      gender: pick(["woman", "man"]),
    };
    const response = {
      id: crypto.randomUUID(),
      ciphertext: seal({ v: 1, survey: SLUG, version: 1, answers }, publicKey, survey),
      code: codes[i] as string,
    };
    // One after another: each response is alone in its commit, the easiest case to order.
    const res = await fetch(`${server.url}/api/surveys/${SLUG}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(response),
    });
    expect(res.status).toBe(201);
    planted.push(response);
  }
  return { planted, unspent: codes.slice(RESPONSES) };
}

/** |Spearman| between byte offset and arrival, and the most chance allows on these offsets. */
interface Figure {
  rho: number;
  limit: number;
}

interface Reading {
  /**
   * Ids: over every copy of every id found, and over the first copy of each (an older id is
   * carried along in every later copy of its page, so its first appearance may give it away).
   */
  ids: Figure[];
  /** The same for the last bytes of every ciphertext (which may sit apart from its id). */
  ciphertexts: Figure[];
  /** |Kendall's tau| between position and arrival among ids sharing a page (file) or frame (WAL). */
  withinPage: number;
  idsFound: number;
}

function read(
  bytes: Buffer,
  planted: readonly Planted[],
  groupOf: (offset: number) => number,
): Reading {
  const arrival = new Map(planted.map((p, i) => [p.id, i]));
  const points = findAll(bytes, UUID).flatMap(({ text, offset }) => {
    const rank = arrival.get(text);
    return rank === undefined ? [] : [{ offset, rank }];
  });
  const tails = locate(
    bytes,
    planted.map((p) => p.ciphertext.slice(-48)),
  ).flatMap((offsets, rank) => offsets.map((offset) => ({ offset, rank })));
  const figure = (pts: { offset: number; rank: number }[]): Figure =>
    pts.length < 3
      ? { rho: 0, limit: 1 }
      : {
          rho: Math.abs(spearman(pts.map((p) => [p.offset, p.rank] as const))),
          limit:
            LIMIT_SPREADS * chanceSpread(pts.map((p) => ({ position: p.offset, arrival: p.rank }))),
        };
  const first = (pts: { offset: number; rank: number }[]) =>
    [
      ...pts
        .reduce((m, p) => m.set(p.rank, Math.min(m.get(p.rank) ?? p.offset, p.offset)), new Map())
        .entries(),
    ].map(([rank, offset]) => ({ offset, rank }));
  return {
    ids: [figure(points), figure(first(points))],
    ciphertexts: [figure(tails), figure(first(tails))],
    withinPage: Math.abs(
      withinGroupTau(
        points.map((p) => ({ group: groupOf(p.offset), position: p.offset, arrival: p.rank })),
      ).tau,
    ),
    idsFound: new Set(points.map((p) => p.rank)).size,
  };
}

/**
 * Codes found "near" the response they admitted: on the same page of the database file, or in
 * the write-ahead log in the same transaction or an adjacent frame.
 */
function linkedCodes(database: Buffer, wal: Buffer, planted: readonly Planted[]): number {
  const size = pageSize(database);
  const frames = walFrames(wal);
  const transactionOf = (offset: number) => frames[frameIndexAt(wal, offset)]?.transaction;
  const ids = planted.map((p) => p.id);
  const hashes = planted.map((p) => codeHash(p.code));
  const inLog = (needles: string[]) =>
    wal.length > 0 ? locate(wal, needles) : needles.map((): number[] => []);
  const [idsInFile, hashesInFile] = [locate(database, ids), locate(database, hashes)];
  const [idsInLog, hashesInLog] = [inLog(ids), inLog(hashes)];
  let linked = 0;
  for (let i = 0; i < planted.length; i++) {
    const pages = new Set(idsInFile[i]?.map((o) => Math.floor(o / size)));
    const inFile = hashesInFile[i]?.some((o) => pages.has(Math.floor(o / size)));
    const idFrames = idsInLog[i]?.map((o) => frameIndexAt(wal, o)) ?? [];
    const inWal = hashesInLog[i]?.some((o) => {
      const frame = frameIndexAt(wal, o);
      return idFrames.some(
        (f) => Math.abs(f - frame) <= 1 || frames[f]?.transaction === transactionOf(o),
      );
    });
    if (inFile || inWal) linked++;
  }
  return linked;
}

/**
 * What the thief sees after opening the copy with any SQLite, which moves the log's pages into
 * the file (a checkpoint); the live server would have done the same at its next checkpoint.
 */
function checkpointedCopy(database: Buffer, wal: Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), "voz-seized-"));
  try {
    const path = join(dir, "copy.db");
    writeFileSync(path, database);
    if (wal.length > 0) writeFileSync(`${path}-wal`, wal);
    const sqlite = new Database(path);
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    sqlite.close();
    return readFileSync(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Every response to a version is sealed to one size (DESIGN §9.8), so short and long answers
// make the same rows: one kind of answer is enough.
describe(`a disk seized after ${RESPONSES} responses`, () => {
  let server: TestServer;
  let planted: Planted[];
  let unspent: string[];
  let database: Buffer;
  let wal: Buffer;
  let checkpointed: Buffer;

  beforeAll(async () => {
    server = await startServer({ submissionLimit: { limit: 10_000, windowMs: 60_000 } });
    ({ planted, unspent } = await plant(server));
    // Seized while the server runs: whatever the log holds now is there to read.
    database = readFileSync(server.dbPath);
    const walPath = `${server.dbPath}-wal`;
    wal = existsSync(walPath) ? readFileSync(walPath) : Buffer.alloc(0);
    checkpointed = checkpointedCopy(database, wal);
  }, 1_800_000);
  afterAll(() => server.close());

  it("gives no arrival order in the database file or its write-ahead log", {
    timeout: 300_000,
  }, () => {
    const size = pageSize(database);
    const file = read(database, planted, (offset) => Math.floor(offset / size));
    const copy = read(checkpointed, planted, (offset) => Math.floor(offset / size));
    const log = read(wal, planted, (offset) => frameIndexAt(wal, offset));
    const shown = (r: Reading) =>
      JSON.stringify(r, (_, v) => (typeof v === "number" ? Math.round(v * 1000) / 1000 : v));
    console.log(
      `file ${shown(file)}; WAL (${wal.length} bytes) ${shown(log)}; file after checkpoint ${shown(copy)}`,
    );
    // The search works: every response is on disk somewhere.
    expect(file.idsFound + log.idsFound).toBeGreaterThanOrEqual(RESPONSES);
    for (const [name, reading] of Object.entries({ file, log, copy })) {
      for (const [what, figures] of Object.entries({
        ids: reading.ids,
        ciphertexts: reading.ciphertexts,
      })) {
        for (const { rho, limit } of figures) {
          expect(rho, `${what} in the ${name}: |rho| ${rho} over ${limit}`).toBeLessThan(limit);
        }
      }
    }
  });

  it("keeps no invitation code on the page or in the log frames of the response it admitted", {
    timeout: 300_000,
  }, () => {
    // The search works: every code nobody spent is in the file, as its hash.
    const found = locate(database, unspent.map(codeHash)).filter((offsets) => offsets.length > 0);
    expect(found).toHaveLength(unspent.length);
    const linked = linkedCodes(database, wal, planted);
    console.log(`${linked} of ${RESPONSES} codes found near their response`);
    expect(linked).toBe(0);
  });
});
