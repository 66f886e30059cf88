// `npm run bench:rebuild [-- --n 10000,50000 --chars 3300 --messages 0]`
// How long SQLite's rebuild in key order holds submissions (server/db/sqlite-rebuild.ts): a file
// of N passport-sized responses, stored 50 to a commit in random key order as group commits
// leave them, is rebuilt the way the server does it after each commit (a step, then the log cut),
// and, as the baseline measured in the same run on a copy of the same file, by `VACUUM` and its
// log cut, which is how the server rebuilt it until 4 December (eighteenth session) and which
// held every submission from start to end. --messages M also gives the file a feedback channel
// of M messages with a reply each, which the swap rewrites whole in its one step (feedback rows
// are held by a foreign key, so they are rewritten in place, not renamed). Prints figures;
// asserts nothing.
import { randomBytes, randomUUID } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { generateKeyPair, ready } from "../client/lib/crypto";
import { closeDatabase, openDatabase, sqliteOf } from "../server/db/client";
import { partChars, partsOf } from "../server/db/responses";
import { rebuildStep, underWay } from "../server/db/sqlite-rebuild";
import { publishSurveyVersion } from "../server/db/surveys";
import { readSurveyFile } from "./synthetic";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "10000,50000" },
    chars: { type: "string", default: "3300" },
    messages: { type: "string", default: "0" },
  },
});
const SLUG = "passport-access";
await ready();
const chars = Number(values.chars);
const messages = Number(values.messages);

/** A channel of `messages` messages, each about the size of a sealed one, with a reply each. */
function feedbackOf(sqlite: Database.Database): void {
  if (messages === 0) return;
  sqlite
    .prepare("insert into organizations (id, name, created_on) values ('o', 'O', '2026-12-04')")
    .run();
  sqlite
    .prepare(
      "insert into feedback_channels (slug, org_id, public_key, sensitive_public_key, frame, created_on) values ('voices', 'o', 'k', 'k', '[]', '2026-12-04')",
    )
    .run();
  const message = sqlite.prepare(
    "insert into feedback_messages (id, slug, sensitive, ciphertext, lookup, month) values (?, 'voices', 0, ?, ?, '2026-12')",
  );
  const reply = sqlite.prepare(
    "insert into feedback_replies (message_id, number, ciphertext, day) values (?, 1, ?, '2026-12-04')",
  );
  sqlite.transaction(() => {
    for (let i = 0; i < messages; i++) {
      const id = randomUUID();
      message.run(id, randomBytes(1_100).toString("base64"), randomUUID());
      reply.run(id, randomBytes(300).toString("base64"));
    }
  })();
}

/** A migrated file holding `n` responses whose rebuild is due, and its path. */
async function fileOf(dir: string, n: number): Promise<string> {
  const path = join(dir, "voz.db");
  const db = await openDatabase(path);
  const survey = readSurveyFile(`surveys/${SLUG}.json`);
  const published = await publishSurveyVersion(db, survey, generateKeyPair().publicKey, "open");
  if (!published.ok) throw new Error(published.reason);
  const sqlite = sqliteOf(db);
  const cut = partChars(db);
  const insert = sqlite.prepare(
    "insert into response_parts (slug, key, id, part, parts, ciphertext, received_on) values (?, ?, ?, ?, ?, ?, '2026-12-04')",
  );
  for (let stored = 0; stored < n; stored += 50) {
    sqlite.transaction(() => {
      for (let i = stored; i < Math.min(n, stored + 50); i++) {
        const id = randomUUID();
        const ciphertext = randomBytes(Math.ceil((chars * 3) / 4))
          .toString("base64")
          .slice(0, chars);
        for (const part of partsOf(id, ciphertext, cut)) {
          insert.run(SLUG, part.key, id, part.part, part.parts, part.slice);
        }
      }
    })();
  }
  sqlite
    .prepare("insert into response_days (slug, day, responses) values (?, '2026-12-04', ?)")
    .run(SLUG, n);
  feedbackOf(sqlite);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  await closeDatabase(db);
  return path;
}

const ms = (from: number) => performance.now() - from;
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}; ${chars} characters a response; ${messages} feedback messages`,
);
for (const n of values.n.split(",").map(Number)) {
  const dir = mkdtempSync(join(tmpdir(), "voz-rebuild-"));
  try {
    const path = await fileOf(dir, n);
    copyFileSync(path, `${path}.vacuum`);

    const vacuum = new Database(`${path}.vacuum`);
    vacuum.pragma("journal_mode = WAL");
    vacuum.pragma("synchronous = FULL");
    vacuum.pragma("secure_delete = ON");
    let started = performance.now();
    vacuum.exec("VACUUM");
    vacuum.pragma("wal_checkpoint(TRUNCATE)");
    const held = ms(started);
    vacuum.close();

    const db = await openDatabase(path);
    const sqlite = sqliteOf(db);
    const steps: number[] = [];
    started = performance.now();
    do {
      const step = performance.now();
      rebuildStep(sqlite);
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
      steps.push(ms(step));
    } while (underWay(sqlite));
    const total = ms(started);
    await closeDatabase(db);
    steps.sort((a, b) => a - b);
    console.log(
      `${n} responses: VACUUM held submissions ${held.toFixed(0)} ms; in steps: ${steps.length} steps, ` +
        `longest ${quantile(steps, 1).toFixed(1)} ms, median ${quantile(steps, 0.5).toFixed(1)} ms, ` +
        `all ${total.toFixed(0)} ms; longest hold / VACUUM's ${(quantile(steps, 1) / held).toFixed(3)}, ` +
        `work / VACUUM's ${(total / held).toFixed(2)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
