// createApp(deps) builds the whole HTTP app and never listens: server/index.ts serves it,
// tests call app.request() on it.
import { join } from "node:path";
import { Hono } from "hono";
import { loadAssets } from "./assets";
import type { Db } from "./db/client";
import { apiError, jsonLog, type Log, requestLog, securityHeaders } from "./http";
import { pageRoutes } from "./routes/pages";
import { responseRoutes } from "./routes/responses";
import { surveyRoutes } from "./routes/surveys";

export interface AppDeps {
  db: Db;
  log?: Log;
  /** Where Vite's build lives; defaults to dist/client. */
  clientDir?: string;
}

export function createApp({
  db,
  log = jsonLog,
  clientDir = join("dist", "client"),
}: AppDeps): Hono {
  const app = new Hono();
  app.use(requestLog(log));
  app.use(securityHeaders);

  app.route("/", surveyRoutes(db));
  app.route("/", responseRoutes(db));
  app.route("/", pageRoutes(db, clientDir, loadAssets(clientDir)));

  app.notFound((c) => apiError(c, 404, { code: "not_found", message: "no such route" }));
  app.onError((error, c) => {
    // A bug, never an expected failure: log what it was, tell the client nothing about it.
    log({ event: "error", route: c.req.routePath, message: error.message });
    return apiError(c, 500, { code: "internal", message: "something went wrong on our side" });
  });
  return app;
}
