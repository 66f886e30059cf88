// The real app over real HTTP on a loopback port, with a fresh database (a temporary SQLite
// file, or a PostgreSQL database in the postgres test project: test/database.ts) and both seed
// surveys opened, each sealed to a fresh key pair. Used by API, browser and privacy tests.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, vi } from "vitest";
import { generateKeyPair, type KeyPair, ready } from "../client/lib/crypto";
import { type App, type AppDeps, createApp } from "../server/app";
import { closeDatabase, type Db, openDatabase } from "../server/db/client";
import { publishSurveyVersion } from "../server/db/surveys";
import { feedbackChannels, feedbackMessages } from "../server/db/tables";
import { secondsUntilTomorrow } from "../server/limits";
import { loopbackOrigin } from "../server/origin";
import { parseSurvey, type Survey } from "../surveys/schema";
import { freshDatabase, testDialect } from "./database";

export const SEED_SLUGS = ["passport-access", "cso-program-awareness"] as const;

/**
 * Every stored response, whole, read with plain SQL from its parts (server/db/schema.ts
 * `response_parts`): tests check what is on disk without going through our query code.
 */
export const STORED_RESPONSES = `select id, slug, string_agg(ciphertext, '' order by part) as ciphertext, min(received_on) as received_on
  from response_parts group by slug, id`;

export function seedSurvey(slug: string): Survey {
  const parsed = parseSurvey(JSON.parse(readFileSync(join("surveys", `${slug}.json`), "utf8")));
  if (!parsed.ok) throw new Error(`surveys/${slug}.json: ${JSON.stringify(parsed.errors)}`);
  return parsed.value;
}

