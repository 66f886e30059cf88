// Worker threads that run our TypeScript (the publish gate's audit, the CLI's tabulation).
// The server and the CLI run through tsx (npm start, `tsx server/index.ts` in production,
// npm run cli, the tests), and a worker thread does not inherit its parent's loader: tsx is
// registered in the new thread before the module is imported. A deployment that compiles the
// server to JavaScript would start the compiled modules here instead.
import { Worker, type WorkerOptions } from "node:worker_threads";

export function typeScriptWorker(module: URL, options: Omit<WorkerOptions, "eval"> = {}): Worker {
  return new Worker(
    `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); })`,
    { ...options, eval: true },
  );
}
