// npm run bench:ingest [-- --connections 50 --seconds 10 --rounds 3 --db both --profile
//                         --before <another checkout of Voz, with node_modules>]
// How fast Voz takes sealed responses, against bare node:http servers written for this bench
// with the same driver and durability (bench/ingest/bare-server.ts), in one run: on SQLite
// (better-sqlite3) and on PostgreSQL (pg, on a throwaway cluster from Debian's postgresql with
// fsync on: test/postgres.ts). Rounds alternate the servers so load from the rest of the machine
// falls on all of them alike, and each round gives a ratio; each server is waited for until it
// is still (load, below) before the next one runs. Every server runs in its own
// process; autocannon runs here. --db sqlite or --db postgres measures one of the two.
// --before also serves Voz from another checkout (say, `git worktree add /tmp/before <commit>`),
// as "voz before", to measure what a change bought in the same run.
// --pg-setting name=value (repeatable) starts the PostgreSQL cluster with that setting as well,
// say `--pg-setting wal_level=minimal --pg-setting max_wal_senders=0`, which
// docs/deploy-postgres.md advises for a host with no replica nor WAL archive.
// --profile writes Voz's CPU profiles (node --cpu-prof) and prints their self time: figures from
// that run are slower, by the profiler's cost, than without it.
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Cluster, startCluster } from "../test/postgres";
import { body, SEALED_BYTES, SLUG } from "./ingest/body";
import type { Busy, Question, Ready, ServerKind, Stored } from "./ingest/child";
import { clusterCpuMs } from "./ingest/cluster-cpu";
import { selfTimes } from "./ingest/cpu-profile";

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
  timeouts: number;
}>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    profile: { type: "boolean", default: false },
    db: { type: "string", default: "both" },
    before: { type: "string" },
    "pg-setting": { type: "string", multiple: true, default: [] },
  },
});
if (!["sqlite", "postgres", "both"].includes(values.db)) {
  throw new Error("--db is sqlite, postgres or both");
}
const connections = Number(values.connections);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);

const PATH = `/api/surveys/${SLUG}/responses`;

/**
 * What each server is, for the report, by database. The first of each is Voz, measured against
 * each of the others.
 */
const GROUPS: { db: "sqlite" | "postgres"; servers: { kind: ServerKind; label: string }[] }[] = [
  {
    db: "sqlite",
    servers: [
      { kind: "voz", label: "voz" },
      { kind: "bare", label: "bare" },
      { kind: "bare-private", label: "bare+wal-cut" },
      { kind: "bare-parts", label: "bare+parts" },
      { kind: "bare-layout", label: "bare+layout" },
      ...(values.before ? [{ kind: "voz-before" as const, label: "voz before" }] : []),
    ],
  },
  {
    db: "postgres",
    servers: [
      { kind: "voz-pg", label: "voz-pg" },
      { kind: "bare-pg", label: "bare-pg" },
      { kind: "bare-pg-layout", label: "bare-pg+layout" },
      ...(values.before ? [{ kind: "voz-pg-before" as const, label: "voz-pg before" }] : []),
    ],
  },
];

/**
 * The bare server each database's ≥ 0.8 target is measured against. On SQLite it is the one
 * doing the storage DESIGN §9.7 requires, which plain `bare` does not: against that one no
 * server keeping the promise could reach 0.8 (docs/measured/ingest.md, "what bare means").
 */
const TARGET = { sqlite: "bare+layout", postgres: "bare-pg" } as const;

