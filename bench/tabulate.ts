// `npm run bench:tabulate [-- --n 1000000 --distinct d --survey surveys/passport-access.json --dir d]`
// A coordinator tabulating a big survey: N sealed responses in a real database file, then
// `cli tabulate --db` run as a child process, timed, its peak memory and processor time read
// from /proc. The yardstick is raw crypto_box_seal_open measured in this run: no tabulation can
// open responses faster. Prints figures; asserts nothing.
//
// The database is made by the server's own code (migrations, the survey published) and filled
// with rows cut by the storage module (server/db/responses.ts partsOf), in key order as the
// server's rebuild leaves them (fill). With `--distinct d`, only d are sealed and the others are
// copies of them under new ids (sealing here costs four openings, too long for a million on a
// shared machine). Since 5 December tabulate counts each sealed box once: copies are found
// before the workers start and read but never opened, so a run with `--distinct` times reading
// and that search, not opening, and is not comparable with runs of all-sealed files. The database is
// kept in the temporary folder, named by what it holds (survey, version, N, d, layout), and
// reused by later runs; `--dir` puts it elsewhere.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import sodium from "libsodium-wrappers";
import { fromBase64, generateKeyPair, type KeyPair, ready, seal } from "../client/lib/crypto";
import type { Publication } from "../client/lib/publication";
import { closeDatabase, openDatabase, today } from "../server/db/client";
import { partKey, partsOf, sqlitePartChars } from "../server/db/responses";
import { SQLITE_PAGE_SIZE } from "../server/db/sqlite";
import { publishSurveyVersion } from "../server/db/surveys";
import type { Survey } from "../surveys/schema";
import { readSurveyFile, syntheticAnswers } from "./synthetic";

/** Responses sealed per job given to a worker while the database is filled. */
const CHUNK = 10_000;
/** Responses opened to measure the raw primitive. */
const RAW_SAMPLE = 20_000;

