// Serves the app: `PORT` (default 8787) and `VOZ_DB` (default data/voz.db), DESIGN §6; `HOST`
// (default 127.0.0.1) can open it to the local network, e.g. to try it on a phone;
// `TRUST_PROXY=1` behind a reverse proxy; `VOZ_CLIENT_LIMIT` responses per client per minute.
import { type ServerType, serve } from "@hono/node-server";
import { z } from "zod";
import { type App, createApp, DEFAULT_SUBMISSION_LIMIT } from "./app";
import { closeDatabase, type Db, openDatabase } from "./db/client";
import { clientAddress } from "./http";

const environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).default("127.0.0.1"),
  VOZ_DB: z.string().min(1).default("data/voz.db"),
  /** Set TRUST_PROXY=1 behind a reverse proxy that sets X-Forwarded-For. */
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /** Responses one client address may send per minute (a help-desk kiosk may need more). */
  VOZ_CLIENT_LIMIT: z.coerce.number().int().min(1).default(DEFAULT_SUBMISSION_LIMIT.limit),
});

function readConfig() {
  const parsed = environment.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    process.stderr.write(
      `Invalid environment variable ${String(issue?.path[0])}: ${issue?.message}\n`,
    );
    process.exit(1);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    dbPath: env.VOZ_DB,
    trustProxy: env.TRUST_PROXY === "1",
    clientLimit: env.VOZ_CLIENT_LIMIT,
  };
}

export const config = readConfig();

export interface Running {
  server: ServerType;
  port: number;
  db: Db;
  app: App;
}

export function listen(db: Db, port: number, hostname = config.host): Promise<Running> {
  const app = createApp({
    db,
    clientAddress: clientAddress(config.trustProxy),
    submissionLimit: { ...DEFAULT_SUBMISSION_LIMIT, limit: config.clientLimit },
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info) =>
      resolve({ server, port: info.port, db, app }),
    );
    server.once("error", (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "EADDRINUSE"
          ? `port ${port} is in use; set PORT to another one`
          : error.message;
      process.stderr.write(`Voz cannot listen on ${hostname}:${port}: ${reason}\n`);
      process.exit(1);
    });
  });
}

/** Stops taking requests, lets those in flight finish, then closes the database. */
export function stopOnSignals({ server, db, app }: Running): void {
  const stop = () =>
    server.close(() => {
      app.flushLogs();
      void closeDatabase(db);
    });
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const running = await listen(await openDatabase(config.dbPath), config.port);
  stopOnSignals(running);
  process.stdout.write(`Voz listening on http://localhost:${running.port}\n`);
}
