import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { type Context, Hono } from "hono";
import { NEUTRAL_PATH } from "../../client/respondent/chrome";
import { inlineScripts, inlineStyles, renderSurveyPage } from "../../client/respondent/page";
import { resultsPath } from "../../client/respondent/screens";
import {
  INTERFACE_LANGUAGES,
  renderUnavailablePage,
  type Unavailable,
} from "../../client/respondent/unavailable";
import type { Assets } from "../assets";
import type { Db } from "../db/client";
import { shownPublication } from "../db/publications";
import { findSurvey, type StoredSurvey } from "../db/surveys";
import {
  contentSecurityPolicy,
  type Encoding,
  encode,
  messagePage,
  NOT_BUILT,
  pickEncoding,
} from "../http";

/**
 * The page language: `?lang=` when the survey has it, else the respondent's best
 * Accept-Language match among the survey's languages (`es-CL` matches `es`), else the
 * survey's first language.
 */
export function pickLanguage(
  languages: readonly string[],
  query: string | undefined,
  acceptLanguage: string | undefined,
): string {
  if (query && languages.includes(query)) return query;
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part, order) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) || 0 : 1, order };
    })
    .filter((entry) => entry.tag !== "" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { tag } of wanted) {
    const exact = languages.find((language) => language.toLowerCase() === tag);
    if (exact) return exact;
    const primary = tag.split("-")[0];
    const related = languages.find((language) => language.toLowerCase().split("-")[0] === primary);
    if (related) return related;
  }
  return languages[0] ?? "es";
}

/** Where the quick exit leads (NEUTRAL_PATH): says nothing about Voz or any survey, loads nothing. */
const neutralPage =
  '<!doctype html><html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Inicio</title><link rel="icon" href="data:,"><body></body></html>';

type Manifest = Record<
  string,
  { file: string; css?: string[]; imports?: string[]; dynamicImports?: string[] }
>;

/** The two offline workers: each caches only its own pages' files (below). */
type Offline = "survey" | "feedback";

const OFFLINE = {
  // The survey page inlines its styles (page.tsx), so downloading its style sheet would only
  // spend data.
  survey: { entry: "client/respondent/main.tsx", styles: false, pages: "s\\/[a-z0-9-]{3,64}" },
  feedback: {
    entry: "client/feedback/main.tsx",
    styles: true,
    pages: "f\\/[a-z0-9-]{3,64}(\\/reply)?",
  },
} as const;

/**
 * Every built file one kind of page can ask for: its entry and chunks (lazy ones too: crypto),
 * and the feedback page's style sheets. One list for both kinds made a survey respondent's
 * first visit download 44 KB of feedback files it never uses (QA pass, 5 December).
 */
export function offlineFiles(clientDir: string, kind: Offline): string[] {
  const path = join(clientDir, ".vite", "manifest.json");
  if (!existsSync(path)) return [];
  const manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
  const { entry, styles } = OFFLINE[kind];
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    files.add(`/${chunk.file}`);
    if (styles) for (const css of chunk.css ?? []) files.add(`/${css}`);
    for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
  };
  visit(entry);
  return [...files].sort();
}

/**
 * The service worker of the survey pages (`/sw.js`, registered for /s/) or of the feedback
 * pages (`/sw.js?pages=feedback`, for /f/): keeps this build's hashed files and the last copy
 * of each page visited, so a second visit on a dead link still opens and can queue its sealed
 * answer. Pages hold questions and public keys only; nothing an answer, a response or a reply
 * is ever cached. Each clears only its own older caches (`voz-survey-…`, `voz-feedback-…`), so
 * that visiting one kind of page leaves the other's offline copy alone.
 */
function serviceWorker(kind: Offline, files: string[]): string {
  const prefix = `voz-${kind}-`;
  const cache = `${prefix}${createHash("sha256").update(files.join("\n")).digest("hex").slice(0, 12)}`;
  return `"use strict";
const CACHE = ${JSON.stringify(cache)};
const FILES = ${JSON.stringify(files)};
// The pages of this kind: questions and public keys, never answers.
const PAGE = /^\\/${OFFLINE[kind].pages}$/;
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      // Its own older caches, and those of the one worker both kinds shared before (voz-<hash>).
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE && (key.startsWith(${JSON.stringify(prefix)}) || /^voz-[0-9a-f]{12}$/.test(key))).map((key) => caches.delete(key))))
      // The page that registered this worker loaded before it: keep a copy of it too, so the
      // next visit works offline after one visit, not two.
      .then(() => self.clients.matchAll({ type: "window", includeUncontrolled: true }))
      .then((windows) => caches.open(CACHE).then((cache) => Promise.all(
        windows
          .map((client) => new URL(client.url).pathname)
          .filter((path) => PAGE.test(path))
          .map((path) => cache.add(path).catch(() => undefined)),
      ))),
  );
});
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (FILES.includes(url.pathname)) {
    event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
  } else if (event.request.mode === "navigate" && PAGE.test(url.pathname)) {
    // Network first, so a changed survey shows at once; the last copy when the link is dead.
    event.respondWith(
      fetch(event.request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            event.waitUntil(caches.open(CACHE).then((cache) => cache.put(url.pathname, copy)));
          }
          return response;
        })
        .catch(() => caches.match(url.pathname).then((hit) => hit || Response.error())),
    );
  }
});
`;
}

const STATUS = { unknown: 404, not_open: 404, closed: 410, too_many: 429 } as const;

/**
 * A page that says why there is nothing to answer and what to do next (issue 15), in the
 * survey's language that suits the respondent best (any interface language for an unknown one).
 */
