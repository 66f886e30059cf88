// `npm run bench:tabulate [-- --n 1000000 --survey surveys/passport-access.json --dir d]`
// A coordinator tabulating a big survey: N sealed responses stored through the server's own
// storage code in a real database file, then `cli tabulate --db` run as a child process, timed,
// its peak memory read from /proc. The yardstick is raw crypto_box_seal_open measured in this
// run on all cores: no tabulation can open responses faster. Prints figures; asserts nothing.
// `--dir` keeps the database and key there and reuses them when they hold N responses.
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
import sodium from "libsodium-wrappers";
import type { Answers } from "../client/lib/answers";
import { fromBase64, generateKeyPair, type KeyPair, ready, seal } from "../client/lib/crypto";
import type { Publication } from "../client/lib/publication";
import { closeDatabase, openDatabase } from "../server/db/client";
import { ResponseWriter } from "../server/db/responses";
import { publishSurveyVersion } from "../server/db/surveys";
import type { Survey } from "../surveys/schema";
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
    },
  });
  const n = Number(values.n);
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
    if (!reuse) await fill({ n, survey, dbPath, keyPath, surveyPath, countPath, cores });
    const pair = JSON.parse(readFileSync(keyPath, "utf8")) as KeyPair;
    const stored = statSync(dbPath).size;
    console.log(
      `${n.toLocaleString("en")} responses of ${survey.slug} in ${dbPath}: ${mb(stored)} ` +
        `(${mb((stored / n) * 1e6)} per million)`,
    );

    // A sample for the raw primitive: base64 decoded beforehand, only the opening timed, once
    // before and once after the CLI run, so a busy machine skews both alike.
    const sample = sealSample(survey, pair.publicKey).map((c) => fromBase64(c) as Uint8Array);
    const secret = fromBase64(pair.secretKey) as Uint8Array;
    const publicKey = fromBase64(pair.publicKey) as Uint8Array;
    const rawRate = () => {
      const begun = performance.now();
      for (const box of sample) sodium.crypto_box_seal_open(box, publicKey, secret);
      return rate(sample.length, performance.now() - begun);
    };
    const rawBefore = rawRate();
    const run = await runTabulate(surveyPath, keyPath, dbPath);
    const raw = Math.round((rawBefore + rawRate()) / 2);

    const publication = JSON.parse(run.stdout) as Publication;
    const cli = rate(n, run.ms);
    console.log(
      `raw crypto_box_seal_open: ${raw.toLocaleString("en")} /s per core, ${cores} cores`,
    );
    console.log(
      `cli tabulate --db: ${(run.ms / 1000).toFixed(1)} s, ${cli.toLocaleString("en")} responses/s ` +
        `= ${(cli / (raw * cores)).toFixed(2)} of raw on ${cores} cores; peak memory ${mb(run.peakBytes)}`,
    );
    const right = publication.responses === n && publication.unreadable === 0;
    console.log(
      `publication counts ${publication.responses} responses, ${publication.unreadable} unreadable: ${right ? "all" : "NOT ALL"} opened`,
    );
  } finally {
    if (!values.dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Seals N synthetic responses on every core and stores them with the server's writer. */
async function fill(o: {
  n: number;
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
  const writer = new ResponseWriter(db);
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
  try {
    for (let at = 0, round = 1; at < o.n; at += CHUNK, round++) {
      const answers = syntheticAnswers(o.survey, Math.min(CHUNK, o.n - at), round);
      const share = Math.ceil(answers.length / pool.length);
      const sealed = await Promise.all(
        pool.map((w, i) =>
          sealOn(w, {
            survey: o.survey,
            publicKey: pair.publicKey,
            answers: answers.slice(i * share, (i + 1) * share),
          }),
        ),
      );
      const results = await Promise.all(
        sealed
          .flat()
          .map((ciphertext) => writer.store({ id: randomUUID(), slug: o.survey.slug, ciphertext })),
      );
      if (results.some((r) => r !== "stored")) throw new Error("a response was not stored");
      process.stderr.write(`\rsealed and stored ${(at + answers.length).toLocaleString("en")}`);
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
    await closeDatabase(db);
  }
  process.stderr.write(` in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  writeFileSync(o.countPath, String(o.n));
}

function sealSample(survey: Survey, publicKey: string): string[] {
  return syntheticAnswers(survey, RAW_SAMPLE, 999).map((answers) =>
    seal({ v: 1, survey: survey.slug, version: survey.version, answers }, publicKey, survey),
  );
}

/** The CLI as a coordinator runs it; its peak resident memory (VmHWM) polled from /proc. */
function runTabulate(
  surveyPath: string,
  keyPath: string,
  dbPath: string,
): Promise<{ ms: number; peakBytes: number; stdout: string }> {
  const args = ["--import", "tsx", "server/cli.ts", "tabulate", surveyPath];
  const child = spawn(process.execPath, [...args, "--key", keyPath, "--db", dbPath], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const started = performance.now();
  let peakBytes = 0;
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = Number(status.match(/VmHWM:\s+(\d+) kB/)?.[1] ?? 0);
      peakBytes = Math.max(peakBytes, kb * 1024);
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
      else resolve({ ms: performance.now() - started, peakBytes, stdout });
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
