// Kills the real server (a child process) with SIGKILL while responses pour in, restarts it,
// and checks that every response answered 201 is stored exactly once, byte for byte.
// `test/crash.test.ts` runs a few kills; `npm run bench:crash` runs many.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, ready, seal } from "../client/lib/crypto";
import { closeDatabase, openDatabase, sqliteOf } from "../server/db/client";
import { publishSurveyVersion } from "../server/db/surveys";
import { STORED_RESPONSES, seedSurvey } from "./harness";
import { type ServerProcess, spawnServer } from "./server-process";

export interface CrashReport {
  kills: number;
  acknowledged: number;
  found: number;
  lost: number;
  /** Acknowledged ids stored with other bytes, or more than once. */
  corrupted: number;
  integrity: string;
}

interface Options {
  kills: number;
  concurrency: number;
  /** The longest a server lives after its first 201 before it is killed, in ms (random below). */
  maxLifeMs: number;
  onKill?: (kill: number, acknowledged: number) => void;
}

function startChild(dbPath: string): Promise<ServerProcess> {
  // One load generator is one client address: lift the per-client limit, or it measures 429s.
  return spawnServer({ VOZ_DB: dbPath, VOZ_CLIENT_LIMIT: "1000000" });
}

export async function crashRun({
  kills,
  concurrency,
  maxLifeMs,
  onKill,
}: Options): Promise<CrashReport> {
  await ready();
  const dir = mkdtempSync(join(tmpdir(), "voz-crash-"));
  const dbPath = join(dir, "voz.db");
  const survey = seedSurvey("passport-access");
  const { publicKey } = generateKeyPair();
  const setup = await openDatabase(dbPath);
  await publishSurveyVersion(setup, survey, publicKey, "open");
  await closeDatabase(setup);

  // Bodies as real respondents send (padded to the survey's one size); sealing is cheap next to
  // an HTTP round trip.
  const template = seal(
    {
      v: 1,
      survey: survey.slug,
      version: 1,
      answers: { country: "cl", age_group: "25_34", gender: "woman" },
    },
    publicKey,
    survey,
  );
  const acknowledged = new Map<string, string>();

  try {
    for (let kill = 0; kill < kills; kill++) {
      const { child, url } = await startChild(dbPath);
      let alive = true;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      const sender = async () => {
        while (alive) {
          const id = crypto.randomUUID();
          // Vary the bytes so a swapped or stale row could not pass for the right one; the length
          // stays the survey's one length.
          const ciphertext = `${template.slice(0, 100)}${id.slice(0, 6)}${template.slice(106)}`;
          try {
            const res = await fetch(`${url}/api/surveys/${survey.slug}/responses`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ id, ciphertext }),
            });
            await res.arrayBuffer();
            if (res.status === 201) acknowledged.set(id, ciphertext);
          } catch {
            // The server died mid-request: not acknowledged, so no promise was made.
          }
        }
      };
      const senders = Array.from({ length: concurrency }, sender);
      // Killed at a random moment once this life has acknowledged something: a fresh process takes
      // 0.7–2.9 s to its first 201 on a loaded machine, and a kill before it proves nothing.
      const before = acknowledged.size;
      const deadline = Date.now() + 60_000;
      while (acknowledged.size === before && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * maxLifeMs));
      child.kill("SIGKILL");
      await exited;
      alive = false;
      await Promise.all(senders);
      onKill?.(kill + 1, acknowledged.size);
    }

    const db = await openDatabase(dbPath);
    try {
      const rows = sqliteOf(db)
        .prepare(`select id, ciphertext from (${STORED_RESPONSES})`)
        .all() as {
        id: string;
        ciphertext: string;
      }[];
      const byId = new Map<string, string[]>();
      for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row.ciphertext]);
      let found = 0;
      let corrupted = 0;
      for (const [id, ciphertext] of acknowledged) {
        const stored = byId.get(id);
        if (!stored) continue;
        found++;
        if (stored.length !== 1 || stored[0] !== ciphertext) corrupted++;
      }
      const integrity = String(sqliteOf(db).pragma("integrity_check", { simple: true }));
      return {
        kills,
        acknowledged: acknowledged.size,
        found,
        lost: acknowledged.size - found,
        corrupted,
        integrity,
      };
    } finally {
      await closeDatabase(db);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
