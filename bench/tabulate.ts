// `npm run bench:tabulate [-- --n 100000 --survey surveys/passport-access.json]`
// Opening + tabulating N sealed responses on one core and on a worker_threads pool, next to
// raw crypto_box_seal_open measured in the same run. Prints figures; asserts nothing.
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import sodium from "libsodium-wrappers";
import type { Answers } from "../client/lib/answers";
import {
  fromBase64,
  generateKeyPair,
  type KeyPair,
  type OpenKey,
  open,
  openKey,
  ready,
  seal,
} from "../client/lib/crypto";
import type { CountedTable } from "../client/lib/publication";
import { tabulate } from "../client/lib/tabulate";
import type { Survey } from "../surveys/schema";
import { readSurveyFile, syntheticAnswers } from "./synthetic";

/** Setup (sealing the synthetic answers) and the measured work, both split over the pool. */
type Job =
  | { kind: "seal"; survey: Survey; publicKey: string; answers: Answers[] }
  | { kind: "open"; survey: Survey; pair: KeyPair; ciphertexts: string[] };

const sealAll = (survey: Survey, publicKey: string, answers: readonly Answers[]) =>
  answers.map((a) =>
    seal({ v: 1, survey: survey.slug, version: survey.version, answers: a }, publicKey, survey),
  );

interface Done {
  tables: CountedTable[];
  unreadable: number;
}

/** What the coordinator's worker does with its share: open every response, tabulate. */
function openAndTabulate(survey: Survey, key: OpenKey, ciphertexts: readonly string[]): Done {
  const answers: Answers[] = [];
  let unreadable = 0;
  for (const ciphertext of ciphertexts) {
    const opened = open(ciphertext, key, survey);
    if (opened.ok) answers.push(opened.envelope.answers);
    else unreadable++;
  }
  const result = tabulate(survey, answers);
  if (!result.ok) throw new Error(result.reason);
  return { tables: result.tables, unreadable };
}

/** Tables of the same survey line up cell for cell, so shares add up by position. */
function merge(parts: readonly Done[]): Done {
  const [first, ...rest] = parts;
  if (!first) throw new Error("nothing to merge");
  const tables = structuredClone(first.tables);
  for (const part of rest) {
    part.tables.forEach((t, i) => {
      t.cells.forEach((cell, j) => {
        const target = tables[i]?.cells[j];
        if (target) target.count += cell.count;
      });
    });
  }
  return { tables, unreadable: parts.reduce((a, p) => a + p.unreadable, 0) };
}

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

async function main() {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "100000" },
      survey: { type: "string", default: "surveys/passport-access.json" },
    },
  });
  const n = Number(values.n);
  const survey = readSurveyFile(values.survey);
  await ready();
  const pair = generateKeyPair();
  const key = openKey(pair);
  if (!key) throw new Error("no key");

  const workers = availableParallelism();
  const pool = Array.from(
    { length: workers },
    // The pool runs this same file, so each worker registers tsx before importing it.
    () =>
      new Worker(
        `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`,
        { eval: true },
      ),
  );
  // Started and libsodium loaded before any clock runs: a coordinator's page keeps its pool.
  await Promise.all(pool.map((w) => new Promise((resolve) => w.once("message", resolve))));
  const share = Math.ceil(n / workers);
  const run = <T>(job: (i: number) => Job) =>
    Promise.all(
      pool.map(
        (w, i) =>
          new Promise<T>((resolve, reject) => {
            w.once("message", resolve);
            w.once("error", reject);
            w.postMessage(job(i));
          }),
      ),
    );

  let started = performance.now();
  const answers = syntheticAnswers(survey, n);
  const ciphertexts = (
    await run<string[]>((i) => ({
      kind: "seal",
      survey,
      publicKey: pair.publicKey,
      answers: answers.slice(i * share, (i + 1) * share),
    }))
  ).flat();
  console.log(
    `survey ${survey.slug}: sealed ${n} synthetic responses in ${(performance.now() - started).toFixed(0)} ms`,
  );

  // Raw primitive: base64 decoded beforehand, only crypto_box_seal_open timed. Measured once
  // before and once after the one-core run, so a busy machine skews both alike.
  const sealed = ciphertexts.map((c) => fromBase64(c) as Uint8Array);
  const rawRate = () => {
    const begun = performance.now();
    for (const box of sealed) sodium.crypto_box_seal_open(box, key.publicKey, key.secretKey);
    return rate(n, performance.now() - begun);
  };
  const rawBefore = rawRate();

  started = performance.now();
  const one = openAndTabulate(survey, key, ciphertexts);
  const oneMs = performance.now() - started;
  const single = rate(n, oneMs);
  const raw = Math.round((rawBefore + rawRate()) / 2);
  console.log(`raw crypto_box_seal_open, one core:  ${raw.toLocaleString("en")} responses/s`);
  console.log(
    `open + tabulate, one core:           ${single.toLocaleString("en")} responses/s ` +
      `(${(single / raw).toFixed(2)} of raw)`,
  );

  started = performance.now();
  const parts = await run<Done>((i) => ({
    kind: "open",
    survey,
    pair,
    ciphertexts: ciphertexts.slice(i * share, (i + 1) * share),
  }));
  const merged = merge(parts);
  const poolMs = performance.now() - started;
  await Promise.all(pool.map((w) => w.terminate()));
  const parallel = rate(n, poolMs);
  console.log(
    `open + tabulate, ${workers} workers:         ${parallel.toLocaleString("en")} responses/s ` +
      `(${(parallel / workers / raw).toFixed(2)} of raw per core)`,
  );
  const same = JSON.stringify(merged.tables) === JSON.stringify(one.tables);
  console.log(`pool and one core agree: ${same ? "yes" : "NO"}; unreadable ${merged.unreadable}`);
}

if (isMainThread) await main();
else {
  await ready();
  const port = parentPort;
  if (!port) throw new Error("worker without a parent");
  port.postMessage("ready");
  port.on("message", (job: Job) => {
    if (job.kind === "seal") {
      port.postMessage(sealAll(job.survey, job.publicKey, job.answers));
      return;
    }
    const key = openKey(job.pair);
    if (!key) throw new Error("no key");
    port.postMessage(openAndTabulate(job.survey, key, job.ciphertexts));
  });
}
