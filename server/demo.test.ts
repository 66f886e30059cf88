// Issue 13 item 8: `npm start`'s demo surveys are sealed to a key kept beside the database, so
// whoever has the data folder reads every answer. Nobody answering one may take it for a real
// survey, and npm start must not serve them to other machines.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ready } from "../client/lib/crypto";
import { fakeClientBuild } from "../test/harness";
import { createApp } from "./app";
import { closeDatabase, type Db, openDatabase } from "./db/client";
import { openDemoSurveys } from "./demo";

let dir: string;
let clientDir: string;
let db: Db;

beforeEach(async () => {
  await ready();
  dir = mkdtempSync(join(tmpdir(), "voz-demo-"));
  clientDir = fakeClientBuild();
  db = await openDatabase(join(dir, "voz.db"));
});
afterEach(async () => {
  await closeDatabase(db);
  for (const d of [dir, clientDir]) rmSync(d, { recursive: true, force: true });
});

describe("the demo surveys of npm start", () => {
  it("say DEMO on every page a respondent or a reader of the poster sees, in every language", async () => {
    const opened = await openDemoSurveys(db, join(dir, "demo-key.json"));
    expect(opened).toEqual(["passport-access", "cso-program-awareness"]);
    const app = createApp({ db, log: () => {}, clientDir });
    for (const slug of opened) {
      const survey = (await (await app.request(`/api/surveys/${slug}`)).json()) as {
        survey: { languages: string[] };
      };
      for (const language of survey.survey.languages) {
        const html = await (await app.request(`/s/${slug}?lang=${language}`)).text();
        expect(html.match(/<title>([^<]*)<\/title>/)?.[1], `${slug} ${language}`).toMatch(/DEMO/);
        // Seen by a phone without JavaScript too: in the page's own heading.
        expect(html.match(/<h1[^>]*>([^<]*)</g)?.join(" "), `${slug} ${language}`).toMatch(/DEMO/);
      }
      const poster = await (await app.request(`/s/${slug}/poster`)).text();
      expect(poster, `${slug} poster`).toMatch(/DEMO/);
    }
    // The key they are sealed to is the file beside the database.
    const key = JSON.parse(readFileSync(join(dir, "demo-key.json"), "utf8"));
    const served = (await (await app.request("/api/surveys/passport-access")).json()) as {
      publicKey: string;
    };
    expect(served.publicKey).toBe(key.publicKey);
  });

  it("are refused by npm start when other machines could reach it, before anything is created", async () => {
    const dbPath = join(dir, "refused", "voz.db");
    const child = spawn(process.execPath, ["--import", "tsx", "server/start.ts"], {
      env: {
        ...process.env,
        VOZ_DB: dbPath,
        PORT: "0",
        HOST: "127.0.0.1",
        VOZ_PUBLIC_ORIGIN: "https://voz.example.org",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/demo/i);
    expect(stderr).toMatch(/server\/index\.ts|docs\/deploy\.md/);
    expect(existsSync(dbPath)).toBe(false);
  }, 60_000);
});
