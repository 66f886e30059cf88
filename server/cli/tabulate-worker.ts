// One thread of the tabulating pool (tabulate-pool.ts): opens the batches it is sent, or reads
// the stretches of ids it is sent from its own database connection, with the survey's key, and
// counts each response in its running tabulation as it opens, which it sends back at the end.
import { parentPort } from "node:worker_threads";
import { type OpenKey, open, openKey, ready } from "../../client/lib/crypto";
import { type Tabulation, tabulation } from "../../client/lib/tabulate";
import type { Survey } from "../../surveys/schema";
import type { IdRange } from "../db/response-pages";
import type { FromWorker, Share, ToWorker } from "./tabulate-pool";

const port = parentPort;
if (!port) throw new Error("tabulate-worker.ts runs only as a worker thread");
await ready();

/** `versions`: the survey and those asking its questions, whose responses count with its own. */
let job: { versions: Survey[]; key: OpenKey; tabulation: Tabulation } | undefined;
let share: Omit<Share, "tables"> | undefined;
/** What reads the responses of one stretch of ids, when the source is a database. */
let reader: { read(range: IdRange): AsyncGenerator<string[]>; close(): Promise<void> } | undefined;

/**
 * Responses read from the database per page. A page is held while it opens; a small one is
 * mostly gone by the time the young generation is collected, which then copies few ciphertexts.
 */
const PAGE = 64;

/** Only a worker that reads a database loads the drivers: each module costs every thread. */
async function connect(
  location: string,
  slug: string,
  copies: ReadonlySet<string>,
): Promise<NonNullable<typeof reader>> {
  const [{ closeDatabase, openDatabaseForReading }, { responsePages }] = await Promise.all([
    import("../db/client"),
    import("../db/response-pages"),
  ]);
  const db = await openDatabaseForReading(location);
  return {
    async *read(range) {
      for await (const page of responsePages(db, slug, PAGE, range)) {
        yield page.flatMap((r) => (copies.has(r.id) ? [] : [r.ciphertext]));
      }
    },
    close: () => closeDatabase(db),
  };
}

/** Opens and counts a batch; what does not open is counted unreadable. */
function openAll(ciphertexts: readonly (string | null)[]): void {
  if (!job || !share) throw new Error("a batch came before the job");
  for (const ciphertext of ciphertexts) {
    const opened = ciphertext === null ? null : open(ciphertext, job.key, job.versions);
    if (opened?.ok) {
      job.tabulation.count(opened.envelope.answers);
      share.responses++;
    } else share.unreadable++;
  }
}

async function handle(message: ToWorker): Promise<void> {
  if (message.kind === "start") {
    const key = openKey(message.pair);
    if (!key) throw new Error("not a key pair");
    const options = message.breakdowns ? { breakdowns: message.breakdowns } : {};
    const running = tabulation(message.survey, options);
    if (!running.ok) throw new Error(`unknown breakdown ${running.breakdown}`);
    job = { versions: [message.survey, ...(message.alike ?? [])], key, tabulation: running };
    share = { responses: 0, unreadable: 0 };
    if (message.database !== null) {
      reader = await connect(message.database, message.survey.slug, new Set(message.copies));
    }
  } else if (message.kind === "batch") {
    openAll(message.ciphertexts);
    port?.postMessage({ kind: "done" } satisfies FromWorker);
  } else if (message.kind === "range") {
    if (!reader) throw new Error("a stretch of ids came before the database");
    for await (const ciphertexts of reader.read(message.range)) openAll(ciphertexts);
    port?.postMessage({ kind: "done" } satisfies FromWorker);
  } else {
    if (!job || !share) throw new Error("finished before the job");
    await reader?.close();
    port?.postMessage({
      kind: "share",
      tables: job.tabulation.tables(),
      ...share,
    } satisfies FromWorker);
  }
}

// Reading is asynchronous: messages are handled one after the other, in the order they came.
let handled = Promise.resolve();
port.on("message", (message: ToWorker) => {
  handled = handled.then(() => handle(message));
  // A failure ends the thread with an error event, which fails the pool (tabulate-pool.ts).
  handled.catch((error: unknown) => {
    setImmediate(() => {
      throw error;
    });
  });
});
