// A throwaway PostgreSQL cluster from the Debian `postgresql` package, for tests and benches:
// initdb in a temporary folder, a Unix socket in that folder and no TCP port, stopped and
// removed at the end. initdb refuses to run as root, so as root it runs as `postgres`.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Cluster {
  /** The cluster's files: tests read their bytes. */
  dataDir: string;
  /** The server's log file. */
  logFile: string;
  /** A postgres:// URL for a database of the cluster, over the socket. */
  url(database?: string): string;
  /** Runs SQL as the superuser in the `postgres` database; returns psql's output. */
  sql(statement: string): string;
  stop(): void;
}

/** Debian's binaries, newest major version first; VOZ_PG_BIN overrides. */
export function postgresBin(): string | undefined {
  if (process.env.VOZ_PG_BIN) return process.env.VOZ_PG_BIN;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : undefined;
}

const SUPERUSER = "voz";

/**
 * `durable: false` (tests) turns fsync off: the tests kill Voz, never PostgreSQL or the
 * machine, and a commit PostgreSQL has written survives a killed client either way. Benches
 * that compare durability keep fsync on, like a deployment. `settings` adds server settings
 * (`name=value`), for a bench that measures one docs/deploy-postgres.md advises.
 */
export function startCluster({
  durable = false,
  settings: more = [] as readonly string[],
} = {}): Cluster {
  const bin = postgresBin();
  if (!bin) {
    throw new Error(
      "PostgreSQL is not installed: apt-get install -y postgresql (or set VOZ_PG_BIN to its bin folder)",
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "voz-pg-"));
  const dataDir = join(dir, "data");
  const logFile = join(dir, "server.log");
  const asRoot = process.getuid?.() === 0;
  // The postgres user must reach the folder; it holds nothing but this cluster.
  if (asRoot) {
    chmodSync(dir, 0o755);
    execFileSync("chown", ["postgres:postgres", dir]);
  }
  const run = (command: string, args: string[]) =>
    execFileSync(
      asRoot ? "runuser" : join(bin, command),
      asRoot ? ["-u", "postgres", "--", join(bin, command), ...args] : args,
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
  run("initdb", [
    "-D",
    dataDir,
    "-U",
    SUPERUSER,
    "-A",
    "trust",
    "--no-locale",
    "-E",
    "UTF8",
    ...(durable ? [] : ["--no-sync"]),
  ]);
  const settings = [
    "listen_addresses=''",
    `unix_socket_directories='${dir}'`,
    `fsync=${durable ? "on" : "off"}`,
    "synchronous_commit=on",
    // The settings docs/deploy-postgres.md asks of an operator, so tests run under them.
    "track_commit_timestamp=off",
    "log_statement=none",
    "log_min_duration_statement=-1",
    "log_connections=off",
    "log_disconnections=off",
    "max_connections=200",
    ...more,
  ];
  run("pg_ctl", [
    "-D",
    dataDir,
    "-l",
    logFile,
    "-w",
    "-o",
    settings.map((s) => `-c ${s}`).join(" "),
    "start",
  ]);
  const url = (database = "postgres") =>
    `postgres://${SUPERUSER}@localhost/${database}?host=${encodeURIComponent(dir)}`;
  return {
    dataDir,
    logFile,
    url,
    sql: (statement) =>
      run("psql", ["-h", dir, "-U", SUPERUSER, "-d", "postgres", "-At", "-c", statement]),
    stop() {
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