/** A fresh database with both seed surveys open; removed by `cleanup`. */
export async function seededDatabase(): Promise<{
  db: Db;
  dir: string;
  /** The SQLite file or the postgres:// URL: what VOZ_DB would say. */
  dbPath: string;
  keys: Record<string, KeyPair>;
  cleanup(): Promise<void>;
}> {
  await ready();
  const dir = mkdtempSync(join(tmpdir(), "voz-test-"));
  const fresh = await freshDatabase(dir);
  const dbPath = fresh.location;
  const db = await openDatabase(dbPath);
  const keys: Record<string, KeyPair> = {};
  for (const slug of SEED_SLUGS) {
    keys[slug] = generateKeyPair();
    const result = await publishSurveyVersion(db, seedSurvey(slug), keys[slug].publicKey, "open");
    if (!result.ok) throw new Error(`could not open ${slug}: ${result.reason}`);
  }
  return {
    db,
    dir,
    dbPath,
    keys,
    async cleanup() {
      await closeDatabase(db);
      await fresh.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SeededApp {
  db: Db;
  /** The SQLite file or the postgres:// URL, for reading what is stored beside the app. */
  dbPath: string;
  keys: Record<string, KeyPair>;
  app: ReturnType<typeof createApp>;
}

/** For API tests: a fresh seeded database and app before every test, removed after it. */
export function useSeededApp(): SeededApp {
  const current = {} as SeededApp;
  let cleanup = async () => {};
  beforeEach(async () => {
    const seeded = await seededDatabase();
    cleanup = seeded.cleanup;
    Object.assign(current, {
      db: seeded.db,
      dbPath: seeded.dbPath,
      keys: seeded.keys,
      app: createApp({ db: seeded.db, log: () => {} }),
    });
  });
  afterEach(() => cleanup());
  return current;
}

/**
 * For a test that must see a client limit hit: on PostgreSQL the limits count in windows
 * aligned to the clock (server/limits.ts SharedLimiter), so requests that straddle a window's
 * turn land in two, and the one that should be refused is not (CI runs at load: 200 where 429
 * was due). Waits, at most half a window, until the rest of the test fits in the window it
 * starts in. SQLite's limiter opens a client's window at its first request: nothing to wait for.
 * Give the test a timeout above `windowMs`.
 */
export async function inOneLimitWindow(windowMs = 60_000): Promise<void> {
  if (testDialect === "sqlite") return;
  await vi.waitUntil(() => Date.now() % windowMs < windowMs / 2, {
    timeout: windowMs,
    interval: 100,
  });
}

/**
 * Daily caps and the counts per day turn at UTC midnight, so a test that stores responses and
 * counts them fails when midnight falls inside it (the cap resets, or the day count splits).
 * Waits, at most `margin` ms, until the rest of the test fits in the day it starts in. Give the
 * test a timeout above `margin`.
 */
export async function inOneUtcDay(margin = 20_000): Promise<void> {
  await vi.waitUntil(() => secondsUntilTomorrow() * 1000 > margin, {
    timeout: margin + 5_000,
    interval: 200,
  });
}

export interface TestServer {
  url: string;
  dbPath: string;
  /** The server's own database handle, for setting up what no route may change (dates). */
  db: Db;
  keys: Record<string, KeyPair>;
  /** Every log line the server wrote, as JSON text. */
  logs: string[];
  /** Writes the respondent request counts now rather than at the end of their minute. */
  flushLogs(): void;
  close(): Promise<void>;
}

/** `options` reach createApp, e.g. to raise a rate limit for a load test. */
export async function startServer(options: Omit<AppDeps, "db" | "log"> = {}): Promise<TestServer> {
  const seeded = await seededDatabase();
  const logs: string[] = [];
  // The app answers as its own loopback address, known once listening.
  let app: App | undefined;
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const server = serve(
      { fetch: (request, env) => (app as App).fetch(request, env), port: 0, hostname: "127.0.0.1" },
      (info) => {
        app = createApp({
          publicOrigin: loopbackOrigin(info.port),
          ...options,
          db: seeded.db,
          log: (entry) => logs.push(JSON.stringify(entry)),
        });
        resolve({ server, port: info.port });
      },
    );
    // Longer than fetch keeps an idle connection (4 s), so the client always drops it first:
    // when a test blocks the event loop (Argon2id, scrypt), the server would otherwise close a
    // connection the client is just reusing, and the request fails with ECONNRESET.
    (server as import("node:http").Server).keepAliveTimeout = 60_000;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dbPath: seeded.dbPath,
    db: seeded.db,
    keys: seeded.keys,
    logs,
    flushLogs: () => app?.flushLogs(),
    close: () =>
      new Promise((resolve) => {
        // Browsers keep connections alive; without this, close() waits for them to time out.
        (server as import("node:http").Server).closeAllConnections();
        server.close(() => resolve(seeded.cleanup()));
      }),
  };
}

/**
 * A publication of the CSO survey in which all `responses` respondents are registered: safe to
 * publish at any N (below k only the response count shows, DESIGN §8), for tests about the
 * publishing routes and pages rather than about suppression. Another publication of the same
 * version needs `responses` to have grown by at least k.
 */
export function safePublication(slug = "cso-program-awareness", responses = 0, k = 5) {
  const hidden = responses < k;
  const count = (registered: string | null) =>
    registered === "yes" || registered === "*" ? responses : 0;
  return {
    format: "voz.publication/1",
    survey: slug,
    version: 1,
    k,
    responses,
    unreadable: 0,
    tables: [
      {
        id: "registered",
        variables: ["registered"],
        cells: ["yes", "no", null, "*"].map((registered) =>
          hidden && registered !== "*"
            ? { key: { registered }, count: null, suppressed: "primary" as const }
            : { key: { registered }, count: count(registered), suppressed: false as const },
        ),
      },
    ],
  };
}

/**
 * A client "build" with every entry the server needs and no real scripts: for API tests of
 * routes that render pages, so they do not depend on `npm run build` having run first. The
 * caller removes the folder when done (`rmSync(dir, { recursive: true, force: true })`).
 */
export function fakeClientBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), "voz-fake-build-"));
  mkdirSync(join(dir, ".vite"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "assets", "respondent.css"), "main{margin:0}");
  writeFileSync(
    join(dir, ".vite", "manifest.json"),
    JSON.stringify({
      "client/respondent/main.tsx": {
        file: "assets/respondent.js",
        css: ["assets/respondent.css"],
      },
      "client/coordinator/main.tsx": { file: "assets/coordinator.js" },
      "client/feedback/main.tsx": { file: "assets/feedback.js" },
      "client/public/results.css": { file: "assets/results.css" },
    }),
  );
  return dir;
}

/**
 * Moves a feedback channel's opening back to `day` (YYYY-MM-DD), so that months of counts have
 * closed since: a publication counts only closed months from the opening on.
 */
export async function openChannelOn(db: Db, slug: string, day: string): Promise<void> {
  await db.update(feedbackChannels).set({ createdOn: day }).where(eq(feedbackChannels.slug, slug));
}

/** Dates every message of the channel to `month` (YYYY-MM), as if sent then. */
export async function sentIn(db: Db, slug: string, month: string): Promise<void> {
  await db.update(feedbackMessages).set({ month }).where(eq(feedbackMessages.slug, slug));
}
