// `npm run bench:tabulate [-- --n 1000000 --survey surveys/passport-access.json --dir d]`
// A coordinator tabulating a big survey: N sealed responses in a real database file, then
// `cli tabulate --db` run as a child process, timed, its peak memory and processor time read
// from /proc. The yardstick is raw crypto_box_seal_open measured in this run: no tabulation can
// open responses faster. Prints figures; asserts nothing. `--dir` keeps the database and key
// there and reuses them when they hold N responses.
//
// The database is made by the server's own code (migrations, the survey published) and filled
// in the exact layout of server/db/responses.ts (partsOf, shared with bench:ingest's bare
// server), a chunk per transaction: through the server's writer, one savepoint and a log cut
// per batch, a million took hours on this shared machine.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import sodium from "libsodium-wrappers";
import type { Answers } from "../client/lib/answers";
import { fromBase64, generateKeyPair, type KeyPair, ready, seal } from "../client/lib/crypto";
import type { Publication } from "../client/lib/publication";
import { closeDatabase, openDatabase, today } from "../server/db/client";
import { publishSurveyVersion } from "../server/db/surveys";
import type { Survey } from "../surveys/schema";
import { partsOf } from "./ingest/bare-server";
import { readSurveyFile, syntheticAnswers } from "./synthetic";

/** Responses sealed and stored per round while the database is filled. */
const CHUNK = 20_000;
/** Responses opened to measure the raw primitive. */
const RAW_SAMPLE = 20_000;

