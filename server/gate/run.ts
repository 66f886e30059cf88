// Runs the gate's checks (./check.ts) in worker threads with a budget of LP work (the checks
// stop themselves past it) and a wall-clock backstop (past it the worker is terminated), so no
// publication can stall the server. A worker takes 0.5–2 s to start on this machine (tsx
// compiles the checks, HiGHS loads), so workers that finish a job stay for the next; they hold
// no state between jobs, and idle ones do not keep the process alive.
import type { Worker } from "node:worker_threads";
import { typeScriptWorker } from "../worker-thread";
import type { Checked, GateJob } from "./check";

export interface GateLimits {
  /**
   * LP work the audit may spend (client/lib/lp.ts, Spent): what decides whether a publication is
   * too much to check, the same on an idle server and a loaded one.
   */
  work: number;
  /**
   * Wall-clock time a publication's checks may take, a worker's start included: a backstop for
   * a server too loaded to finish `work` in reasonable time, not a verdict on the publication.
   */
  budgetMs: number;
  /** Caps checked before any work (see capExceeded). */
  maxTables: number;
  maxCells: number;
  /** Publications checked at once by this process; more are answered "busy". */
  workers: number;
}

/**
 * The passport survey's full publication with its 3 breakdowns is 66 tables and 2,184 cells
 * (178 KB): the caps leave it six to nine times the room. Audited alone it costs 2M of LP work;
 * with its history the work grows with every earlier publication: published six times as
 * responses grow from 300 to 2,000, the sixth costs about 280–330M (bench:suppress), 10–15 s of CPU
 * here. The work budget was set at 2.5 times what that cost before the pushes of lp.ts (784M)
 * and leaves room for publications closer together (every 100 responses from 300, the fifth
 * costs 1,095M: docs/disclosure.md); the wall clock allows for a loaded machine on top, since
 * the worker runs at GATE_NICE. The publication rate limit bounds how often one organization
 * can ask for this much.
 */
export const DEFAULT_GATE_LIMITS: GateLimits = {
  work: 2_000_000_000,
  budgetMs: 300_000,
  maxTables: 400,
  maxCells: 20_000,
  workers: 2,
};

/**
 * The limits with another budget of LP work (VOZ_GATE_WORK, server/config.ts): the wall clock
 * grows in proportion, so a larger budget is not cut short by the backstop meant for load.
 */
export function limitsWithWork(work: number, limits = DEFAULT_GATE_LIMITS): GateLimits {
  const scale = Math.max(1, work / limits.work);
  return { ...limits, work, budgetMs: Math.ceil(limits.budgetMs * scale) };
}

/** The gate worker's nice value: it yields the CPU to the request thread whenever both want it. */
export const GATE_NICE = 10;

export type Cap = { cap: "tables" | "cells"; limit: number; found: number };

/**
 * Counts tables and cells of a raw publication before it is parsed or sent to a worker: cheap
 * enough for the request thread, and it refuses the floods a worker would choke on.
 */
export function capExceeded(publication: unknown, limits: GateLimits): Cap | null {
  const tables = (publication as { tables?: unknown } | null)?.tables;
  if (!Array.isArray(tables)) return null;
  if (tables.length > limits.maxTables) {
    return { cap: "tables", limit: limits.maxTables, found: tables.length };
  }
  let cells = 0;
  for (const table of tables) {
    const list = (table as { cells?: unknown } | null)?.cells;
    if (Array.isArray(list)) cells += list.length;
  }
  return cells > limits.maxCells ? { cap: "cells", limit: limits.maxCells, found: cells } : null;
}

export type Run =
  | Checked
  | { ok: false; reason: "timeout"; budgetMs: number }
  | { ok: false; reason: "busy"; retryAfterSeconds: number };

const ENTRY = new URL("./worker.ts", import.meta.url);

export class GateRunner {
  private busy = 0;
  private readonly idle: Worker[] = [];

  constructor(readonly limits: GateLimits = DEFAULT_GATE_LIMITS) {}

  async run(job: Omit<GateJob, "work">): Promise<Run> {
    if (this.busy >= this.limits.workers) {
      return {
        ok: false,
        reason: "busy",
        retryAfterSeconds: Math.ceil(this.limits.budgetMs / 1000),
      };
    }
    this.busy++;
    try {
      return await this.inWorker({ ...job, work: this.limits.work });
    } finally {
      this.busy--;
    }
  }

  private inWorker(job: GateJob): Promise<Run> {
    const { budgetMs } = this.limits;
    const reused = this.idle.pop();
    const worker = reused ?? this.start();
    worker.ref();
    return new Promise<Run>((resolve, reject) => {
      let ready = reused !== undefined;
      const finish = (keep: boolean, settle: () => void) => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        if (keep) {
          worker.unref();
          this.idle.push(worker);
        } else void worker.terminate();
        settle();
      };
      // Copying the job into the worker can throw (a value it cannot clone, a stack overflow on
      // one nested too deep): inside onMessage that would be uncaught and end the process.
      const send = () => {
        try {
          worker.postMessage(job);
        } catch (error) {
          finish(false, () => reject(error));
        }
      };
      const onMessage = (message: Checked | "ready") => {
        if (message === "ready") {
          ready = true;
          send();
        } else finish(true, () => resolve(message));
      };
      // A crash is a bug, not a verdict: the route's error handler answers 500.
      const onError = (error: Error) => finish(false, () => reject(error));
      const onExit = (code: number) =>
        finish(false, () => reject(new Error(`the gate's worker exited (${code})`)));
      const timer = setTimeout(
        () => finish(false, () => resolve({ ok: false, reason: "timeout", budgetMs })),
        budgetMs,
      );
      worker.on("message", onMessage);
      worker.once("error", onError);
      worker.once("exit", onExit);
      if (ready) send();
    });
  }

  private start(): Worker {
    const worker = typeScriptWorker(ENTRY, {
      // A publication within the caps needs far less; this only stops a runaway.
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    // An idle worker that dies (it should not) must not be handed the next job.
    worker.on("exit", () => {
      const at = this.idle.indexOf(worker);
      if (at !== -1) this.idle.splice(at, 1);
    });
    return worker;
  }
}

/** LP work for people: "2,000,000,000 units" (client/lib/lp.ts, Spent). */
export const workText = (work: number) =>
  `${work.toLocaleString("en-US")} unit${work === 1 ? "" : "s"}`;
