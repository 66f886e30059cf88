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
// leaves none (0.0–0.2 spreads). Submissions that never pause are never rebuilt until they do
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

useTablesOf("sqlite");
const db = connectSqlite((workerData as { path: string }).path);
const connection = connectionOf(db) as SqliteConnection;

let batches = 0;
/**
 * Steps the rebuild until it is done or a batch comes (which waits for one step at most). The
 * first step is taken at once, before a job already on its way is read: at an easy pace, where
 * each batch is followed by a pause, every batch is followed by a step, as before, and a
 * rebuild starts at the count it is due at.
 */
function stepWhileIdle(): void {
  const seen = batches;
  const step = () => {
    if (batches !== seen) return;
    forgetSqliteArrivalOrder(connection).then(
      (more) => {
        if (more) setImmediate(step);
      },
      (error: { code?: unknown; name?: unknown }) => {
        // What is said of it names no row (an error's message can quote a key).
        process.stderr.write(
          `voz: a step of the rebuild in key order failed (${String(error?.code ?? error?.name)}); the next pause tries again\n`,
        );
      },
    );
  };
  step();
}

parentPort?.on("message", async (message: JobMessage<Batch> | "idle") => {
  if (message === "idle") {
    stepWhileIdle();
    return;
  }
  const { id, job } = message;
  batches++;
  let reply: ResultMessage<Outcome[]>;
  try {
    const result = await storeBatch(db, job.order, job.day);
    await cutSqliteLog(connection);
    reply = { id, result };
  } catch (error) {
    reply = { id, error };
  }
  parentPort?.postMessage(reply);
});
parentPort?.postMessage({ ready: true } satisfies ResultMessage<Outcome[]>);
// One a stopped process left under way goes on at once, until the first batch comes.
stepWhileIdle();