interface SealJob {
  survey: Survey;
  publicKey: string;
  size: number;
  seed: number;
  /** Copies of what this worker sealed before, under new ids, instead of new ones. */
  copies: boolean;
  /** The folder of the stretches' files, and this worker's suffix to their names. */
  into: string;
  suffix: string;
}

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Characters per part in the new file this bench fills (openDatabase makes it). */
const CHARS = sqlitePartChars(SQLITE_PAGE_SIZE);
/** Changes when the rows change: a database of another layout is not reused. */
const LAYOUT = `${SQLITE_PAGE_SIZE}-${CHARS}-${partKey("00000000-0000-4000-8000-000000000000", 1).slice(0, 8)}`;

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
  // Whole chunks: every worker has sealed some before copies are asked for.
  const distinct = Math.min(n, Math.ceil(Number(values.distinct ?? n) / CHUNK) * CHUNK);
  const survey = readSurveyFile(values.survey);
  const dir =
    values.dir ??
    join(tmpdir(), `voz-tabulate-${survey.slug}-v${survey.version}-${n}-${distinct}-${LAYOUT}`);
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, "voz.db");
  const keyPath = join(dir, "key.json");
  const surveyPath = join(dir, "survey.json");
  const countPath = join(dir, "count");
  await ready();
  const cores = availableParallelism();

  const reuse = existsSync(countPath) && readFileSync(countPath, "utf8") === String(n);
  if (!reuse) {
    await fill({ n, distinct, survey, dir, dbPath, keyPath, surveyPath, countPath, cores });
  }
  const pair = JSON.parse(readFileSync(keyPath, "utf8")) as KeyPair;
  const stored = statSync(dbPath).size;
  console.log(
    `${n.toLocaleString("en")} responses of ${survey.slug} in ${dbPath}: ${mb(stored)} ` +
      `(${mb((stored / n) * 1e6)} per million)` +
      `, ${distinct.toLocaleString("en")} of them sealed, the others copies under new ids` +
      (reuse ? " (made by an earlier run)" : ""),
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
  const loadBefore = loadavg()[0] as number;
  const run = await runTabulate(surveyPath, keyPath, dbPath);
  const loadAfter = loadavg()[0] as number;
  const after = rawRate();
  const raw = Math.round((before.wall + after.wall) / 2);
  const rawCpu = Math.round((before.cpu + after.cpu) / 2);

  const publication = JSON.parse(run.stdout) as Publication;
  const cli = rate(n, run.ms);
  const cliCpu = rate(n, run.cpuMs);
  console.log(
    `raw crypto_box_seal_open: ${raw.toLocaleString("en")} /s per core ` +
      `(${rawCpu.toLocaleString("en")} per processor second), ${cores} cores; load average ` +
      `${loadBefore.toFixed(1)} when the CLI started, ${loadAfter.toFixed(1)} when it ended`,
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
  const right = publication.responses === distinct && publication.unreadable === 0;
  console.log(
    `publication counts ${publication.responses} responses, ${publication.unreadable} unreadable: ${right ? "all" : "NOT ALL"} opened` +
      (distinct < n
        ? `; the other ${(n - distinct).toLocaleString("en")} are copies, counted once`
        : ""),
  );
}

/**
 * Seals N synthetic responses on every core and stores them as Voz lays them out, in the state
 * the server leaves its file after each rebuild (server/db/sqlite-rebuild.ts: rows in key
 * order). Worker threads make the answers, seal them, cut them into rows (partsOf, the storage
 * module's own) and append the rows to a file per stretch of ids, which holds every part of
 * its responses (partKey); then the stretches are inserted one after another, each sorted by
 * key, so the table is written in key order as the rebuild writes it — inserting at random places
 * in a table bigger than memory was what made a million take hours.
 */
async function fill(o: {
  n: number;
  distinct: number;
  survey: Survey;
  dir: string;
  dbPath: string;
  keyPath: string;
  surveyPath: string;
  countPath: string;
  cores: number;
}) {
  rmSync(o.dbPath, { force: true });
  rmSync(o.countPath, { force: true });
  const pair = generateKeyPair();
  writeFileSync(o.keyPath, JSON.stringify(pair));
  writeFileSync(o.surveyPath, JSON.stringify(o.survey));
  const db = await openDatabase(o.dbPath);
  const published = await publishSurveyVersion(db, o.survey, pair.publicKey, "open");
  if (!published.ok) throw new Error(published.reason);
  await closeDatabase(db);
  const stretches = join(o.dir, "stretches");
  rmSync(stretches, { recursive: true, force: true });
  mkdirSync(stretches);

  const started = performance.now();
  const pool = Array.from(
    { length: o.cores },
    () =>
      new Worker(
        `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`,
        { eval: true },
      ),
  );
  let sealed = 0;
  try {
    let next = 0;
    await Promise.all(
      pool.map(async (worker, w) => {
        for (let at = next; at < o.n; at = next) {
          next += CHUNK;
          const job: SealJob = {
            survey: o.survey,
            publicKey: pair.publicKey,
            size: Math.min(CHUNK, o.n - at),
            seed: at / CHUNK + 1,
            copies: at >= o.distinct && at >= CHUNK * pool.length,
            into: stretches,
            suffix: String(w),
          };
          await new Promise((resolve, reject) => {
            worker.once("message", resolve);
            worker.once("error", reject);
            worker.postMessage(job);
          });
          sealed += job.size;
          process.stderr.write(`\rsealed ${sealed.toLocaleString("en")}`);
        }
      }),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  const sealing = performance.now() - started;

  const sqlite = new Database(o.dbPath);
  // Nothing to recover if the fill stops: the count file is written last.
  sqlite.pragma("journal_mode = OFF");
  sqlite.pragma("synchronous = OFF");
  const insertPart = sqlite.prepare(
    "insert into response_parts (slug, key, id, part, parts, ciphertext, received_on) values (?, ?, ?, ?, ?, ?, ?)",
  );
  const day = today();
  const insert = sqlite.transaction((rows: string[][]) => {
    for (const [key, id, part, parts, slice] of rows) {
      insertPart.run(o.survey.slug, key, id, Number(part), Number(parts), slice, day);
    }
  });
  const files = readdirSync(stretches).sort();
  for (const prefix of new Set(files.map((f) => f.split(".")[0] as string))) {
    const rows = files
      .filter((f) => f.startsWith(`${prefix}.`))
      .flatMap((f) => readFileSync(join(stretches, f), "latin1").split("\n"))
      .filter((line) => line !== "")
      .map((line) => line.split("\t"));
    rows.sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1));
    insert(rows);
    process.stderr.write(`\rstored the stretches up to ${prefix}`);
  }
  sqlite
    .prepare("insert into response_days (slug, day, responses) values (?, ?, ?)")
    .run(o.survey.slug, day, o.n);
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
  rmSync(stretches, { recursive: true, force: true });
  process.stderr.write(
    `\rsealed in ${(sealing / 1000).toFixed(0)} s, stored in ` +
      `${((performance.now() - started - sealing) / 1000).toFixed(0)} s\n`,
  );
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

/** What this seal worker sealed, for copies under new ids (`--distinct`). */
const made: string[] = [];

/** A seal worker: a chunk of responses, sealed and appended to the files of their stretches. */
function sealChunk(job: SealJob): void {
  const byStretch = new Map<string, string[]>();
  const sealed = job.copies
    ? Array.from(
        { length: job.size },
        (_, i) => made[(job.seed * CHUNK + i) % made.length] as string,
      )
    : syntheticAnswers(job.survey, job.size, job.seed).map((answers) =>
        seal(
          { v: 1, survey: job.survey.slug, version: job.survey.version, answers },
          job.publicKey,
          job.survey,
        ),
      );
  if (!job.copies) made.push(...sealed);
  for (const ciphertext of sealed) {
    const id = randomUUID();
    const rows = byStretch.get(id.slice(0, 2)) ?? [];
    for (const { key, part, parts, slice } of partsOf(id, ciphertext, CHARS)) {
      rows.push(`${key}\t${id}\t${part}\t${parts}\t${slice}\n`);
    }
    byStretch.set(id.slice(0, 2), rows);
  }
  for (const [prefix, rows] of byStretch) {
    appendFileSync(join(job.into, `${prefix}.${job.suffix}`), rows.join(""));
  }
}

if (isMainThread) await main();
else {
  await ready();
  const port = parentPort;
  if (!port) throw new Error("worker without a parent");
  port.on("message", (job: SealJob) => {
    sealChunk(job);
    port.postMessage(job.size);
  });
}