interface SealJob {
  survey: Survey;
  publicKey: string;
  answers: Answers[];
}

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "1000000" },
      survey: { type: "string", default: "surveys/passport-access.json" },
      dir: { type: "string" },
      distinct: { type: "string" },
    },
  });
  const n = Number(values.n);
  // Whole chunks, so copies fill every chunk after them.
  const distinct = Math.min(n, Math.ceil(Number(values.distinct ?? n) / CHUNK) * CHUNK);
  const survey = readSurveyFile(values.survey);
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), "voz-bench-tabulate-"));
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, "voz.db");
  const keyPath = join(dir, "key.json");
  const surveyPath = join(dir, "survey.json");
  const countPath = join(dir, "count");
  await ready();
  const cores = availableParallelism();

  try {
    const reuse = existsSync(countPath) && readFileSync(countPath, "utf8") === String(n);
    if (!reuse) {
      await fill({ n, distinct, survey, dbPath, keyPath, surveyPath, countPath, cores });
    }
    const pair = JSON.parse(readFileSync(keyPath, "utf8")) as KeyPair;
    const stored = statSync(dbPath).size;
    console.log(
      `${n.toLocaleString("en")} responses of ${survey.slug} in ${dbPath}: ${mb(stored)} ` +
        `(${mb((stored / n) * 1e6)} per million)` +
        (reuse ? "" : `; ${distinct.toLocaleString("en")} sealed, the others copies under new ids`),
    );

    // A sample for the raw primitive: base64 decoded beforehand, only the opening timed, once
    // before and once after the CLI run, so a busy machine skews both alike.
    const sample = sealSample(survey, pair.publicKey).map((c) => fromBase64(c) as Uint8Array);
    const secret = fromBase64(pair.secretKey) as Uint8Array;
    const publicKey = fromBase64(pair.publicKey) as Uint8Array;
    // Per second of the clock, and per second of processor time: on a machine others share,
    // the clock counts their work too, the processor time only ours.
    const rawRate = () => {
      const begun = performance.now();
      const cpu = process.cpuUsage();
      for (const box of sample) sodium.crypto_box_seal_open(box, publicKey, secret);
      const used = process.cpuUsage(cpu);
      return {
        wall: rate(sample.length, performance.now() - begun),
        cpu: rate(sample.length, (used.user + used.system) / 1000),
      };
    };
    const before = rawRate();
    const run = await runTabulate(surveyPath, keyPath, dbPath);
    const after = rawRate();
    const raw = Math.round((before.wall + after.wall) / 2);
    const rawCpu = Math.round((before.cpu + after.cpu) / 2);

    const publication = JSON.parse(run.stdout) as Publication;
    const cli = rate(n, run.ms);
    const cliCpu = rate(n, run.cpuMs);
    console.log(
      `raw crypto_box_seal_open: ${raw.toLocaleString("en")} /s per core ` +
        `(${rawCpu.toLocaleString("en")} per processor second), ${cores} cores`,
    );
    console.log(
      `cli tabulate --db: ${(run.ms / 1000).toFixed(1)} s, ${cli.toLocaleString("en")} responses/s ` +
        `= ${(cli / (raw * cores)).toFixed(2)} of raw on ${cores} cores; peak memory ${mb(run.peakBytes)}`,
    );
    console.log(
      `  processor time ${(run.cpuMs / 1000).toFixed(1)} s = ${cliCpu.toLocaleString("en")} responses ` +
        `per processor second = ${(cliCpu / rawCpu).toFixed(2)} of raw; on ${cores} idle cores ` +
        `about ${((run.cpuMs / cores / 1000) * (1e6 / n)).toFixed(0)} s per million`,
    );
    const right = publication.responses === n && publication.unreadable === 0;
    console.log(
      `publication counts ${publication.responses} responses, ${publication.unreadable} unreadable: ${right ? "all" : "NOT ALL"} opened`,
    );
  } finally {
    if (!values.dir) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Seals N synthetic responses on every core and stores them in the server's layout. With
 * `--distinct d`, only the first d are sealed and the rest are copies of them under new ids:
 * opening a copy costs what opening any response costs, and sealing costs twice an opening, so
 * on a loaded machine a million distinct ones take longer to make than to tabulate.
 */
async function fill(o: {
  n: number;
  distinct: number;
  survey: Survey;
  dbPath: string;
  keyPath: string;
  surveyPath: string;
  countPath: string;
  cores: number;
}) {
  rmSync(o.dbPath, { force: true });
  const pair = generateKeyPair();
  writeFileSync(o.keyPath, JSON.stringify(pair));
  writeFileSync(o.surveyPath, JSON.stringify(o.survey));
  const db = await openDatabase(o.dbPath);
  const published = await publishSurveyVersion(db, o.survey, pair.publicKey, "open");
  if (!published.ok) throw new Error(published.reason);
  await closeDatabase(db);
  const sqlite = new Database(o.dbPath);
  // Rows go in at random keys: with SQLite's 2 MB cache, each one reads its page from disk.
  // The bench's own memory is not what it measures.
  sqlite.pragma("cache_size = -2000000");
  sqlite.pragma("synchronous = OFF");
  const insertPart = sqlite.prepare(
    "insert into response_parts (slug, key, id, part, parts, ciphertext, received_on) values (?, ?, ?, ?, ?, ?, ?)",
  );
  const countDay = sqlite.prepare(
    "insert into response_days (slug, day, responses) values (?, ?, ?) on conflict (slug, day) do update set responses = responses + excluded.responses",
  );
  const day = today();
  const store = sqlite.transaction((ciphertexts: string[]) => {
    const rows = ciphertexts.flatMap((ciphertext) => {
      const id = randomUUID();
      return partsOf({ id, ciphertext }).map((part) => ({ id, ...part }));
    });
    // In key order, as a B-tree takes rows fastest; the keys are random all the same.
    rows.sort((a, b) => (a.key < b.key ? -1 : 1));
    for (const r of rows) insertPart.run(o.survey.slug, r.key, r.id, r.part, r.parts, r.slice, day);
    countDay.run(o.survey.slug, day, ciphertexts.length);
  });
  const pool = Array.from(
    { length: o.cores },
    () =>
      new Worker(
        `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`,
        { eval: true },
      ),
  );
  const sealOn = (worker: Worker, job: SealJob) =>
    new Promise<string[]>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.postMessage(job);
    });
  const started = performance.now();
  const made: string[][] = [];
  try {
    for (let at = 0, round = 1; at < o.n; at += CHUNK, round++) {
      const size = Math.min(CHUNK, o.n - at);
      let sealed: string[];
      if (at < o.distinct) {
        const answers = syntheticAnswers(o.survey, size, round);
        const share = Math.ceil(answers.length / pool.length);
        const shares = await Promise.all(
          pool.map((w, i) =>
            sealOn(w, {
              survey: o.survey,
              publicKey: pair.publicKey,
              answers: answers.slice(i * share, (i + 1) * share),
            }),
          ),
        );
        sealed = shares.flat();
        if (o.distinct < o.n) made.push(sealed);
      } else {
        sealed = (made[(round - 1) % made.length] as string[]).slice(0, size);
      }
      store(sealed);
      process.stderr.write(`\rsealed and stored ${(at + sealed.length).toLocaleString("en")}`);
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
    sqlite.close();
  }
  process.stderr.write(` in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  writeFileSync(o.countPath, String(o.n));
}

function sealSample(survey: Survey, publicKey: string): string[] {
  return syntheticAnswers(survey, RAW_SAMPLE, 999).map((answers) =>
    seal({ v: 1, survey: survey.slug, version: survey.version, answers }, publicKey, survey),
  );
}

/** Linux counts processor time in ticks of 1/100 s (USER_HZ). */
const TICK_MS = 10;

/**
 * The CLI as a coordinator runs it; its peak resident memory (VmHWM) and processor time (utime
 * and stime, every thread) polled from /proc, the last reading at most 50 ms before it ends.
 */
function runTabulate(
  surveyPath: string,
  keyPath: string,
  dbPath: string,
): Promise<{ ms: number; peakBytes: number; cpuMs: number; stdout: string }> {
  const args = ["--import", "tsx", "server/cli.ts", "tabulate", surveyPath];
  const child = spawn(process.execPath, [...args, "--key", keyPath, "--db", dbPath], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const started = performance.now();
  let peakBytes = 0;
  let cpuMs = 0;
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = Number(status.match(/VmHWM:\s+(\d+) kB/)?.[1] ?? 0);
      peakBytes = Math.max(peakBytes, kb * 1024);
      // After the command name in parentheses: state is field 3, utime 14 and stime 15.
      const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ");
      cpuMs = (Number(fields?.[11]) + Number(fields?.[12])) * TICK_MS;
    } catch {
      // Gone: the last reading stands.
    }
  }, 50);
  let stdout = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`cli tabulate exited ${code}`));
      else resolve({ ms: performance.now() - started, peakBytes, cpuMs, stdout });
    });
  });
}

if (isMainThread) await main();
else {
  await ready();
  const port = parentPort;
  if (!port) throw new Error("worker without a parent");
  port.on("message", (job: SealJob) => {
    port.postMessage(
      job.answers.map((answers) =>
        seal(
          { v: 1, survey: job.survey.slug, version: job.survey.version, answers },
          job.publicKey,
          job.survey,
        ),
      ),
    );
  });
}
