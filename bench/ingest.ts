// npm run bench:ingest [-- --connections 50 --seconds 10]: how fast the server takes sealed
// responses, against a bare Hono echo route on the same server, so the ratio shows what our
// own work (zod, envelope shape check, rate limit, SQLite commit with synchronous=FULL) costs.
// The server runs in a child process so autocannon does not share its event loop.
// `--synchronous normal` is for comparison only: it shows what the per-commit fsync costs.
// The product always runs with FULL (server/db/client.ts, README "What we promise").
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";

/** The part of autocannon's API used here (it ships no types, and we add no dependency). */
interface Request {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: (Request & { setupRequest?: (request: Request) => Request })[];
}) => Promise<{
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  "2xx": number;
  non2xx: number;
  errors: number;
}>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const SLUG = "passport-access";
const INGEST = `/api/surveys/${SLUG}/responses`;
const ECHO = "/bench/echo";

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    seconds: { type: "string", default: "10" },
    synchronous: { type: "string", default: "full" },
    serve: { type: "boolean", default: false },
  },
});
if (!["full", "normal"].includes(values.synchronous)) {
  throw new Error("--synchronous must be full or normal");
}

/** The child: the real app (rate limit raised) plus one bare echo route, on one node server. */
async function serveChild(): Promise<void> {
  const { serve } = await import("@hono/node-server");
  const { Hono } = await import("hono");
  const { createApp } = await import("../server/app");
  const { seededDatabase } = await import("../test/harness");
  const seeded = await seededDatabase();
  seeded.db.$client.pragma(`synchronous = ${values.synchronous}`);
  const app = createApp({
    db: seeded.db,
    log: () => {},
    submissionLimit: { limit: 1_000_000_000, windowMs: 60_000 },
  });
  const outer = new Hono();
  outer.post(ECHO, async (c) => c.json({ receipt: (await c.req.json()).id }, 201));
  outer.route("/", app);
  serve({ fetch: outer.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
    process.stdout.write(`${info.port} ${seeded.dbPath}\n`);
  });
  process.on("SIGTERM", () => {
    seeded.cleanup();
    process.exit(0);
  });
}

/** A body like the respondent page sends: a fresh UUID and one 256-byte block sealed (304 bytes). */
function body(): string {
  return JSON.stringify({ id: randomUUID(), ciphertext: randomBytes(304).toString("base64") });
}

interface Measured {
  requests: number;
  ok: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(port: number, path: string): Promise<Measured> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: Number(values.connections),
    duration: Number(values.seconds),
    // Every request gets a fresh id and fresh bytes, so every one is a new row.
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  });
  return {
    requests: result.requests.total,
    ok: result["2xx"],
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Rows in the child's database once the server has finished what was in flight. */
async function settledRows(dbPath: string): Promise<number> {
  let last = storedRows(dbPath);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = storedRows(dbPath);
    if (now === last) return now;
    last = now;
  }
}

/** Rows in the child's database, read beside it (WAL lets a reader in while it writes). */
function storedRows(dbPath: string): number {
  const sqlite = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return (
      sqlite.prepare("select count(*) as n from response_parts where part = 0").get() as {
        n: number;
      }
    ).n;
  } finally {
    sqlite.close();
  }
}

async function main(): Promise<void> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "bench/ingest.ts", "--serve", "--synchronous", values.synchronous],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const [port, dbPath] = await new Promise<[number, string]>((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
    if (!child.stdout) return reject(new Error("no stdout"));
    createInterface({ input: child.stdout }).once("line", (line) => {
      const [port = "", ...path] = line.split(" ");
      resolve([Number(port), path.join(" ")]);
    });
  });
  try {
    await load(port, ECHO); // warm-up
    const echo = await load(port, ECHO);
    const before = storedRows(dbPath);
    const ingest = await load(port, INGEST);
    // A 2xx that stored nothing would make the figure a lie: every acknowledged request is a row.
    // autocannon drops the requests in flight when time is up (at most one per connection);
    // the server may still store those, so they are the only rows allowed beyond the 2xx count.
    const stored = (await settledRows(dbPath)) - before;
    const row = (name: string, m: Measured) =>
      `${name.padEnd(8)} ${m.perSecond.toFixed(0).padStart(7)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  (${m.requests} requests, ${m.non2xx} non-2xx, ${m.errors} errors)`;
    console.log(
      `${values.connections} connections, ${values.seconds} s each, ~300-byte ciphertexts, synchronous=${values.synchronous.toUpperCase()}`,
    );
    console.log(row("echo", echo));
    console.log(row("ingest", ingest));
    const inFlight = stored - ingest.ok;
    console.log(
      `stored rows: ${stored} = ${ingest.ok} answered 2xx + ${inFlight} in flight when the run stopped`,
    );
    console.log(`ingest / echo throughput: ${(ingest.perSecond / echo.perSecond).toFixed(3)}`);
    const honest =
      ingest.non2xx === 0 &&
      ingest.errors === 0 &&
      inFlight >= 0 &&
      inFlight <= Number(values.connections);
    if (!honest)
      console.error("not a valid run: refused or failed requests, or rows ≠ 2xx answers");
    process.exitCode = honest ? 0 : 1;
  } finally {
    child.kill("SIGTERM");
  }
}

if (values.serve) await serveChild();
else await main();