const BARE_DOES_NOT = [
  "what the bare servers do not do, and Voz does on every submission here:",
  "  per-client rate limit (HMAC of the address under the day's secret), the survey's state",
  "  (404/410), the daily cap (counted per day), invitation codes (checked when the survey",
  "  takes them), the DESIGN §5 error contract (zod, 400/404/409/410/413/415/429), security",
  "  headers, request logs (counts per minute on this route). Like Voz, each bare server",
  "  stores a group commit's responses one savepoint each.",
  "bare+wal-cut adds to bare what Voz's storage does for DESIGN §9.7 on disk: secure_delete,",
  "  and the write-ahead log checkpointed and cut to zero bytes after each commit, before its",
  "  201s: the cost of that privacy measure shows as bare+wal-cut / bare.",
  "bare+parts adds Voz's layout (DESIGN §9.7): each ciphertext in page-sized parts under",
  "  random keys, and a count per day; bare+layout adds to that Voz's rebuild in key order, a",
  "  step after each commit. Voz / bare+layout is what Voz's request path costs; bare+parts /",
  "  bare+wal-cut what the parts cost the disk, bare+layout / bare+parts what the rebuild does.",
  "On PostgreSQL the same, over one connection per bare server (Voz: a pool of 10), and",
  "  bare-pg+layout stores Voz's layout; there is no WAL to cut (docs/promises.md).",
];

interface Child {
  kind: ServerKind;
  process: ChildProcess;
  port: number;
  ask(question?: "rows" | "size"): Promise<Stored>;
  ask(question: "cpu"): Promise<Busy>;
}

async function startChild(kind: ServerKind, url: string, profileDir?: string): Promise<Child> {
  const child = fork("bench/ingest/child.ts", [kind, url], {
    env: { ...process.env, VOZ_BEFORE: values.before ?? "" },
    execArgv: [
      "--import",
      "tsx",
      ...(profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : []),
    ],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
    child.once("message", (message) => resolve(message as Ready));
  });
  return {
    kind,
    process: child,
    port: ready.port,
    ask: ((question: Question = "rows") =>
      new Promise((resolve) => {
        child.once("message", resolve);
        child.send(question);
      })) as Child["ask"],
  };
}

function stopChild(child: Child): Promise<void> {
  return new Promise((resolve) => {
    child.process.once("exit", () => resolve());
    child.process.send("stop" satisfies Question);
  });
}

interface Measured {
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Rows stored beyond the 2xx answers: requests in flight when autocannon stopped. */
  inFlight: number;
  /** The server process's CPU time per response stored (its database server's not counted). */
  cpuMsPerResponse: number;
  /** How long the server went on working after the load stopped (see load). */
  settleSeconds: number;
  /** PostgreSQL's CPU time per response stored, every process of the cluster (cluster-cpu.ts). */
  dbCpuMsPerResponse?: number;
}

async function load(child: Child, duration: number, cluster?: Cluster): Promise<Measured> {
  const { rows: before, cpuMs: cpuBefore } = await child.ask();
  const dbBefore = cluster && clusterCpuMs(cluster.dataDir);
  const result = await autocannon({
    url: `http://127.0.0.1:${child.port}${PATH}`,
    connections,
    duration,
    requests: [
      {
        method: "POST",
        // What the respondent page's fetch sends from a phone's browser: Voz's compression
        // looks at every answer it could compress, the 201's small JSON included.
        headers: { "content-type": "application/json", "accept-encoding": "gzip, deflate, br" },
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  });
  const stopped = performance.now();
  // The run's own work goes on after its last answer: autocannon drops the requests in flight
  // when time is up (at most one per connection), which the server may still store, and a
  // rebuild in key order that the run made due runs in the pause that follows (SQLite: Voz's and
  // bare+layout's, server/db/batch-worker.ts) or is still copying (PostgreSQL's rewrite). Its
  // cost is this run's, and run beside the next server it would load that one instead: until
  // the twenty-third session it did, bare+layout's rebuild (several seconds of a core and the disk) ran
  // beside the first server of the next round. So the server is waited for until it is still:
  // no new rows, and its process (every thread) idle.
  let settled = await child.ask();
  for (;;) {
    await still(child);
    if (cluster) await quiet(cluster, databaseOf(child.kind));
    const now = await child.ask();
    if (now.rows === settled.rows) break;
    settled = now;
  }
  const { rows: stored, cpuMs: cpuAfter } = settled;
  const perResponse = (ms: number) => ms / Math.max(1, stored - before);
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    inFlight: stored - before - result["2xx"],
    cpuMsPerResponse: perResponse(cpuAfter - cpuBefore),
    settleSeconds: (performance.now() - stopped) / 1000,
    ...(cluster &&
      dbBefore !== undefined && {
        dbCpuMsPerResponse: perResponse(clusterCpuMs(cluster.dataDir) - dbBefore),
      }),
  };
}

/** Waits until, over STILL_MS, the server's process used less than IDLE_SHARE of a core. */
async function still(child: Child): Promise<void> {
  let before = (await child.ask("cpu")).cpuMs;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, STILL_MS));
    const now = (await child.ask("cpu")).cpuMs;
    if (now - before < STILL_MS * IDLE_SHARE) return;
    before = now;
  }
}
const STILL_MS = 300;
const IDLE_SHARE = 0.03;

