// npm run bench:ingest [-- --connections 50 --seconds 10 --only sqlite|postgres]: how fast
// the server takes sealed responses, against a bare server written here with the same
// durability: node:http, the same JSON parsed, the id checked, a receipt computed, and the row
// inserted by the same driver with group commit (one transaction for the requests that arrive
// together, each answered after its commit) — better-sqlite3 with WAL and synchronous=FULL, and
// node-postgres on a throwaway cluster with fsync and synchronous_commit on. The ratio shows
// what Voz's own request path costs over what the stack can do durably (issue 17: target
// >= 0.8, p99 < 50 ms). Each server runs alone in a child process, so autocannon does not
// share its event loop. `--synchronous normal` (SQLite only) is for comparison: it shows what
// the per-commit fsync costs. The product always runs with FULL (server/db/sqlite.ts).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { receiptFor } from "../server/receipt";
import { type Cluster, postgresBin, startCluster } from "../test/postgres";

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

type ServerKind = "bare" | "voz";

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    seconds: { type: "string", default: "10" },
    synchronous: { type: "string", default: "full" },
    only: { type: "string" },
    serve: { type: "string" },
    db: { type: "string" },
  },
});
if (!["full", "normal"].includes(values.synchronous)) {
  throw new Error("--synchronous must be full or normal");
}
const isPostgres = (location: string) => location.startsWith("postgres");

/** A child: one server on a loopback port, on the database at `location`; prints its port. */
async function serveChild(kind: ServerKind, location: string): Promise<void> {
  const port = kind === "bare" ? await serveBare(location) : await serveVoz(location);
  process.stdout.write(`${port}\n`);
}

async function serveVoz(location: string): Promise<number> {
  const { serve } = await import("@hono/node-server");
  const { createApp } = await import("../server/app");
  const { openDatabase, sqliteOf } = await import("../server/db/client");
  const { publishSurveyVersion } = await import("../server/db/surveys");
  const { generateKeyPair, ready } = await import("../client/lib/crypto");
  const { seedSurvey } = await import("../test/harness");
  await ready();
  const db = await openDatabase(location);
  if (!isPostgres(location)) sqliteOf(db).pragma(`synchronous = ${values.synchronous}`);
  await publishSurveyVersion(db, seedSurvey(SLUG), generateKeyPair().publicKey, "open");
  const app = createApp({
    db,
    log: () => {},
    submissionLimit: { limit: 1_000_000_000, windowMs: 60_000 },
  });
  return new Promise((resolve) => {
    serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve(info.port));
  });
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

interface Waiting {
  id: string;
  ciphertext: string;
  res: ServerResponse;
}

/** Stores a batch in one transaction; says for each whether its ciphertext is now kept. */
type StoreBatch = (batch: Waiting[], day: string) => Promise<boolean[]>;

/**
 * The yardstick: what node:http and the driver do with the same durability and nothing else.
 * Same JSON, same id check, same receipt, same idempotent retry, one commit per batch.
 */
async function serveBare(location: string): Promise<number> {
  const store = isPostgres(location) ? await barePostgres(location) : bareSqlite(location);
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  let waiting: Waiting[] = [];
  const flush = async () => {
    const batch = waiting;
    waiting = [];
    const kept = await store(batch, new Date().toISOString().slice(0, 10));
    batch.forEach(({ id, ciphertext, res }, i) => {
      if (kept[i]) send(res, 201, { receipt: receiptFor(id, ciphertext) });
      else send(res, 409, { error: { code: "id_taken", message: "id taken", field: "$.id" } });
    });
  };
  const server = createServer((req: IncomingMessage, res) => {
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
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );
}

function bareSqlite(path: string): StoreBatch {
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`synchronous = ${values.synchronous}`);
  sqlite.exec(
    "create table responses (id text primary key, slug text not null, ciphertext text not null, received_on text not null) without rowid",
  );
  const insert = sqlite.prepare(
    "insert into responses values (?, ?, ?, ?) on conflict (id) do nothing",
  );
  const stored = sqlite.prepare("select ciphertext from responses where id = ?").pluck();
  return async (batch, day) =>
    sqlite
      .transaction(() =>
        batch.map(
          ({ id, ciphertext }) =>
            insert.run(id, SLUG, ciphertext, day).changes === 1 || stored.get(id) === ciphertext,
        ),
      )
      .immediate();
}

