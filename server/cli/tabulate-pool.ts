// Opening and tabulating on every core (issue 17). Each worker thread opens responses with the
// pure client/lib code and keeps one running tabulation; the workers' tabulations add up to the
// whole (addTabulations). From an export file, this thread reads lines and sends the workers
// batches. From a database, each worker reads for itself, a stretch of ids at a time, on its
// own connection: reading the stored parts back is a random lookup per part, as costly as the
// opening, so it must run on every core too, and the ciphertexts then never cross threads.
// Only a few batches are in memory at once, so a million responses take no more memory than a
// thousand.
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { KeyPair } from "../../client/lib/crypto";
import type { CountedTable } from "../../client/lib/publication";
import { addTabulations } from "../../client/lib/tabulate";
import type { Survey } from "../../surveys/schema";
import { type IdRange, idRanges } from "../db/response-pages";
import { typeScriptWorker } from "../worker-thread";

/** What to open and how to tabulate it; the same for every worker. */
export interface TabulateJob {
  survey: Survey;
  /** Other versions whose responses count with `survey`'s: they ask its questions. */
  alike?: Survey[];
  pair: KeyPair;
  breakdowns?: string[] | undefined;
}

/** A tabulation of some of the responses, with how many opened and how many did not. */
export interface Share {
  tables: CountedTable[];
  responses: number;
  unreadable: number;
}

/**
 * Where the responses come from: batches of ciphertexts read by the caller (a `null` is a line
 * that held no ciphertext: unreadable), or a database (a SQLite path or a postgres:// URL) that
 * the workers read the survey's responses from, leaving out the ids in `copies`.
 */
export type Source =
  | { batches: AsyncIterable<(string | null)[]> }
  | { database: string; copies: readonly string[] };

export type ToWorker =
  | ({ kind: "start"; database: string | null; copies: readonly string[] } & TabulateJob)
  | { kind: "batch"; ciphertexts: (string | null)[] }
  | { kind: "range"; range: IdRange }
  | { kind: "finish" };

export type FromWorker = { kind: "done" } | ({ kind: "share" } & Share);

/** Work sent to a worker before it answers: one being done, one waiting, so none idles. */
const IN_FLIGHT = 2;

async function* workOf(source: Source): AsyncGenerator<ToWorker> {
  if ("database" in source) {
    for (const range of idRanges()) yield { kind: "range", range };
  } else {
    for await (const ciphertexts of source.batches) yield { kind: "batch", ciphertexts };
  }
}

/**
 * Opens and tabulates every response of `source` on `threads` workers; `empty` is the
 * tabulation of no responses (tabulate(survey, [], options)), to which the workers' shares are
 * added.
 */
export async function tabulateInPool(
  source: Source,
  job: TabulateJob,
  empty: CountedTable[],
  threads = availableParallelism(),
): Promise<Share> {
  let failed: (error: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => {
    failed = reject;
  });
  // Without a handler, a failure nobody awaits yet would end the process.
  failure.catch(() => {});
  let wake = () => {};
  const pool = Array.from({ length: Math.max(1, threads) }, () => {
    const worker = startWorker();
    const member = { worker, outstanding: 0, share: undefined as Share | undefined };
    worker.on("error", failed);
    worker.on("exit", (code) => {
      if (!member.share) failed(new Error(`a tabulating worker stopped (exit code ${code})`));
    });
    worker.on("message", (message: FromWorker) => {
      if (message.kind === "done") member.outstanding--;
      if (message.kind === "share") member.share = message;
      wake();
    });
    return member;
  });
  const until = (condition: () => boolean) =>
    condition()
      ? Promise.resolve()
      : Promise.race([
          failure,
          new Promise<void>((resolve) => {
            wake = () => {
              if (condition()) resolve();
            };
          }),
        ]);
  try {
    const [database, copies] = "database" in source ? [source.database, source.copies] : [null, []];
    for (const { worker } of pool) {
      worker.postMessage({ kind: "start", database, copies, ...job } satisfies ToWorker);
    }
    for await (const work of workOf(source)) {
      await until(() => pool.some((m) => m.outstanding < IN_FLIGHT));
      const idlest = pool.reduce((a, b) => (b.outstanding < a.outstanding ? b : a));
      idlest.outstanding++;
      idlest.worker.postMessage(work);
    }
    for (const { worker } of pool) worker.postMessage({ kind: "finish" } satisfies ToWorker);
    await until(() => pool.every((m) => m.share !== undefined));
    return pool.reduce<Share>(
      (total, { share }) => {
        const part = share as Share;
        return {
          tables: addTabulations(total.tables, part.tables),
          responses: total.responses + part.responses,
          unreadable: total.unreadable + part.unreadable,
        };
      },
      { tables: empty, responses: 0, unreadable: 0 },
    );
  } finally {
    await Promise.all(pool.map(({ worker }) => worker.terminate()));
  }
}

function startWorker(): Worker {
  return typeScriptWorker(new URL("./tabulate-worker.ts", import.meta.url));
}