export function unavailablePage(
  c: Context,
  reason: Unavailable,
  { assets, languages = INTERFACE_LANGUAGES, results = null }: UnavailableOptions,
): Response {
  const status = STATUS[reason];
  if (!assets) return messagePage(c, status, reason);
  const spoken = languages.filter((language) => INTERFACE_LANGUAGES.includes(language));
  const language = pickLanguage(
    spoken.length > 0 ? spoken : INTERFACE_LANGUAGES,
    c.req.query("lang"),
    c.req.header("accept-language"),
  );
  c.header("Cache-Control", "no-store");
  c.header("Content-Security-Policy", contentSecurityPolicy(inlineStyles(assets.respondent)));
  c.header("Vary", "Accept-Language", { append: true });
  return c.html(
    renderUnavailablePage({ reason, language, results, assets: assets.respondent }),
    status,
  );
}

interface UnavailableOptions {
  assets: Assets | null;
  /** The survey's languages, when there is a survey. */
  languages?: readonly string[];
  results?: string | null;
}

/** Rendered pages kept: a busy server's open surveys in each of their languages. */
const RENDERED_PAGES = 200;

export interface RenderedPage {
  html: string;
  /** Made on the first request that accepts each encoding. */
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
}

/** The most recently used `limit` pages, by key. */
export class RenderedPages {
  private pages = new Map<string, RenderedPage>();

  constructor(private readonly limit: number) {}

  get(key: string, render: () => string): RenderedPage {
    let page = this.pages.get(key);
    if (page === undefined) {
      page = { html: render(), encoded: {} };
      if (this.pages.size >= this.limit) {
        const oldest = this.pages.keys().next().value;
        if (oldest !== undefined) this.pages.delete(oldest);
      }
    } else {
      this.pages.delete(key);
    }
    this.pages.set(key, page);
    return page;
  }
}

/** What a survey's public pages answer when it is not open: 410 when closed, else 404. */
export async function surveyUnavailable(
  c: Context,
  found: StoredSurvey | undefined,
  db: Db,
  assets: Assets | null,
): Promise<Response> {
  if (!found) return unavailablePage(c, "unknown", { assets });
  const published =
    found.state === "closed" &&
    (await shownPublication(db, found.survey.slug)).state === "published";
  return unavailablePage(c, found.state === "closed" ? "closed" : "not_open", {
    assets,
    languages: found.survey.languages,
    results: published ? resultsPath(found.survey.slug) : null,
  });
}

export function pageRoutes(db: Db, clientDir: string, assets: Assets | null): Hono {
  const app = new Hono();

  if (assets) {
    // Vite puts a content hash in every file name under /assets, so they never change.
    app.use("/assets/*", async (c, next) => {
      await next();
      if (c.res.ok) c.header("Cache-Control", "public, max-age=31536000, immutable");
    });
    // The build writes .br and .gz beside each file (vite.config.ts); no compression at request time.
    app.use("/assets/*", serveStatic({ root: clientDir, precompressed: true }));
  }

  // The page inlines its CSS and, for browsers without JavaScript, one more rule: their hashes.
  const policy = assets
    ? contentSecurityPolicy(inlineStyles(assets.respondent), inlineScripts(assets.respondent))
    : null;
  // A version never changes (its definition and key are fixed), so its page is rendered once per
  // language: v0.1 rendered a large survey again on every anonymous view (bench:render).
  const rendered = new RenderedPages(RENDERED_PAGES);
  app.get("/s/:slug", async (c) => {
    const found = await findSurvey(db, c.req.param("slug"));
    if (found?.state !== "open") return surveyUnavailable(c, found, db, assets);
    if (!assets || !policy) return messagePage(c, 503, NOT_BUILT);
    c.header("Cache-Control", "no-store");
    c.header("Content-Security-Policy", policy);
    c.header("Vary", "Accept-Language", { append: true });
    const { survey, publicKey, requiresCode } = found;
    const language = pickLanguage(
      survey.languages,
      c.req.query("lang"),
      c.req.header("accept-language"),
    );
    const key = [survey.slug, survey.version, language, publicKey, requiresCode].join("\n");
    const page = rendered.get(key, () =>
      renderSurveyPage({
        survey,
        publicKey,
        assets: assets.respondent,
        requiresCode,
        language,
        earlyTap: true,
      }),
    );
    const encoding = pickEncoding(c.req.header("accept-encoding"));
    if (!encoding || c.req.method === "HEAD") return c.html(page.html);
    // Compressed once too: brotli cost more than the render itself (bench:render).
    page.encoded[encoding] ??= encode(Buffer.from(page.html), encoding);
    const bytes = await page.encoded[encoding];
    c.header("Content-Type", "text/html; charset=UTF-8");
    c.header("Content-Encoding", encoding);
    c.header("Content-Length", String(bytes.length));
    return c.body(new Uint8Array(bytes));
  });

  const workers = assets
    ? {
        survey: serviceWorker("survey", offlineFiles(clientDir, "survey")),
        feedback: serviceWorker("feedback", offlineFiles(clientDir, "feedback")),
      }
    : null;
  app.get("/sw.js", (c) => {
    if (!workers) return c.text("", 404);
    const worker = c.req.query("pages") === "feedback" ? workers.feedback : workers.survey;
    // Always revalidated: a new build must replace the old file list.
    c.header("Cache-Control", "no-cache");
    c.header("Content-Type", "text/javascript; charset=utf-8");
    return c.body(worker);
  });

  app.get(NEUTRAL_PATH, (c) => {
    c.header("Cache-Control", "no-store");
    return c.html(neutralPage);
  });

  return app;
}
