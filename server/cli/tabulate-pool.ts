// Opening and tabulating on every core (issue 17): responses arrive in batches from a stream
// (a database read in pages, or an export file read by lines), each worker thread opens its
// batches with the pure client/lib code and keeps one running tabulation, and the workers'
// tabulations add up to the whole (addTabulations). Only a few batches are in memory at once,
// so a million responses take no more memory than a thousand.
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { KeyPair } from "../../client/lib/crypto";
import type { CountedTable } from "../../client/lib/publication";
import { addTabulations } from "../../client/lib/tabulate";
import type { Survey } from "../../surveys/schema";
import { typeScriptWorker } from "../worker-thread";

/** What to open and how to tabulate it; the same for every worker. */
export interface TabulateJob {
  survey: Survey;
  pair: KeyPair;
  breakdowns?: string[] | undefined;
}

/** A tabulation of some of the responses, with how many opened and how many did not. */
export interface Share {
  tables: CountedTable[];
  responses: number;
  unreadable: number;
}

export type ToWorker =
  | ({ kind: "start" } & TabulateJob)
  | { kind: "batch"; ciphertexts: (string | null)[] }
  | { kind: "finish" };

export type FromWorker = { kind: "done" } | ({ kind: "share" } & Share);

/** Batches sent to a worker before it answers: one being opened, one waiting, so none idles. */
const IN_FLIGHT = 2;

/**
 * Opens and tabulates every batch on `threads` workers; `empty` is the tabulation of no
 * responses (tabulate(survey, [], options)), to which the workers' shares are added. A `null`
 * in a batch is a line that held no ciphertext: unreadable.
 */
export async function tabulateInPool(
  batches: AsyncIterable<(string | null)[]>,
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
    for (const { worker } of pool) worker.postMessage({ kind: "start", ...job } satisfies ToWorker);
    for await (const ciphertexts of batches) {
      await until(() => pool.some((m) => m.outstanding < IN_FLIGHT));
      const idlest = pool.reduce((a, b) => (b.outstanding < a.outstanding ? b : a));
      idlest.outstanding++;
      idlest.worker.postMessage({ kind: "batch", ciphertexts } satisfies ToWorker);
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
