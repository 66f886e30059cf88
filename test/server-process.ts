// The real server as a child process (`server/index.ts`), for tests that read its output or its
// memory, or kill it: resolves once it says where it listens, with everything it printed so far
// and since.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Its stdout and stderr, together, as printed so far. */
  output: () => string;
}

/** Starts the server on a free loopback port with `env` over this process's environment. */
export function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  return new Promise((resolve, reject) => {
    const listening = () => {
      const url = output.match(/listening on (http:\/\/\S+)/)?.[1];
      if (!url) return;
      child.stdout?.off("data", listening);
      resolve({ child, url, output: () => output });
    };
    child.stdout?.on("data", listening);
    child.once("exit", (code) =>
      reject(new Error(`server exited (${code}) before listening: ${output}`)),
    );
  });
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
