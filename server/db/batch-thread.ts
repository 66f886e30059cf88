// SQLite group commits on a thread of their own (issue 17). better-sqlite3 is synchronous: a
// commit waits for the disk (synchronous=FULL) and the checkpoint that empties the log after it
// (DESIGN §9.7) waits again, and on the request thread every other request waited with them
// (bench:ingest: the event loop stood still for 0.3–1.4 s at a time). A worker thread with its
// own connection to the same file (batch-worker.ts) takes each batch, commits, checkpoints and
// answers; responses.ts holds the request thread's lock meanwhile, so that thread's own
// transactions wait their turn as before, and its reads go on beside it (WAL).
import type { Worker } from "node:worker_threads";
import { typeScriptWorker } from "../worker-thread";

/** What goes to the thread and back: a job, then its result or what made it fail. */
export interface JobMessage<Job> {
  id: number;
  job: Job;
}
export type ResultMessage<Result> =
  | {
      id: number;
      result?: Result;
      /** An Error crosses the thread boundary whole (structured clone). */
      error?: unknown;
    }
  /** Sent once, when the thread has loaded its code and can take jobs. */
  | { ready: true };

export class BatchThread<Job, Result> {
  private worker: Worker | undefined;
  private ready = false;
  private asked = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (result: Result) => void; reject: (error: unknown) => void }
  >();

  /** `entry` answers each JobMessage with a ResultMessage; it gets `path` and `data` as workerData. */
  constructor(
    private readonly entry: URL,
    private readonly path: string,
    private readonly data: Readonly<Record<string, unknown>> = {},
  ) {}

  /**
   * Whether jobs can go to the thread now. The first call starts it: loading its code takes
   * 0.5–2 s here, during which the caller does the work itself rather than wait (a server
   * killed and restarted must take responses at once: test/crash.test.ts).
   */
  isReady(): boolean {
    this.started();
    return this.ready;
  }

  run(job: Job): Promise<Result> {
    const worker = this.started();
    const id = ++this.asked;
    // Kept alive while a job is out, and only then.
    worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, job } satisfies JobMessage<Job>);
    });
  }

  /**
   * Tells the thread that no job waits now, so it may do its own work between jobs (the
   * batch thread's rebuild steps, batch-worker.ts). Nothing if it is not running.
   */
  idle(): void {
    if (this.ready) this.worker?.postMessage("idle");
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = typeScriptWorker(this.entry, { workerData: { ...this.data, path: this.path } });
    worker.on("message", (message: ResultMessage<Result>) => {
      if ("ready" in message) {
        this.ready = true;
        return;
      }
      const { id, result, error } = message;
      const asker = this.waiting.get(id);
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      if (error === undefined) asker?.resolve(result as Result);
      else asker?.reject(error);
    });
    // Idle, it does not keep the process alive.
    worker.unref();
    const fail = (error: unknown) => {
      this.worker = undefined;
      this.ready = false;
      for (const asker of this.waiting.values()) asker.reject(error);
      this.waiting.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (this.worker === worker) fail(new Error(`the batch thread stopped (${code})`));
    });
    this.worker = worker;
    return worker;
  }
}