async function barePostgres(url: string): Promise<StoreBatch> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query(
    "create table responses (id text primary key, slug text not null, ciphertext text not null, received_on text not null)",
  );
  return async (batch, day) => {
    const client = await pool.connect();
    try {
      await client.query("begin");
      const ids = batch.map((w) => w.id);
      const inserted = await client.query<{ id: string }>(
        "insert into responses select id, $2, ciphertext, $3 from unnest($1::text[], $4::text[]) as r(id, ciphertext) on conflict (id) do nothing returning id",
        [ids, SLUG, day, batch.map((w) => w.ciphertext)],
      );
      const fresh = new Set(inserted.rows.map((r) => r.id));
      const others = ids.filter((id) => !fresh.has(id));
      const kept = new Map<string, string>();
      if (others.length > 0) {
        const rows = await client.query<{ id: string; ciphertext: string }>(
          "select id, ciphertext from responses where id = any($1::text[])",
          [others],
        );
        for (const row of rows.rows) kept.set(row.id, row.ciphertext);
      }
      await client.query("commit");
      return batch.map((w) => fresh.has(w.id) || kept.get(w.id) === w.ciphertext);
    } catch (error) {
      await client.query("rollback");
      throw error;
    } finally {
      client.release();
    }
  };
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
async function settledRows(location: string, kind: ServerKind): Promise<number> {
  let last = await storedRows(location, kind);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = await storedRows(location, kind);
    if (now === last) return now;
    last = now;
  }
}

/** Responses stored, read beside the server with the driver alone. */
async function storedRows(location: string, kind: ServerKind): Promise<number> {
  const query =
    kind === "bare"
      ? "select count(*) as n from responses"
      : `select count(*) as n from responses where slug = '${SLUG}'`;
  if (!isPostgres(location)) {
    const sqlite = new Database(location, { readonly: true, fileMustExist: true });
    try {
      return (sqlite.prepare(query).get() as { n: number }).n;
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(query)).rows[0]?.n);
  } finally {
    await client.end();
  }
}

interface Run {
  name: string;
  measured: Measured;
  /** Rows stored beyond the 2xx answers: requests in flight when the run stopped. */
  inFlight: number;
}

/** Starts one server alone, warms it up, loads it, and checks every 2xx is a stored row. */
async function measure(kind: ServerKind, location: string, name: string): Promise<Run> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "bench/ingest.ts",
      "--serve",
      kind,
      "--db",
      location,
      "--synchronous",
      values.synchronous,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`${name} server exited with ${code}`)));
    if (!child.stdout) return reject(new Error("no stdout"));
    createInterface({ input: child.stdout }).once("line", (line) => resolve(Number(line)));
  });
  try {
    await load(port, INGEST, 3); // warm-up: JIT, caches, prepared statements
    const before = await settledRows(location, kind);
    const measured = await load(port, INGEST);
    // A 2xx that stored nothing would make the figure a lie: every acknowledged request is a row.
    // autocannon drops the requests in flight when time is up (at most one per connection);
    // the server may still store those, so they are the only rows allowed beyond the 2xx count.
    const stored = (await settledRows(location, kind)) - before;
    return { name, measured, inFlight: stored - measured.ok };
  } finally {
    child.kill("SIGKILL");
  }
}

async function main(): Promise<void> {
  const runs: Run[] = [];
  const ratios: string[] = [];
  const pair = async (dialect: string, bare: string, voz: string) => {
    const b = await measure("bare", bare, `bare ${dialect}`);
    const v = await measure("voz", voz, `voz ${dialect}`);
    runs.push(b, v);
    ratios.push(`${dialect}: ${(v.measured.perSecond / b.measured.perSecond).toFixed(2)}`);
  };
  if (values.only !== "postgres") {
    const dir = mkdtempSync(join(tmpdir(), "voz-bench-ingest-"));
    await pair("sqlite", join(dir, "bare.db"), join(dir, "voz.db"));
  }
  if (values.only !== "sqlite") {
    if (!postgresBin()) throw new Error("PostgreSQL is not installed (apt-get install postgresql)");
    // Durable like a deployment: fsync and synchronous_commit on.
    const cluster: Cluster = startCluster({ durable: true });
    try {
      cluster.sql("create database bare");
      cluster.sql("create database voz");
      await pair("postgres", cluster.url("bare"), cluster.url("voz"));
    } finally {
      cluster.stop();
    }
  }
  console.log(
    `${values.connections} connections, ${values.seconds} s each, ~300-byte ciphertexts, SQLite synchronous=${values.synchronous.toUpperCase()}`,
  );
  for (const { name, measured: m, inFlight } of runs) {
    console.log(
      `${name.padEnd(13)} ${m.perSecond.toFixed(0).padStart(6)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  ` +
        `(${m.requests} requests, ${m.non2xx} non-2xx, ${m.errors} errors; rows = ${m.ok} 2xx + ${inFlight} in flight)`,
    );
  }
  console.log(`voz / bare throughput: ${ratios.join(", ")}`);
  const honest = runs.every(
    ({ measured: m, inFlight }) =>
      m.non2xx === 0 && m.errors === 0 && inFlight >= 0 && inFlight <= Number(values.connections),
  );
  if (!honest) console.error("not a valid run: refused or failed requests, or rows ≠ 2xx answers");
  process.exitCode = honest ? 0 : 1;
}

if (values.serve) await serveChild(values.serve as ServerKind, values.db ?? "");
else await main();
