// The batch thread (batch-thread.ts): its own connection to the database file, the same
// storeBatch the request thread would run, and the write-ahead log emptied after each commit,
// before its 201s. The rebuild in key order (sqlite-rebuild.ts) goes on only in the pauses:
// when the response writer has no batch waiting it says so ("idle"), and the thread starts the
// rebuild due or steps the one under way, a step at a time, until it is done or a batch comes.
//
// Why not a step after each batch, as until the twentieth session: while batches come back to
// back (a server at its limit), a step after each cost half the responses per second and left
// the burst's rows in arrival order after it (npm run bench:burst: 18,000 responses in commits
// of 300, page against arrival rho 0.045, 5.0–6.6 spreads of chance, after the rebuild that ran
// through them ended); stepped in the pause instead, the same burst is stored twice as fast and
// leaves none (0.0–0.2 spreads).
//
// Submissions that never pause would then never be rebuilt, and their rows would lie on disk as
// they came for as long as the server stays at its limit (DESIGN §9.7 allows no such stretch).
// So once batches have come back to back for UNPAUSED_MS, a step follows each batch again, the
// rule before the twentieth session, until the next pause: a burst shorter than that costs
// nothing, and what a longer one leaves in arrival order is bounded by it
// (docs/promises.md#arrival-order).
import { parentPort, workerData } from "node:worker_threads";
import type { JobMessage, ResultMessage } from "./batch-thread";
import { connectionOf } from "./connection";
import { type Batch, type Outcome, storeBatch } from "./responses";
import {
  connectSqlite,
  cutSqliteLog,
  forgetSqliteArrivalOrder,
  type SqliteConnection,
} from "./sqlite";
import { useTablesOf } from "./tables";

/** What sqlite.ts batchThreadOf passes: the file, and (tests) another UNPAUSED_MS. */
interface BatchWorkerData {
  path: string;
  unpausedMs?: number;
}

/**
 * How long batches may come back to back before each is followed by a step again. A burst
 * shorter than this pays nothing (bench:burst's 18,000 responses are stored in 7 s); past it
 * the server stores as before the twentieth session: 1,614–1,629 responses/s of storage work
 * against 2,539 in bench:burst, and the burst's rows 0.3–2.8 spreads of chance from random
 * order after it.
 */
const UNPAUSED_MS = 60_000;

useTablesOf("sqlite");
const data = workerData as BatchWorkerData;
const unpausedMs = data.unpausedMs ?? UNPAUSED_MS;
const db = connectSqlite(data.path);
const connection = connectionOf(db) as SqliteConnection;

let batches = 0;
/** When the first batch since the last pause came. */
let unpausedSince: number | undefined;

/** A step of the rebuild; whether one is still under way after it. */
function step(): Promise<boolean> {
  return forgetSqliteArrivalOrder(connection).catch((error: { code?: unknown; name?: unknown }) => {
    // What is said of it names no row (an error's message can quote a key).
    process.stderr.write(
      `voz: a step of the rebuild in key order failed (${String(error?.code ?? error?.name)}); the next pause tries again\n`,
    );
    return false;
  });
}

/**
 * Steps the rebuild until it is done or a batch comes (which waits for one step at most). The
 * first step is taken at once, before a job already on its way is read: at an easy pace, where
 * each batch is followed by a pause, every batch is followed by a step, as before, and a
 * rebuild starts at the count it is due at.
 */
function stepWhileIdle(): void {
  unpausedSince = undefined;
  const seen = batches;
  const next = () => {
    if (batches !== seen) return;
    step().then((more) => {
      if (more) setImmediate(next);
    });
  };
  next();
}

parentPort?.on("message", async (message: JobMessage<Batch> | "idle") => {
  if (message === "idle") {
    stepWhileIdle();
    return;
  }
  const { id, job } = message;
  batches++;
  unpausedSince ??= performance.now();
  const since = unpausedSince;
  let reply: ResultMessage<Outcome[]>;
  try {
    const result = await storeBatch(db, job.order, job.day);
    await cutSqliteLog(connection);
    reply = { id, result };
  } catch (error) {
    reply = { id, error };
  }
  parentPort?.postMessage(reply);
  // After the reply, so that this batch's 201s do not wait for it; the next batch does.
  if (performance.now() - since >= unpausedMs) await step();
});
parentPort?.postMessage({ ready: true } satisfies ResultMessage<Outcome[]>);
// One a stopped process left under way goes on at once, until the first batch comes.
stepWhileIdle();
