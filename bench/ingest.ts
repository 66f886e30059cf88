// npm run bench:ingest [-- --connections 50 --seconds 10]: how fast the server takes sealed
// responses, against a bare server written here with the same durability: node:http, the same
// JSON parsed, the id checked, a receipt computed, and the row inserted by the same driver with
// group commit (better-sqlite3, WAL, synchronous=FULL; one transaction for the requests that
// arrive together, each answered after its commit). The ratio shows what Voz's own request
// path costs over what the stack can do durably (issue 17: target >= 0.8, p99 < 50 ms).
// Each server runs alone in a child process, so autocannon does not share its event loop.
// `--synchronous normal` is for comparison only: it shows what the per-commit fsync costs.
// The product always runs with FULL (server/db/client.ts, docs/promises.md).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { sqliteOf } from "../server/db/client";
import { receiptFor } from "../server/receipt";

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

const SERVERS = ["bare", "voz"] as const;
type ServerKind = (typeof SERVERS)[number];

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    seconds: { type: "string", default: "10" },
    synchronous: { type: "string", default: "full" },
    serve: { type: "string" },
  },
});
if (!["full", "normal"].includes(values.synchronous)) {
  throw new Error("--synchronous must be full or normal");
}

/** A child: one server on a loopback port; prints "<port> <database path>". */
async function serveChild(kind: ServerKind): Promise<void> {
  if (kind === "bare") return serveBare();
  const { serve } = await import("@hono/node-server");
  const { createApp } = await import("../server/app");
  const { seededDatabase } = await import("../test/harness");
  const seeded = await seededDatabase();
  sqliteOf(seeded.db).pragma(`synchronous = ${values.synchronous}`);
  const app = createApp({
    db: seeded.db,
    log: () => {},
    submissionLimit: { limit: 1_000_000_000, windowMs: 60_000 },
  });
  serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
    process.stdout.write(`${info.port} ${seeded.dbPath}\n`);
  });
  process.on("SIGTERM", async () => {
    await seeded.cleanup();
    process.exit(0);
  });
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * The yardstick: what node:http and better-sqlite3 do with the same durability and nothing
 * else. Same JSON, same id check, same receipt, same idempotent retry, one fsync per batch.
 */
function serveBare(): void {
  const dbPath = join(mkdtempSync(join(tmpdir(), "voz-bench-bare-")), "bare.db");
  const sqlite = new Database(dbPath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`synchronous = ${values.synchronous}`);
  sqlite.exec(
    "create table responses (id text primary key, slug text not null, ciphertext text not null, received_on text not null) without rowid",
  );
  const insert = sqlite.prepare(
    "insert into responses values (?, ?, ?, ?) on conflict (id) do nothing",
  );
  const stored = sqlite.prepare("select ciphertext from responses where id = ?").pluck();
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  let waiting: { id: string; ciphertext: string; res: ServerResponse }[] = [];
  const flush = () => {
    const batch = waiting;
    waiting = [];
    const day = new Date().toISOString().slice(0, 10);
    const kept = sqlite
      .transaction(() =>
        batch.map(
          ({ id, ciphertext }) =>
            insert.run(id, SLUG, ciphertext, day).changes === 1 || stored.get(id) === ciphertext,
        ),
      )
      .immediate();
    batch.forEach(({ id, ciphertext, res }, i) => {
      if (kept[i]) send(res, 201, { receipt: receiptFor(id, ciphertext) });
      else send(res, 409, { error: { code: "id_taken", message: "id taken", field: "$.id" } });
    });
  };
  createServer((req, res) => {
    if (req.method !== "POST" || req.url !== INGEST) return send(res, 404, {});
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let body: { id?: unknown; ciphertext?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return send(res, 400, { error: { code: "invalid_json", message: "not JSON" } });
      }
      const { id, ciphertext } = body ?? {};
      if (typeof id !== "string" || !UUID_V4.test(id) || typeof ciphertext !== "string") {
        return send(res, 400, { error: { code: "invalid_field", message: "bad", field: "$.id" } });
      }
      waiting.push({ id, ciphertext, res });
      if (waiting.length === 1) setImmediate(flush);
    });
  }).listen(0, "127.0.0.1", function (this: import("node:net").Server) {
    const address = this.address() as import("node:net").AddressInfo;
    process.stdout.write(`${address.port} ${dbPath}\n`);
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

async function load(
  port: number,
  path: string,
  seconds = Number(values.seconds),
): Promise<Measured> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: Number(values.connections),
    duration: seconds,
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
    return (sqlite.prepare("select count(*) as n from responses").get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

interface Run {
  kind: ServerKind;
  measured: Measured;
  /** Rows stored beyond the 2xx answers: requests in flight when the run stopped. */
  inFlight: number;
}

/** Starts one server alone, warms it up, loads it, and checks every 2xx is a stored row. */
async function measure(kind: ServerKind): Promise<Run> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "bench/ingest.ts", "--serve", kind, "--synchronous", values.synchronous],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const [port, dbPath] = await new Promise<[number, string]>((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
    if (!child.stdout) return reject(new Error("no stdout"));
    createInterface({ input: child.stdout }).once("line", (line) => {
      const [port = "", ...path] = line.split(" ");
      resolve([Number(port), path.join(" ")]);
    });
  });
  try {
    await load(port, INGEST, 3); // warm-up: JIT, page cache, prepared statements
    const before = await settledRows(dbPath);
    const measured = await load(port, INGEST);
    // A 2xx that stored nothing would make the figure a lie: every acknowledged request is a row.
    // autocannon drops the requests in flight when time is up (at most one per connection);
    // the server may still store those, so they are the only rows allowed beyond the 2xx count.
    const stored = (await settledRows(dbPath)) - before;
    return { kind, measured, inFlight: stored - measured.ok };
  } finally {
    child.kill("SIGTERM");
  }
}

async function main(): Promise<void> {
  const runs: Run[] = [];
  for (const kind of SERVERS) runs.push(await measure(kind));
  console.log(
    `${values.connections} connections, ${values.seconds} s each, ~300-byte ciphertexts, synchronous=${values.synchronous.toUpperCase()}`,
  );
  for (const { kind, measured: m, inFlight } of runs) {
    console.log(
      `${kind.padEnd(6)} ${m.perSecond.toFixed(0).padStart(6)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  ` +
        `(${m.requests} requests, ${m.non2xx} non-2xx, ${m.errors} errors; rows = ${m.ok} 2xx + ${inFlight} in flight)`,
    );
  }
  const [bare, voz] = runs.map((r) => r.measured.perSecond) as [number, number];
  console.log(`voz / bare throughput: ${(voz / bare).toFixed(2)}`);
  const honest = runs.every(
    ({ measured: m, inFlight }) =>
      m.non2xx === 0 && m.errors === 0 && inFlight >= 0 && inFlight <= Number(values.connections),
  );
  if (!honest) console.error("not a valid run: refused or failed requests, or rows ≠ 2xx answers");
  process.exitCode = honest ? 0 : 1;
}

if (values.serve) await serveChild(values.serve as ServerKind);
else await main();
