// The batch thread (batch-thread.ts): its own connection to the database file, and the same
// storeBatch and forgetArrivalOrder the request thread would run.
import { parentPort, workerData } from "node:worker_threads";
import type { JobMessage, ResultMessage } from "./batch-thread";
import { forgetArrivalOrder } from "./client";
import { type Batch, type Outcome, storeBatch } from "./responses";
import { connectSqlite } from "./sqlite";
import { useTablesOf } from "./tables";

useTablesOf("sqlite");
const db = connectSqlite((workerData as { path: string }).path);

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
});
parentPort?.postMessage({ ready: true } satisfies ResultMessage<Outcome[]>);
