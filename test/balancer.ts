// A real load balancer in front of several Voz instances: HAProxy from Debian's `haproxy`
// package, in the foreground, with a configuration written for the test. Round robin, health
// checks every 100 ms, a request whose connection fails is sent to another instance. Like a
// deployment (docs/deploy-postgres.md), it passes the client's address in X-Forwarded-For and
// keeps no access log.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./server-process";

export const HAPROXY = "/usr/sbin/haproxy";

export interface Balancer {
  url: string;
  stop(): Promise<void>;
}

export async function startBalancer(backends: readonly number[]): Promise<Balancer> {
  if (!existsSync(HAPROXY)) throw new Error(`no HAProxy at ${HAPROXY}: apt-get install -y haproxy`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "voz-haproxy-"));
  const config = join(dir, "haproxy.cfg");
  writeFileSync(
    config,
    [
      "defaults",
      "  mode http",
      "  timeout connect 1s",
      "  timeout client 30s",
      "  timeout server 30s",
      "  retries 3",
      "  option redispatch",
      "  option forwardfor",
      "frontend voz",
      `  bind 127.0.0.1:${port}`,
      "  default_backend instances",
      "backend instances",
      "  balance roundrobin",
      ...backends.map(
        (backend, i) => `  server voz${i} 127.0.0.1:${backend} check inter 100ms fall 1 rise 2`,
      ),
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(HAPROXY, ["-f", config, "-db"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  // Listening once it answers anything at all.
  for (let tries = 0; ; tries++) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      break;
    } catch (error) {
      if (child.exitCode !== null || tries > 100) {
        child.kill("SIGKILL");
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`HAProxy did not start: ${errors || (error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
