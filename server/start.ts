// `npm start`: the zero-set-up path for a newcomer. Builds the client if it is missing or
// stale, opens the seed surveys with a demo key, and serves. Production runs server/index.ts.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { build } from "vite";
import { generateKeyPair, isPublicKey, ready } from "../client/lib/crypto";
import { parseSurvey } from "../surveys/schema";
import { openDatabase } from "./db/client";
import { publishSurveyVersion } from "./db/surveys";
import { config, listen, stopOnSignals } from "./index";

const SEEDS = ["surveys/passport-access.json", "surveys/cso-program-awareness.json"];

function newestChange(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce(
      (newest, entry) => Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs),
      0,
    );
}

async function buildClientIfStale(): Promise<void> {
  const manifest = join("dist", "client", ".vite", "manifest.json");
  if (existsSync(manifest) && statSync(manifest).mtimeMs > newestChange("client")) return;
  process.stdout.write("Building the client…\n");
  await build({ logLevel: "warn" });
}

/** The demo key lives beside the database. Anyone holding it can read every demo answer. */
function demoPublicKey(keyPath: string): string {
  if (existsSync(keyPath)) {
    const { publicKey } = JSON.parse(readFileSync(keyPath, "utf8")) as { publicKey: string };
    if (isPublicKey(publicKey)) return publicKey;
    throw new Error(`${keyPath} is not a key file; move it away and start again`);
  }
  const pair = generateKeyPair();
  writeFileSync(keyPath, `${JSON.stringify(pair, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return pair.publicKey;
}

await buildClientIfStale();
await ready();
const db = await openDatabase(config.dbPath);
const keyPath = join(dirname(config.dbPath), "demo-key.json");
const publicKey = demoPublicKey(keyPath);
const opened: string[] = [];
for (const file of SEEDS) {
  const parsed = parseSurvey(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.ok)
    throw new Error(`${file}: ${parsed.errors[0]?.path} ${parsed.errors[0]?.message}`);
  const result = await publishSurveyVersion(db, parsed.value, publicKey, "open");
  // A survey already opened with another key (e.g. by the CLI) is left as it is.
  if (result.ok) opened.push(parsed.value.slug);
}

const running = await listen(db, config.port);
stopOnSignals(running);
const base = running.origin;
process.stdout.write(
  [
    `Voz is running at ${base} (database: ${config.dbPath})`,
    ...opened.map((slug) => `  ${base}/s/${slug}`),
    `Organizations' workspace (sign up there): ${base}/c`,
    "",
    `WARNING: the demo surveys are sealed to the demo key in ${keyPath}.`,
    "It is for trying Voz only: anyone with that file can read every demo answer.",
    `Read answers: npm run -s cli -- export <slug> --db ${config.dbPath} > r.jsonl, then`,
    `  npm run -s cli -- tabulate surveys/<slug>.json --key ${keyPath} --in r.jsonl`,
    "",
  ].join("\n"),
);
