// The gate's worker thread: jobs in, verdicts out, one at a time. HiGHS loads here, so an audit
// that takes seconds never holds the request thread (issue 12: one 4,424-cell publication held
// every other request for 11 s when it ran there). The worker stays for the next job; ./run.ts
// ends it when a job outruns its budget.
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { loadHighs } from "../../client/lib/lp";
import { checkPublication, type GateJob } from "./check";
import { GATE_NICE } from "./run";

// Linux keeps a nice value per thread, and 0 names the calling one, so only this worker yields:
// on two busy cores a respondent's GET no longer waits for its turn behind an audit. Elsewhere
// 0 names the whole process, and the request thread would yield too.
if (process.platform === "linux") setPriority(0, GATE_NICE);
await loadHighs();
parentPort?.on("message", async (job: GateJob) => {
  parentPort?.postMessage(await checkPublication(job));
});
parentPort?.postMessage("ready");
