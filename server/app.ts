// createApp(deps) builds the whole HTTP app and never listens: server/index.ts serves it,
// tests call app.request() on it.
import { join } from "node:path";
import { Hono } from "hono";
import { loadAssets } from "./assets";
import type { Db } from "./db/client";
import { ResponseWriter } from "./db/responses";
import { DEFAULT_GATE_LIMITS, type GateLimits, GateRunner } from "./gate/run";
import {
  apiError,
  type ClientAddress,
  compression,
  jsonLog,
  LARGEST_BODY_BYTES,
  type Log,
  limitBody,
  clientAddress as peerAddress,
  RequestLog,
  refuseNulPaths,
  securityHeaders,
} from "./http";
import { clientLimiter, type LimitRule } from "./limits";
import { loopbackOrigin, type PublicOrigin, provideOrigin } from "./origin";
import { accessRoutes } from "./routes/access";
import { accountRoutes, type SignupMode } from "./routes/accounts";
import { admissionRoutes } from "./routes/admission";
import { coordinatorRoutes } from "./routes/coordinator";
import { feedbackRoutes } from "./routes/feedback";
import { feedbackNojsRoutes } from "./routes/feedback-nojs";
import { feedbackWorkspaceRoutes } from "./routes/feedback-workspace";
import { nojsRoutes } from "./routes/nojs";
import { pageRoutes } from "./routes/pages";
import { posterRoutes } from "./routes/poster";
import { publicationRoutes } from "./routes/publications";
import { responseRoutes } from "./routes/responses";
import { resultRoutes } from "./routes/results";
import { startRoutes } from "./routes/start";
import { surveyRoutes } from "./routes/surveys";
import { teamRoutes } from "./routes/team";
import { workspaceRoutes } from "./routes/workspace";

export interface AppDeps {
  db: Db;
  log?: Log;
  /** Where Vite's build lives; defaults to dist/client. */
  clientDir?: string;
  /** Rate-limit input; defaults to the socket's peer address. */
  clientAddress?: ClientAddress;
  /** Submissions per client. Generous: mobile carriers put many phones behind one address. */
  submissionLimit?: LimitRule;
  /** Sign-up, login and join attempts per client, on top of the per-account lockout. */
  loginLimit?: LimitRule;
  /** Reply-code lookups per client: each one is a guess at a code, so few. */
  replyLookupLimit?: LimitRule;
  /** Publish and withdraw requests per organization, surveys and feedback together. */
  publicationLimit?: LimitRule;
  /** The publish gate's time budget, caps and workers (server/gate/run.ts). */
  gate?: Partial<GateLimits>;
  /** Links, QR codes, posters and the Origin check (server/origin.ts); default loopback. */
  publicOrigin?: PublicOrigin;
  /** Who may create an organization; server/config.ts decides for a real server. */
  signup?: SignupMode;
}

export type App = Hono & {
  /** Writes the respondent request counts now (server/http.ts RequestLog), e.g. on stopping. */
  flushLogs(): void;
};

export const DEFAULT_SUBMISSION_LIMIT: LimitRule = { limit: 120, windowMs: 60_000 };
export const DEFAULT_LOGIN_LIMIT: LimitRule = { limit: 20, windowMs: 60_000 };
export const DEFAULT_REPLY_LOOKUP_LIMIT: LimitRule = { limit: 10, windowMs: 60_000 };
export const DEFAULT_PUBLICATION_LIMIT: LimitRule = { limit: 20, windowMs: 60 * 60_000 };

export function createApp({
  db,
  log = jsonLog,
  clientDir = join("dist", "client"),
  clientAddress = peerAddress(false),
  submissionLimit = DEFAULT_SUBMISSION_LIMIT,
  loginLimit = DEFAULT_LOGIN_LIMIT,
  replyLookupLimit = DEFAULT_REPLY_LOOKUP_LIMIT,
  publicationLimit = DEFAULT_PUBLICATION_LIMIT,
  gate = {},
  publicOrigin = loopbackOrigin(80),
  signup = "open",
}: AppDeps): App {
  const app = new Hono();
  const requests = new RequestLog(log);
  app.use(requests.middleware);
  app.use(provideOrigin(publicOrigin));
  // One limit before any route: each route then reads at most what it takes (readJson).
  app.use(limitBody(LARGEST_BODY_BYTES));
  app.use(securityHeaders);
  app.use(compression);
  app.use(refuseNulPaths);

  app.route("/", surveyRoutes(db));
  const assets = loadAssets(clientDir);
  // One budget per client, whether the answers come sealed (script) or plain (no JavaScript).
  const submissions = clientLimiter(db, "submissions", submissionLimit);
  const writer = new ResponseWriter(db);
  app.route("/", responseRoutes({ db, writer, limiter: submissions, clientAddress }));
  app.route("/", nojsRoutes({ db, writer, assets, limiter: submissions, clientAddress }));
  app.route(
    "/",
    accountRoutes({
      db,
      limiter: clientLimiter(db, "logins", loginLimit),
      clientAddress,
      signup,
    }),
  );
  app.route("/", workspaceRoutes(db));
  app.route("/", accessRoutes(db));
  app.route("/", teamRoutes(db));
  app.route("/", admissionRoutes(db));
  const runner = new GateRunner({ ...DEFAULT_GATE_LIMITS, ...gate });
  app.route("/", publicationRoutes(db, { runner, limit: publicationLimit }));
  app.route("/", pageRoutes(db, clientDir, assets));
  app.route("/", resultRoutes(db, assets));
  app.route("/", posterRoutes(db, assets));
  app.route("/", coordinatorRoutes(assets));
  app.route("/", startRoutes(assets));
  app.route("/", feedbackWorkspaceRoutes(db));
  // One budget per client for messages and one for lookups, with JavaScript or without.
  const feedback = {
    db,
    assets,
    clientAddress,
    messageLimiter: clientLimiter(db, "feedback messages", submissionLimit),
    lookupLimiter: clientLimiter(db, "reply lookups", replyLookupLimit),
  };
  app.route("/", feedbackRoutes(feedback));
  app.route("/", feedbackNojsRoutes(feedback));

  app.notFound((c) => apiError(c, 404, { code: "not_found", message: "no such route" }));
  app.onError((error, c) => {
    // A bug, never an expected failure: log what it was, tell the client nothing about it.
    log({ event: "error", route: c.req.routePath, message: error.message });
    return apiError(c, 500, { code: "internal", message: "something went wrong on our side" });
  });
  return Object.assign(app, { flushLogs: () => requests.flush() });
}
