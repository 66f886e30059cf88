// The batch thread (batch-thread.ts): its own connection to the database file, and the same
// storeBatch and forgetArrivalOrder the request thread would run; between batches, the steps
// of a rebuild under way (sqlite-rebuild.ts), one at a time, each batch waiting for one at most;
// from its start too, for one a stopped process left.
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

let rebuilding = false;
/** Steps a rebuild under way to its end, yielding to the batches that come meanwhile. */
function rebuildWhileIdle(): void {
  if (rebuilding) return;
  rebuilding = true;
  const next = () =>
    setImmediate(() => {
      continueSqliteRebuild(connection).then(
        (more) => {
          if (more) next();
          else rebuilding = false;
        },
        (error: { code?: unknown; name?: unknown }) => {
          rebuilding = false;
          // What is said of it names no row (an error's message can quote a key).
          process.stderr.write(
            `voz: a step of the rebuild in key order failed (${String(error?.code ?? error?.name)}); the next batch tries again\n`,
          );
        },
      );
    });
  next();
}

parentPort?.on("message", async ({ id, job }: JobMessage<Batch>) => {
  let reply: ResultMessage<Outcome[]>;
  try {
    const result = await storeBatch(db, job.order, job.day);
    await forgetArrivalOrder(db);
    reply = { id, result };
  } catch (error) {
    reply = { id, error };
  }
  parentPort?.postMessage(reply);
  rebuildWhileIdle();
});
parentPort?.postMessage({ ready: true } satisfies ResultMessage<Outcome[]>);
// One a stopped process left under way goes on now, not with the first batch.
rebuildWhileIdle();