/** The database a server stores into on the cluster. */
const databaseOf = (kind: string) => kind.replaceAll("-", "_");

/** Waits until no connection to `database` is running a statement or inside a transaction. */
async function quiet(cluster: Cluster, database: string): Promise<void> {
  for (let still = 0; still < 2; ) {
    const busy = cluster.sql(
      `select count(*) from pg_stat_activity
        where datname = '${database}' and backend_type = 'client backend' and state <> 'idle'`,
    );
    still = busy.trim() === "0" ? still + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function main(): Promise<void> {
  const profileDir = values.profile ? mkdtempSync(join(tmpdir(), "voz-ingest-prof-")) : undefined;
  const groups = GROUPS.filter((g) => values.db === "both" || values.db === g.db);
  const servers = groups.flatMap((g) => g.servers);
  let cluster: Cluster | undefined;
  const children: Child[] = [];
  let valid = true;
  try {
    if (groups.some((g) => g.db === "postgres"))
      cluster = startCluster({ durable: true, settings: values["pg-setting"] });
    for (const { kind } of servers) {
      let url = "";
      if (cluster && kind.includes("-pg")) {
        const database = databaseOf(kind);
        cluster.sql(`create database ${database}`);
        url = cluster.url(database);
      }
      const profile = profileDir && kind.startsWith("voz") ? join(profileDir, kind) : undefined;
      children.push(await startChild(kind, url, profile));
    }
    console.log(
      `${connections} connections, ${seconds} s a run, ${rounds} rounds, ${SEALED_BYTES}-byte sealed responses (${Math.ceil(SEALED_BYTES / 3) * 4} base64 characters), 201 after the commit: SQLite WAL synchronous=FULL, PostgreSQL ${cluster ? ["15+ fsync=on synchronous_commit=on", ...values["pg-setting"]].join(" ") : "not run"}${values.profile ? ", Voz under --cpu-prof" : ""}`,
    );
    for (const child of children) await load(child, 2); // warm-up: JIT, caches, file growth
    const results = new Map<string, Measured[]>(servers.map((s) => [s.label, []]));
    for (let round = 1; round <= rounds; round++) {
      for (const [i, { label }] of servers.entries()) {
        const child = children[i] as Child;
        const m = await load(child, seconds, child.kind.includes("-pg") ? cluster : undefined);
        results.get(label)?.push(m);
        const rowsOk = m.inFlight >= 0 && m.inFlight <= connections;
        if (m.non2xx > 0 || m.errors > 0 || !rowsOk) valid = false;
        console.log(
          `round ${round}  ${label.padEnd(15)} ${m.perSecond.toFixed(0).padStart(6)} req/s  p50 ${String(m.p50).padStart(3)} ms  p99 ${String(m.p99).padStart(4)} ms  cpu ${m.cpuMsPerResponse.toFixed(2)}${m.dbCpuMsPerResponse === undefined ? "" : ` + db ${m.dbCpuMsPerResponse.toFixed(2)}`} ms/response  ${m.non2xx} non-2xx  ${m.errors} errors  rows = ${m.ok} 2xx + ${m.inFlight} in flight${rowsOk ? "" : "  ROWS DO NOT MATCH"}  still after ${m.settleSeconds.toFixed(1)} s`,
        );
      }
    }
    const ratio = (label: string, over: string) => {
      const base = results.get(over) ?? [];
      return (results.get(label) ?? []).map(
        (m, r) => m.perSecond / (base[r]?.perSecond ?? Number.NaN),
      );
    };
    const line = (name: string, ratios: number[], what = "") =>
      console.log(
        `${name.padEnd(31)} ${ratios.map((x) => x.toFixed(2)).join("  ")}   median ${median(ratios).toFixed(2)}${what && `  (${what})`}`,
      );
    for (const group of groups) {
      const [voz, ...bases] = group.servers;
      if (!voz) continue;
      console.log("");
      for (const base of bases) {
        const what = base.label === TARGET[group.db] ? "target ≥ 0.8" : "";
        line(`${voz.label} / ${base.label}`, ratio(voz.label, base.label), what);
      }
      if (group.db === "sqlite") {
        line(
          "bare+wal-cut / bare",
          ratio("bare+wal-cut", "bare"),
          "what cutting the WAL costs this stack",
        );
        line(
          "bare+parts / bare+wal-cut",
          ratio("bare+parts", "bare+wal-cut"),
          "what the parts and day counts cost it",
        );
        line(
          "bare+layout / bare+parts",
          ratio("bare+layout", "bare+parts"),
          "what the rebuild in key order costs it",
        );
      } else {
        line(
          "bare-pg+layout / bare-pg",
          ratio("bare-pg+layout", "bare-pg"),
          "what the parts and day counts cost it",
        );
      }
      const cpu = group.servers.map(
        ({ label }) =>
          `${label} ${median((results.get(label) ?? []).map((m) => m.cpuMsPerResponse)).toFixed(2)}`,
      );
      console.log(`CPU ms per response, median, server process only: ${cpu.join(", ")}`);
      if (group.db === "postgres") {
        const db = group.servers.map(
          ({ label }) =>
            `${label} ${median((results.get(label) ?? []).map((m) => m.dbCpuMsPerResponse ?? Number.NaN)).toFixed(2)}`,
        );
        console.log(
          `CPU ms per response, median, PostgreSQL (all its processes): ${db.join(", ")}`,
        );
      }
      const p99s = (label: string) => (results.get(label) ?? []).map((m) => m.p99);
      for (const { label } of group.servers) {
        console.log(
          `${label} p99 ${p99s(label).join(", ")} ms, median ${median(p99s(label))} ms${label === voz.label ? " (target < 50 ms)" : ""}`,
        );
      }
    }
    console.log("");
    for (const [i, child] of children.entries()) {
      const { rows, bytes } = await child.ask("size");
      console.log(
        `${(servers[i]?.label ?? child.kind).padEnd(15)} database ${(bytes / 1e6).toFixed(1)} MB for ${rows} responses: ${(((bytes / rows) * 1e6) / 1e9).toFixed(2)} GB per million`,
      );
    }
    console.log("");
    for (const line of BARE_DOES_NOT) console.log(line);
    if (!valid) console.error("not a valid run: refused or failed requests, or rows ≠ 2xx answers");
  } finally {
    for (const child of children) await stopChild(child);
    cluster?.stop();
  }
  if (profileDir) {
    const files = readdirSync(profileDir, { recursive: true, encoding: "utf8" });
    for (const file of files.filter((f) => f.endsWith(".cpuprofile"))) {
      const { functions, packages } = selfTimes(join(profileDir, file));
      console.log(`\n${file.split("/")[0]} self time (${join(profileDir, file)}), idle left out:`);
      for (const p of packages)
        console.log(`  ${(p.share * 100).toFixed(1).padStart(5)} %  ${p.name}`);
      console.log("top functions:");
      for (const f of functions)
        console.log(`  ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}`);
    }
  }
  process.exitCode = valid ? 0 : 1;
}

await main();
