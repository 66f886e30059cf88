// One server of bench:ingest in its own process, so the load generator does not share its event
// loop: `tsx bench/ingest/child.ts <kind> [postgres-url]`. It tells the parent its port over
// IPC, answers "rows" with the responses it has stored, and stops on "stop" (writing a CPU
// profile if it was started with --cpu-prof).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { barePostgres } from "./bare-postgres";
import { type BareServer, serveBare } from "./bare-server";
import { type BareStorage, bareSqlite } from "./bare-sqlite";
import { SLUG } from "./body";
import { serveVoz } from "./voz-server";

export const SERVER_KINDS = [
  "voz",
  "bare",
  "bare-private",
  "bare-parts",
  "bare-layout",
  "voz-pg",
  "bare-pg",
  "bare-pg-layout",
  "voz-before",
  "voz-pg-before",
] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

const BARE_STORAGE: Record<"bare" | "bare-private" | "bare-parts" | "bare-layout", BareStorage> = {
  bare: "plain",
  "bare-private": "private",
  "bare-parts": "parts",
  "bare-layout": "layout",
};

export interface Ready {
  port: number;
}

export interface Stored {
  rows: number;
  /** CPU time this process has used (every thread: user + system), in milliseconds. */
  cpuMs: number;
  /** What the stored responses take: the SQLite file once its log is checkpointed into it, or
   * the PostgreSQL database beyond its empty size. */
  bytes: number;
}

/**
 * How the parent asks: "rows" between runs, "cpu" while it waits for the server to be still
 * (only the CPU time: counting rows is itself seconds of work on a large file), "size" once at
 * the end, "stop" to leave.
 */
export type Question = "rows" | "cpu" | "size" | "stop";

/** The answer to "cpu". */
export interface Busy {
  cpuMs: number;
}

/** CPU time this process has used (every thread: user + system), in milliseconds. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function start(kind: ServerKind, dbPath: string, url: string): Promise<BareServer> {
  const path = `/api/surveys/${SLUG}/responses`;
  if (kind === "voz") return serveVoz(dbPath);
  if (kind === "voz-pg") return serveVoz(url);
  if (kind === "voz-before" || kind === "voz-pg-before") {
    // Another checkout of Voz (bench:ingest --before), to measure what a change bought.
    const before = process.env.VOZ_BEFORE ?? "";
    const { serveVoz: serveBefore } = (await import(
      join(before, "bench/ingest/voz-server.ts")
    )) as typeof import("./voz-server");
    return serveBefore(kind === "voz-before" ? dbPath : url);
  }
  if (kind === "bare-pg" || kind === "bare-pg-layout") {
    return serveBare(path, await barePostgres(url, kind === "bare-pg-layout"));
  }
  return serveBare(path, bareSqlite(dbPath, BARE_STORAGE[kind]));
}

async function main(kind: ServerKind, url: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `voz-ingest-${kind}-`));
  const server = await start(kind, join(dir, "voz.db"), url);
  process.on("message", async (message) => {
    if (message === "cpu") process.send?.({ cpuMs: cpuMs() } satisfies Busy);
    if (message === "rows" || message === "size") {
      const rows = await server.storedRows();
      const bytes = message === "size" ? await server.storedBytes() : 0;
      process.send?.({ rows, bytes, cpuMs: cpuMs() } satisfies Stored);
    }
    if (message === "stop") {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  process.send?.({ port: server.port } satisfies Ready);
}

const kind = process.argv[2] as ServerKind;
if (!SERVER_KINDS.includes(kind)) throw new Error(`server kind must be one of ${SERVER_KINDS}`);
await main(kind, process.argv[3] ?? "");
