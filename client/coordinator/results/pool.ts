// A pool of open workers fed with batches as the pages of ciphertexts arrive. Each batch comes
// back as a partial tabulation; cancelling terminates every worker at once.
import type { OpenBatch, OpenedBatch, OpenReply } from "./protocol";

export type PoolOutcome =
  | { ok: true }
  | { ok: false; reason: "cancelled" | "failed"; message: string };

export interface PoolOptions {
  size: number;
  createWorker: () => Worker;
  /** Batches of ciphertexts, fetched while earlier ones are being opened. */
  batches: AsyncIterable<string[]>;
  job: Omit<OpenBatch, "ciphertexts">;
  /** `index`: the batch's place in `batches`, since workers may finish out of order. */
  onBatch: (batch: OpenedBatch, ciphertexts: number, index: number) => void;
  signal: AbortSignal;
}

export async function openInPool(options: PoolOptions): Promise<PoolOutcome> {
  const { size, createWorker, batches, job, onBatch, signal } = options;
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const waiting: ((worker: Worker) => void)[] = [];
  let busy = 0;
  let failure: PoolOutcome | null = null;
  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const stop = (outcome: PoolOutcome) => {
    failure ??= outcome;
    wake();
  };
  const onAbort = () => stop({ ok: false, reason: "cancelled", message: "cancelled" });
  signal.addEventListener("abort", onAbort);

  let drained: () => void = () => {};
  const release = (worker: Worker) => {
    busy--;
    const next = waiting.shift();
    if (next) next(worker);
    else idle.push(worker);
    if (busy === 0 && waiting.length === 0) drained();
  };

  const acquire = (): Promise<Worker> => {
    const free = idle.pop();
    if (free) return Promise.resolve(free);
    if (workers.length < size) {
      const worker = createWorker();
      workers.push(worker);
      return Promise.resolve(worker);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };

  const dispatch = (worker: Worker, ciphertexts: string[], index: number) => {
    busy++;
    worker.onmessage = (event: MessageEvent<OpenReply>) => {
      const reply = event.data;
      if (reply.ok) onBatch(reply.batch, ciphertexts.length, index);
      else stop({ ok: false, reason: "failed", message: reply.message });
      release(worker);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      stop({ ok: false, reason: "failed", message: event.message || "a worker failed" });
    };
    worker.postMessage({ ...job, ciphertexts } satisfies OpenBatch);
  };

  const run = async () => {
    let index = 0;
    for await (const ciphertexts of batches) {
      if (failure) return;
      if (ciphertexts.length === 0) continue;
      const worker = await Promise.race([acquire(), stopped.then(() => null)]);
      if (!worker || failure) return;
      dispatch(worker, ciphertexts, index++);
    }
    if (busy > 0)
      await Promise.race([new Promise<void>((resolve) => (drained = resolve)), stopped]);
  };

  // Caught here, not around the race: a page that fails after a cancel is no unhandled error.
  const running = run().catch((error: unknown) =>
    stop({
      ok: false,
      reason: "failed",
      message: error instanceof Error ? error.message : String(error),
    }),
  );
  try {
    await Promise.race([running, stopped]);
  } finally {
    signal.removeEventListener("abort", onAbort);
    for (const worker of workers) worker.terminate();
  }
  return failure ?? { ok: true };
}
