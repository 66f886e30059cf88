// One thread of the tabulating pool (tabulate-pool.ts): opens the batches it is sent with the
// survey's key and adds each batch's tabulation to its own, which it sends back at the end.
import { parentPort } from "node:worker_threads";
import type { Answers } from "../../client/lib/answers";
import { type OpenKey, open, openKey, ready } from "../../client/lib/crypto";
import { addTabulations, type TabulateOptions, tabulate } from "../../client/lib/tabulate";
import type { Survey } from "../../surveys/schema";
import type { FromWorker, Share, ToWorker } from "./tabulate-pool";

const port = parentPort;
if (!port) throw new Error("tabulate-worker.ts runs only as a worker thread");
await ready();

let job: { survey: Survey; key: OpenKey; options: TabulateOptions } | undefined;
let share: Share | undefined;

function add(ciphertexts: readonly (string | null)[]): void {
  if (!job || !share) throw new Error("a batch came before the job");
  const answers: Answers[] = [];
  for (const ciphertext of ciphertexts) {
    const opened = ciphertext === null ? null : open(ciphertext, job.key, job.survey);
    if (opened?.ok) answers.push(opened.envelope.answers);
    else share.unreadable++;
  }
  const tabulated = tabulate(job.survey, answers, job.options);
  if (!tabulated.ok) throw new Error(`unknown breakdown ${tabulated.breakdown}`);
  share.tables = addTabulations(share.tables, tabulated.tables);
  share.responses += answers.length;
}

port.on("message", (message: ToWorker) => {
  if (message.kind === "start") {
    const key = openKey(message.pair);
    if (!key) throw new Error("not a key pair");
    const options = message.breakdowns ? { breakdowns: message.breakdowns } : {};
    const none = tabulate(message.survey, [], options);
    if (!none.ok) throw new Error(`unknown breakdown ${none.breakdown}`);
    job = { survey: message.survey, key, options };
    share = { tables: none.tables, responses: 0, unreadable: 0 };
  } else if (message.kind === "batch") {
    add(message.ciphertexts);
    port.postMessage({ kind: "done" } satisfies FromWorker);
  } else {
    if (!share) throw new Error("finished before the job");
    port.postMessage({ kind: "share", ...share } satisfies FromWorker);
  }
});
