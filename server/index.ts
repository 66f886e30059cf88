// Serves the app with the settings of server/config.ts (DESIGN §6). Production runs this;
// `npm start` (start.ts) adds a build and demo surveys first.
import { type ServerType, serve } from "@hono/node-server";
import { type App, createApp, DEFAULT_SUBMISSION_LIMIT } from "./app";
import { type Config, parseConfig } from "./config";
import { closeDatabase, type Db, openDatabase } from "./db/client";
import { limitsWithWork } from "./gate/run";
import { clientAddress } from "./http";
import { loopbackOrigin, publicOrigin } from "./origin";

function readConfig(): Config {
  const result = parseConfig(process.env);
  if (!result.ok) {
    process.stderr.write(`${result.message}\n`);
    process.exit(1);
  }
  return result.config;
}

export const config = readConfig();

export interface Running {
  server: ServerType;
  port: number;
  db: Db;
  app: App;
  /** The origin links are made from: VOZ_PUBLIC_ORIGIN, or http://localhost:<port>. */
  origin: string;
}

export function listen(db: Db, port: number, hostname = config.host): Promise<Running> {
  // The app needs the port for its loopback origin, known once listening (PORT=0 picks one).
  let app: App | undefined;
  return new Promise((resolve) => {
    const server = serve(
      { fetch: (request, env) => (app as App).fetch(request, env), port, hostname },
      (info) => {
        const origin = config.publicOrigin
          ? publicOrigin(config.publicOrigin)
          : loopbackOrigin(info.port);
        app = createApp({
          db,
          publicOrigin: origin,
          clientAddress: clientAddress(config.trustProxy),
          signup: config.signup,
          submissionLimit: { ...DEFAULT_SUBMISSION_LIMIT, limit: config.clientLimit },
          gate: limitsWithWork(config.gateWork),
        });
        resolve({ server, port: info.port, db, app, origin: origin.url });
      },
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
  process.stdout.write(`Voz listening on http://localhost:${running.port} as ${running.origin}\n`);
}
