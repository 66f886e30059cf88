// The batch thread (batch-thread.ts): its own connection to the database file, and the same
// storeBatch and forgetArrivalOrder the request thread would run (a step of a rebuild under
// way after each batch's commit, sqlite-rebuild.ts); and once no batch has come for IDLE_MS,
// the steps of one under way, one at a time, until it is done or a batch comes.
import { parentPort, workerData } from "node:worker_threads";
import type { JobMessage, ResultMessage } from "./batch-thread";
import { forgetArrivalOrder } from "./client";
import { connectionOf } from "./connection";
import { type Batch, type Outcome, storeBatch } from "./responses";
import { connectSqlite, continueSqliteRebuild, type SqliteConnection } from "./sqlite";
import { useTablesOf } from "./tables";

useTablesOf("sqlite");
const db = connectSqlite((workerData as { path: string }).path);
const connection = connectionOf(db) as SqliteConnection;

/**
 * No batch for this long, and the thread steps a rebuild under way on its own, so that a survey
 * whose responses stop mid-rebuild does not keep its old tables (in arrival order) until the next.
 * Not between busy batches: each already takes a step, and a second one after each (the
 * eighteenth session's way) hurried every rebuild to its end so the next started sooner, and
 * at 50 connections took 0.88 of the responses per second this way takes (bench:ingest). The
 * price: while submissions never pause, a rebuild takes twice as many batches.
 */
const IDLE_MS = 100;
let batches = 0;
let idle: NodeJS.Timeout | undefined;
function rebuildWhenIdle(): void {
  clearTimeout(idle);
  const seen = batches;
  const step = () => {
    // A batch came: it stepped, and waits for the thread to be idle again.
    if (batches !== seen) return;
    continueSqliteRebuild(connection).then(
      (more) => {
        if (more) setImmediate(step);
      },
      (error: { code?: unknown; name?: unknown }) => {
        // What is said of it names no row (an error's message can quote a key).
        process.stderr.write(
          `voz: a step of the rebuild in key order failed (${String(error?.code ?? error?.name)}); the next batch tries again\n`,
        );
      },
    );
  };
  idle = setTimeout(step, IDLE_MS);
}

parentPort?.on("message", async ({ id, job }: JobMessage<Batch>) => {
  batches++;
  let reply: ResultMessage<Outcome[]>;
  try {
    const result = await storeBatch(db, job.order, job.day);
    await forgetArrivalOrder(db);
    reply = { id, result };
  } catch (error) {
    reply = { id, error };
  }
  parentPort?.postMessage(reply);
  rebuildWhenIdle();
});
parentPort?.postMessage({ ready: true } satisfies ResultMessage<Outcome[]>);
// One a stopped process left under way goes on once the thread is idle, not with the first batch.
rebuildWhenIdle();
