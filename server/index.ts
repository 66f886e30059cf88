// Serves the app: `PORT` (default 8787) and `VOZ_DB` (default data/voz.db), DESIGN §6; `HOST`
// (default 127.0.0.1) can open it to the local network, e.g. to try it on a phone;
// `TRUST_PROXY=1` behind a reverse proxy.
import { type ServerType, serve } from "@hono/node-server";
import { createApp } from "./app";
import { closeDatabase, type Db, openDatabase } from "./db/client";
import { clientAddress } from "./http";

export const config = {
  port: Number(process.env.PORT ?? 8787),
  host: process.env.HOST ?? "127.0.0.1",
  dbPath: process.env.VOZ_DB ?? "data/voz.db",
  /** Set TRUST_PROXY=1 behind a reverse proxy that sets X-Forwarded-For. */
  trustProxy: process.env.TRUST_PROXY === "1",
};

export interface Running {
  server: ServerType;
  port: number;
  db: Db;
}

export function listen(db: Db, port: number, hostname = config.host): Promise<Running> {
  const app = createApp({ db, clientAddress: clientAddress(config.trustProxy) });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info) =>
      resolve({ server, port: info.port, db }),
    );
  });
}

/** Stops taking requests, lets those in flight finish, then closes the database. */
export function stopOnSignals({ server, db }: Running): void {
  const stop = () => server.close(() => closeDatabase(db));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const running = await listen(openDatabase(config.dbPath), config.port);
  stopOnSignals(running);
  process.stdout.write(`Voz listening on http://localhost:${running.port}\n`);
}
