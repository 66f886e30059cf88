// The gate's worker thread: jobs in, verdicts out, one at a time. HiGHS loads here, so an audit
// that takes seconds never holds the request thread (issue 12: one 4,424-cell publication held
// every other request for 11 s when it ran there). The worker stays for the next job; ./run.ts
// ends it when a job outruns its budget.
import { parentPort } from "node:worker_threads";
import { loadHighs } from "../../client/lib/lp";
import { checkPublication, type GateJob } from "./check";

await loadHighs();
parentPort?.on("message", async (job: GateJob) => {
  parentPort?.postMessage(await checkPublication(job));
});
parentPort?.postMessage("ready");
