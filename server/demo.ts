// The demo surveys `npm start` opens (issue 13 item 8). They are sealed to a key kept beside the
// database (`demo-key.json`), so whoever has the data folder reads every answer: their title says
// DEMO in every language, on every page that shows it (survey, page without JavaScript, poster,
// results), and npm start serves them to this machine only (start.ts).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { generateKeyPair, isPublicKey } from "../client/lib/crypto";
import { parseSurvey, type Survey } from "../surveys/schema";
import type { Db } from "./db/client";
import { publishSurveyVersion } from "./db/surveys";

const SEEDS = ["surveys/passport-access.json", "surveys/cso-program-awareness.json"];

/** The same word in every language of the seeds, and in any other: it names the thing. */
const DEMO = "DEMO";

/** The survey with DEMO before its title in each of its languages. */
export function markAsDemo(survey: Survey): Survey {
  const title = Object.fromEntries(
    Object.entries(survey.title).map(([language, text]) => [language, `${DEMO} · ${text}`]),
  );
  return { ...survey, title };
}

/** The demo key lives beside the database. Anyone holding it can read every demo answer. */
export function demoPublicKey(keyPath: string): string {
  if (existsSync(keyPath)) {
    const { publicKey } = JSON.parse(readFileSync(keyPath, "utf8")) as { publicKey: string };
    if (isPublicKey(publicKey)) return publicKey;
    throw new Error(`${keyPath} is not a key file; move it away and start again`);
  }
  const pair = generateKeyPair();
  writeFileSync(keyPath, `${JSON.stringify(pair, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return pair.publicKey;
}

/** Opens the seed surveys, marked as demos, with the demo key; returns the slugs it opened. */
export async function openDemoSurveys(db: Db, keyPath: string): Promise<string[]> {
  const publicKey = demoPublicKey(keyPath);
  const opened: string[] = [];
  for (const file of SEEDS) {
    const parsed = parseSurvey(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.ok) {
      throw new Error(`${file}: ${parsed.errors[0]?.path} ${parsed.errors[0]?.message}`);
    }
    const result = await publishSurveyVersion(db, markAsDemo(parsed.value), publicKey, "open");
    // A survey already opened with another key (e.g. by the CLI) is left as it is.
    if (result.ok) opened.push(parsed.value.slug);
  }
  return opened;
}
