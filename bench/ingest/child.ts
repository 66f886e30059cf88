// One server of bench:ingest in its own process, so the load generator does not share its event
// loop: `tsx bench/ingest/child.ts <kind>`. It tells the parent its port over IPC, answers
// "rows" with the responses it has stored, and stops on "stop" (writing a CPU profile if it
// was started with --cpu-prof).
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveBare } from "./bare-server";
import { SLUG } from "./body";
import { serveVoz } from "./voz-server";

export const SERVER_KINDS = ["voz", "bare", "bare-private"] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export interface Ready {
  port: number;
  dbPath: string;
}

export interface Stored {
  rows: number;
  /** The database file once its write-ahead log is checkpointed into it. */
  bytes: number;
}

const fileBytes = (dbPath: string) =>
  [dbPath, `${dbPath}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);

/** How the parent asks: "rows" between runs, "size" once at the end, "stop" to leave. */
export type Question = "rows" | "size" | "stop";

async function main(kind: ServerKind): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `voz-ingest-${kind}-`));
  const dbPath = join(dir, "voz.db");
  const path = `/api/surveys/${SLUG}/responses`;
  const server =
    kind === "voz"
      ? await serveVoz(dbPath)
      : await serveBare(path, dbPath, kind === "bare" ? "plain" : "private");
  process.on("message", (message) => {
    if (message === "rows" || message === "size") {
      if (message === "size") server.checkpoint();
      process.send?.({ rows: server.storedRows(), bytes: fileBytes(dbPath) } satisfies Stored);
    }
    if (message === "stop") {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  process.send?.({ port: server.port, dbPath } satisfies Ready);
}

const kind = process.argv[2] as ServerKind;
if (!SERVER_KINDS.includes(kind)) throw new Error(`server kind must be one of ${SERVER_KINDS}`);
await main(kind);
