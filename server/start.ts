// `npm start`: the zero-set-up path for a newcomer. Builds the client if it is missing or
// stale, opens the seed surveys as demos (server/demo.ts), and serves this machine only.
// Production runs server/index.ts.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { build } from "vite";
import { ready } from "../client/lib/crypto";
import { reachableFromOthers } from "./config";
import { openDatabase } from "./db/client";
import { openDemoSurveys } from "./demo";
import { config, listen, stopOnSignals } from "./index";

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

// The demo surveys are readable by whoever has the data folder: this machine only.
if (reachableFromOthers(config)) {
  process.stderr.write(
    "npm start opens demo surveys whose key lies beside the database, so it serves this " +
      "machine only (HOST and VOZ_PUBLIC_ORIGIN on loopback). To serve others, run " +
      "server/index.ts as docs/deploy.md shows.\n",
  );
  process.exit(1);
}

await buildClientIfStale();
await ready();
const db = await openDatabase(config.dbPath);
const keyPath = join(dirname(config.dbPath), "demo-key.json");
const opened = await openDemoSurveys(db, keyPath);

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
