// A real Voz server process (server/index.ts), as a deployment runs it: environment in, the
// URL it listens on out. Used by the crash and multi-instance tests.
import { type ChildProcess, spawn } from "node:child_process";

export interface Instance {
  child: ChildProcess;
  url: string;
  port: number;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>;
}

export async function startVoz(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(/listening on (http:\/\/\S+)/);
      if (match?.[1]) resolve(match[1].replace("localhost", "127.0.0.1"));
    });
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
  return { child, url, port: Number(new URL(url).port), exited };
}
