// `tabulate --db postgres://…`: each worker thread reads its stretches of ids on a connection
// of its own, and the tables are those of the same responses read from an export file, where
// copies of one sealed box stored under other ids count once.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, ready, seal } from "../../client/lib/crypto";
import type { Publication } from "../../client/lib/publication";
import { surveySchema } from "../../surveys/schema";
import { runCli } from "../../test/cli";
import { freshDatabase } from "../../test/database";
import { closeDatabase, openDatabase } from "../db/client";
import { ResponseWriter } from "../db/responses";
import { publishSurveyVersion } from "../db/surveys";

const text = (en: string) => ({ en });
const survey = surveySchema.parse({
  slug: "pg-tabulate",
  version: 1,
  languages: ["en"],
  title: text("PostgreSQL tabulation"),
  breakdowns: [],
  questions: [
    {
      id: "city",
      type: "single",
      label: text("City"),
      options: ["a", "b", "c"].map((id) => ({ id, label: text(id) })),
    },
  ],
});

let dir = "";
let location = "";
let drop: () => Promise<void>;

beforeAll(async () => {
  await ready();
  dir = mkdtempSync(join(tmpdir(), "voz-pg-tabulate-"));
  ({ location, drop } = await freshDatabase(dir));
  const pair = generateKeyPair();
  writeFileSync(join(dir, "key.json"), JSON.stringify(pair));
  writeFileSync(join(dir, "survey.json"), JSON.stringify(survey));
  const sealed = Array.from({ length: 301 }, (_, i) =>
    seal(
      {
        v: 1,
        survey: survey.slug,
        version: 1,
        answers: { city: ["a", "b", "c"][i % 3] as string },
      },
      pair.publicKey,
      survey,
    ),
  );
  const db = await openDatabase(location);
  await publishSurveyVersion(db, survey, pair.publicKey, "open");
  const writer = new ResponseWriter(db);
  // The first response stored 4 more times under new ids, as whoever held its bytes could.
  await Promise.all(
    [...sealed, ...Array<string>(4).fill(sealed[0] as string)].map((ciphertext) =>
      writer.store({ id: randomUUID(), slug: survey.slug, ciphertext }),
    ),
  );
  await closeDatabase(db);
  const lines = sealed.map((ciphertext, i) => JSON.stringify({ id: `r-${i}`, ciphertext }));
  writeFileSync(join(dir, "responses.jsonl"), `${lines.join("\n")}\n`);
});
afterAll(async () => {
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

describe("tabulate from PostgreSQL", { timeout: 90_000 }, () => {
  it("reads every stored response once, copies left out, with the tables of the export file", async () => {
    const run = (...source: string[]) =>
      runCli(["tabulate", join(dir, "survey.json"), "--key", join(dir, "key.json"), ...source]);
    const fromDb = await run("--db", location);
    expect(fromDb.stderr.trim()).toBe(
      "4 copies of a stored response (the same sealed bytes) counted once",
    );
    const stored = JSON.parse(fromDb.stdout) as Publication;
    expect(stored.responses).toBe(301);
    expect(stored.unreadable).toBe(0);
    const fromFile = JSON.parse((await run("--in", join(dir, "responses.jsonl"))).stdout);
    expect(stored.tables).toEqual((fromFile as Publication).tables);
    const a = stored.tables[0]?.cells.find((cell) => cell.key.city === "a");
    expect(a?.count).toBe(101);
  });
});
