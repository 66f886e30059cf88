// DESIGN §9.7, tried as someone who seized the disk of a running server would: 200 responses
// arrive one after another, each admitted by an invitation code; then the raw bytes of the
// database file and of its write-ahead log are read without SQLite, every response id (and
// every ciphertext) is found with its byte offset, and positions are compared with the order
// the responses arrived in. Codes are looked for on the page and in the frames of the response
// they admitted.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seal } from "../client/lib/crypto";
import { runCli } from "./cli";
import {
  findAll,
  frameIndexAt,
  offsetsOf,
  pageSize,
  spearman,
  UUID,
  walFrames,
  withinGroupTau,
} from "./disk";
import { seedSurvey, startServer, type TestServer } from "./harness";

const SLUG = "passport-access";
const RESPONSES = 200;
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

function words(length: number): string {
  let text = "";
  while (text.length < length) text += `${pick(["casa", "trabajo", "papeles", "espera", "cita"])} `;
  return text.slice(0, length);
}

async function plant(server: TestServer, comments: boolean): Promise<Planted[]> {
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
    if (comments) answers.comments = words(900 + Math.floor(Math.random() * 100));
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
  return planted;
}

interface Reading {
  /**
   * |Spearman| between byte offset and arrival: over every copy of every id found, and over the
   * first copy of each, whichever tells more.
   */
  ids: number;
  /** The same for the last bytes of every ciphertext (which may sit apart from its id). */
  ciphertexts: number;
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
  const tails = planted.flatMap((p, rank) =>
    offsetsOf(bytes, p.ciphertext.slice(-48)).map((offset) => ({ offset, rank })),
  );
  const rho = (pts: { offset: number; rank: number }[]) =>
    Math.abs(spearman(pts.map((p) => [p.offset, p.rank] as const)) || 0);
  // Every copy of an id, and only where each id first appears: an older id is carried along in
  // every later copy of its page, so its first appearance may be what gives it away.
  const first = (pts: { offset: number; rank: number }[]) =>
    [
      ...pts
        .reduce((m, p) => m.set(p.rank, Math.min(m.get(p.rank) ?? p.offset, p.offset)), new Map())
        .entries(),
    ].map(([rank, offset]) => ({ offset, rank }));
  return {
    ids: Math.max(rho(points), rho(first(points))),
    ciphertexts: Math.max(rho(tails), rho(first(tails))),
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
  let linked = 0;
  for (const { id, code } of planted) {
    const hash = codeHash(code);
    const pages = new Set(offsetsOf(database, id).map((o) => Math.floor(o / size)));
    const inFile = offsetsOf(database, hash).some((o) => pages.has(Math.floor(o / size)));
    const idFrames = offsetsOf(wal, id).map((o) => frameIndexAt(wal, o));
    const inWal = offsetsOf(wal, hash).some((o) => {
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

describe.each([
  { kind: "short answers", comments: false },
  { kind: "long answers (ciphertexts larger than a page's local payload)", comments: true },
])("a disk seized after 200 responses with $kind", ({ kind, comments }) => {
  let server: TestServer;
  let planted: Planted[];
  let database: Buffer;
  let wal: Buffer;
  let checkpointed: Buffer;

  beforeAll(async () => {
    server = await startServer({ submissionLimit: { limit: 10_000, windowMs: 60_000 } });
    planted = await plant(server, comments);
    // Seized while the server runs: whatever the log holds now is there to read.
    database = readFileSync(server.dbPath);
    const walPath = `${server.dbPath}-wal`;
    wal = existsSync(walPath) ? readFileSync(walPath) : Buffer.alloc(0);
    checkpointed = checkpointedCopy(database, wal);
  }, 120_000);
  afterAll(() => server.close());

  it("gives no arrival order in the database file or its write-ahead log", () => {
    const size = pageSize(database);
    const file = read(database, planted, (offset) => Math.floor(offset / size));
    const copy = read(checkpointed, planted, (offset) => Math.floor(offset / size));
    const log = read(wal, planted, (offset) => frameIndexAt(wal, offset));
    console.log(
      `${kind}: file ${JSON.stringify(file)}; WAL (${wal.length} bytes) ${JSON.stringify(log)}; file after checkpoint ${JSON.stringify(copy)}`,
    );
    // The search works: every response is on disk somewhere.
    expect(file.idsFound + log.idsFound).toBeGreaterThanOrEqual(RESPONSES);
    expect(file.ids).toBeLessThan(0.2);
    expect(file.ciphertexts).toBeLessThan(0.2);
    expect(log.ids).toBeLessThan(0.2);
    expect(log.ciphertexts).toBeLessThan(0.2);
    expect(copy.ids).toBeLessThan(0.2);
    expect(copy.ciphertexts).toBeLessThan(0.2);
  });

  it("keeps no invitation code on the page or in the log frames of the response it admitted", () => {
    const linked = linkedCodes(database, wal, planted);
    console.log(`${kind}: ${linked} of ${RESPONSES} codes found near their response`);
    expect(linked).toBe(0);
  });
});
