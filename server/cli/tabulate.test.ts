// `tabulate` as a coordinator runs it: a child process, a key file, exported JSON Lines.
import { createHash, randomUUID } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSurveyFile, syntheticAnswers } from "../../bench/synthetic";
import { audit, auditPublication, keepsPattern } from "../../client/lib/audit";
import { type Envelope, generateKeyPair, type KeyPair, ready, seal } from "../../client/lib/crypto";
import { type Publication, parsePublication } from "../../client/lib/publication";
import { surveyStructure } from "../../client/lib/structure";
import { type Survey, surveySchema } from "../../surveys/schema";
import { runCli } from "../../test/cli";
import { closeDatabase, openDatabase } from "../db/client";
import { ResponseWriter } from "../db/responses";
import { publishSurveyVersion } from "../db/surveys";

const cli = (...args: string[]) => runCli(args);
/** `tabulate` of the example survey with its key file, and the rest of the command line. */
const tabulate = (...args: string[]) =>
  cli("tabulate", path("survey.json"), "--key", path("key.json"), ...args);

const text = (en: string) => ({ en });
const options = (...ids: string[]) => ids.map((id) => ({ id, label: text(id) }));
const survey = {
  slug: "cli-example",
  version: 1,
  languages: ["en"],
  title: text("CLI example"),
  breakdowns: ["gender"],
  questions: [
    { id: "gender", type: "single", label: text("Gender"), options: options("woman", "man") },
    { id: "passport", type: "single", label: text("Passport?"), options: options("yes", "no") },
    { id: "cost", type: "number", min: 0, bins: [0, 100], label: text("Cost") },
    { id: "note", type: "text", label: text("Anything else?") },
  ],
};

/** The same survey as the CLI reads it, which sealing pads to. */
const definition = survey as Survey;

let dir: string;
let pair: KeyPair;
const path = (name: string) => join(dir, name);

const envelope = (answers: Envelope["answers"]): Envelope => ({
  v: 1,
  survey: "cli-example",
  version: 1,
  answers,
});

beforeAll(async () => {
  await ready();
  dir = mkdtempSync(join(tmpdir(), "voz-tabulate-"));
  pair = generateKeyPair();
  writeFileSync(path("key.json"), JSON.stringify(pair));
  writeFileSync(path("survey.json"), JSON.stringify(survey));
  const answers: Envelope["answers"][] = [
    ...Array.from({ length: 9 }, () => ({ gender: "woman", passport: "no", cost: 150 })),
    ...Array.from({ length: 7 }, () => ({ gender: "man", passport: "yes", cost: 20 })),
    ...Array.from({ length: 6 }, () => ({ gender: "woman", passport: "yes", cost: 20 })),
    { gender: "man", passport: "no", note: "a name that must never be published" },
    { passport: "no", cost: 5 },
  ];
  const other = generateKeyPair();
  const sealed = [
    ...answers.map((a) => seal(envelope(a), pair.publicKey, definition)),
    seal(envelope({ gender: "woman" }), other.publicKey, definition),
    seal({ ...envelope({ gender: "woman" }), survey: "another-survey" }, pair.publicKey, {
      ...definition,
      slug: "another-survey",
    }),
    seal(envelope({ gender: "nobody" }), pair.publicKey, definition),
  ];
  const lines = sealed.map((ciphertext, i) =>
    JSON.stringify({ id: `id-${i}`, ciphertext, receivedOn: "2025-01-01" }),
  );
  writeFileSync(path("responses.jsonl"), `${[...lines, "not json", '{"id":"x"}'].join("\n")}\n`);
  // Two later exports: one more response, and k = 5 more.
  const more = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({
        id: `more-${n}-${i}`,
        ciphertext: seal(envelope({ gender: "man", passport: "no" }), pair.publicKey, definition),
        receivedOn: "2025-02-01",
      }),
    );
  writeFileSync(path("one-more.jsonl"), `${[...lines, ...more(1)].join("\n")}\n`);
  writeFileSync(path("five-more.jsonl"), `${[...lines, ...more(5)].join("\n")}\n`);

  // The same sealed responses as the server stores them.
  const db = await openDatabase(path("voz.db"));
  await publishSurveyVersion(db, surveySchema.parse(survey), pair.publicKey, "open");
  const writer = new ResponseWriter(db);
  for (const ciphertext of sealed) {
    await writer.store({ id: randomUUID(), slug: survey.slug, ciphertext });
  }
  await closeDatabase(db);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The one man without a passport: his cell must stay a hidden count of 1, not a shown 6. */
function expectLoneManHidden(publication: Publication) {
  const cell = publication.tables
    .find((t) => t.id === "passport×gender")
    ?.cells.find((c) => c.key.passport === "no" && c.key.gender === "man");
  expect(cell).toEqual({
    key: { passport: "no", gender: "man" },
    count: null,
    suppressed: "primary",
  });
}

// Each run starts a pool of worker threads, slow on a loaded machine.
describe("tabulate", { timeout: 90_000 }, () => {
  it("prints a publication that counts unreadable responses apart and passes the audit", async () => {
    const result = await tabulate("--in", path("responses.jsonl"), "--db", path("ignored.db"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const parsed = parsePublication(JSON.parse(result.stdout));
    expect(parsed.ok).toBe(true);
    const publication = (parsed as { value: Publication }).value;
    expect(publication).toMatchObject({ survey: "cli-example", version: 1, k: 5 });
    expect(publication.responses).toBe(24);
    // Wrong key, wrong survey, an answer that is not an option, a line that is not JSON and one
    // without a ciphertext.
    expect(publication.unreadable).toBe(5);
    expect(publication.tables.map((t) => t.id)).toEqual([
      "gender",
      "passport",
      "passport×gender",
      "cost",
      "cost×gender",
    ]);
    expect(result.stdout).not.toContain("must never be published");
    expect(await audit(publication)).toEqual({ ok: true, findings: [] });
    const passport = publication.tables[2]?.cells.find(
      (c) => c.key.passport === "no" && c.key.gender === "man",
    );
    expect(passport).toEqual({
      key: { passport: "no", gender: "man" },
      count: null,
      suppressed: "primary",
    });
  });

  it("counts a response copied under new ids once, and says on stderr how many copies it left out", async () => {
    // The one man without a passport, his sealed bytes stored 5 more times by whoever held
    // them: counted, his cell would read 6 and be published with everything else he answered.
    const lines = readFileSync(path("responses.jsonl"), "utf8").trim().split("\n");
    const lone = JSON.parse(lines[22] as string) as { ciphertext: string };
    const copies = Array.from({ length: 5 }, (_, i) =>
      JSON.stringify({ id: `copy-${i}`, ciphertext: lone.ciphertext, receivedOn: "2025-03-01" }),
    );
    writeFileSync(path("copied.jsonl"), `${[...lines, ...copies].join("\n")}\n`);
    const result = await tabulate("--in", path("copied.jsonl"), "--db", path("ignored.db"));
    expect(result.code).toBe(0);
    expect(result.stderr.trim()).toBe(
      "5 copies of a stored response (the same sealed bytes) counted once",
    );
    const publication = JSON.parse(result.stdout) as Publication;
    expect(publication.responses).toBe(24);
    expectLoneManHidden(publication);
  });

  it("reads the responses straight from the database, with the same tables as from an export", async () => {
    const fromFile = await tabulate("--in", path("responses.jsonl"));
    const fromDb = await tabulate("--db", path("voz.db"));
    expect(fromDb.stderr).toBe("");
    expect(fromDb.code).toBe(0);
    const file = JSON.parse(fromFile.stdout) as Publication;
    const stored = JSON.parse(fromDb.stdout) as Publication;
    expect(stored.responses).toBe(24);
    // The stored ones: another key, another survey, an answer that is not an option.
    expect(stored.unreadable).toBe(3);
    expect(stored.tables).toEqual(file.tables);
  });

  it("counts a response the server stored again under new ids once when reading the database", async () => {
    // The attack above, made as it would be: the lone man's sealed bytes posted 5 more times
    // under new ids. The workers share the ids out in stretches, so the copies are read by
    // different workers; and a copy altered after its first 44 characters (the same ephemeral
    // key) is another box, which does not open, not a copy that could push the real one out.
    copyFileSync(path("voz.db"), path("copied.db"));
    const lines = readFileSync(path("responses.jsonl"), "utf8").trim().split("\n");
    const lone = (JSON.parse(lines[22] as string) as { ciphertext: string }).ciphertext;
    const flipped = lone[100] === "A" ? "B" : "A";
    const altered = `${lone.slice(0, 100)}${flipped}${lone.slice(101)}`;
    const db = await openDatabase(path("copied.db"));
    const writer = new ResponseWriter(db);
    const stored = await Promise.all(
      [...Array<string>(5).fill(lone), altered].map((ciphertext) =>
        writer.store({ id: randomUUID(), slug: survey.slug, ciphertext }),
      ),
    );
    await closeDatabase(db);
    expect(stored).toEqual(Array(6).fill("stored"));

    const result = await tabulate("--db", path("copied.db"));
    expect(result.code).toBe(0);
    expect(result.stderr.trim()).toBe(
      "5 copies of a stored response (the same sealed bytes) counted once",
    );
    const publication = JSON.parse(result.stdout) as Publication;
    expect(publication.responses).toBe(24);
    expect(publication.unreadable).toBe(4);
    expectLoneManHidden(publication);
  });

  it("leaves the database file and its log byte for byte as they were, frames in the log too", async () => {
    copyFileSync(path("voz.db"), path("live.db"));
    // The server's own connection, holding a commit in the log that no checkpoint has moved
    // into the file yet, as on a live server between two commits.
    const server = new Database(path("live.db"));
    try {
      server.pragma("wal_autocheckpoint = 0");
      server.exec("create table beside (x); insert into beside values (1)");
      // The -shm is an index SQLite keeps of the log, which every reader may write: not data.
      const bytes = () =>
        ["live.db", "live.db-wal"].map((name) =>
          createHash("sha256")
            .update(readFileSync(path(name)))
            .digest("hex"),
        );
      const before = bytes();
      expect(statSync(path("live.db-wal")).size).toBeGreaterThan(0);
      const result = await tabulate("--db", path("live.db"));
      expect(result.stderr).toBe("");
      expect((JSON.parse(result.stdout) as Publication).responses).toBe(24);
      expect(bytes()).toEqual(before);
    } finally {
      server.close();
    }
  });

  it("reads every stored response exactly once when the workers share the ids out in stretches", {
    timeout: 240_000,
  }, async () => {
    // 1,201 responses over 256 stretches of ids, read a stretch at a time by 2 workers (pages
    // ending inside a stretch: responses.test.ts); answers vary with the response, so a
    // response lost or read twice moves a cell.
    const answers = Array.from({ length: 1_201 }, (_, i) => ({
      gender: i % 3 === 0 ? "man" : "woman",
      passport: i % 5 < 2 ? "yes" : "no",
      cost: (i * 37) % 160,
    }));
    const sealed = answers.map((a) => seal(envelope(a), pair.publicKey, definition));
    const db = await openDatabase(path("many.db"));
    await publishSurveyVersion(db, surveySchema.parse(survey), pair.publicKey, "open");
    const writer = new ResponseWriter(db);
    const stored = await Promise.all(
      sealed.map((ciphertext) => writer.store({ id: randomUUID(), slug: survey.slug, ciphertext })),
    );
    await closeDatabase(db);
    expect(stored.every((result) => result === "stored")).toBe(true);
    const lines = sealed.map((ciphertext, i) => JSON.stringify({ id: `m-${i}`, ciphertext }));
    writeFileSync(path("many.jsonl"), `${lines.join("\n")}\n`);

    const run = (...source: string[]) => tabulate("--k", "3", ...source);
    const [fromDb, fromFile] = await Promise.all([
      run("--db", path("many.db")),
      run("--in", path("many.jsonl")),
    ]);
    expect(fromDb.stderr).toBe("");
    const publication = JSON.parse(fromDb.stdout) as Publication;
    expect(publication.responses).toBe(1_201);
    expect(publication.unreadable).toBe(0);
    expect(publication.tables).toEqual((JSON.parse(fromFile.stdout) as Publication).tables);
    // Counted here, not by the code under test: men are the responses numbered 0, 3, 6…
    const men = publication.tables
      .find((t) => t.variables.join() === "gender")
      ?.cells.find((cell) => cell.key.gender === "man");
    expect(men?.count).toBe(Math.ceil(1_201 / 3));
  });

  it("exits 1 when the database does not hold the survey", async () => {
    const missing = await tabulate("--db", path("nothing-here.db"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no database at");
    writeFileSync(path("other.json"), JSON.stringify({ ...survey, slug: "not-stored" }));
    const unknown = await cli(
      "tabulate",
      path("other.json"),
      "--key",
      path("key.json"),
      "--db",
      path("voz.db"),
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no survey "not-stored"');
  });

  it("exits 1, writing nothing, on a database an older Voz left unmigrated", async () => {
    copyFileSync(path("voz.db"), path("old.db"));
    const old = new Database(path("old.db"));
    old.exec(
      "delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)",
    );
    old.close();
    const before = readFileSync(path("old.db"));
    const result = await tabulate("--db", path("old.db"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("older Voz");
    expect(readFileSync(path("old.db")).equals(before)).toBe(true);
  });

  it("crosses with the variables given by --by and applies --k", async () => {
    const result = await tabulate("--in", path("responses.jsonl"), "--by", "passport", "--k", "3");
    expect(result.code).toBe(0);
    const publication = JSON.parse(result.stdout) as Publication;
    expect(publication.k).toBe(3);
    expect(publication.tables.map((t) => t.id)).toContain("gender×passport");
    expect(publication.tables.map((t) => t.id)).not.toContain("cost×gender");
  });

  it("exits 1 with a clear message on a breakdown that is not a variable", async () => {
    const result = await tabulate("--in", path("responses.jsonl"), "--by", "note");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain('--by: "note" is not a tabulated variable');
  });

  it("exits 1 when k is below 3 or the key has no secret half", async () => {
    const low = await tabulate("--in", path("responses.jsonl"), "--k", "2");
    expect(low.code).toBe(1);
    expect(low.stderr).toContain("--k must be a whole number of at least 3");

    writeFileSync(path("public.json"), JSON.stringify({ publicKey: pair.publicKey }));
    const half = await cli(
      "tabulate",
      path("survey.json"),
      "--key",
      path("public.json"),
      "--in",
      path("responses.jsonl"),
    );
    expect(half.code).toBe(1);
    expect(half.stderr).toContain("has no secretKey");
  });

  it("exits 1 naming the file it cannot read", async () => {
    const result = await tabulate("--in", path("missing.jsonl"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("cannot read");
    expect(result.stderr).toContain("missing.jsonl");
  });

  it("relates a new publication to --previous ones as the gate does: growth by k, then history", async () => {
    const run = (file: string, previous: string[] = [], ...flags: string[]) =>
      tabulate("--in", path(file), ...previous.flatMap((p) => ["--previous", path(p)]), ...flags);
    const first = await run("responses.jsonl");
    expect(first.code).toBe(0);
    writeFileSync(path("first.json"), first.stdout);

    // One more response: the difference would be that person's answers.
    const oneMore = await run("one-more.jsonl", ["first.json"]);
    expect(oneMore.code).not.toBe(0);
    expect(oneMore.stderr).toMatch(/4 more responses/);

    const fiveMore = await run("five-more.jsonl", ["first.json"]);
    expect(fiveMore.code).toBe(0);
    // It says how many numbers keeping the first one's pattern hides: some of those it hid.
    const hiddenFirst = (JSON.parse(first.stdout) as Publication).tables
      .flatMap((t) => t.cells)
      .filter((c) => c.count === null).length;
    const kept = Number(
      /^(\d+) numbers? (?:is|are) hidden because the previous/.exec(fiveMore.stderr)?.[1],
    );
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(hiddenFirst);
    const later = parsePublication(JSON.parse(fiveMore.stdout));
    if (!later.ok) throw new Error("not a publication");
    expect(later.value.responses).toBe(29);
    const earlier = parsePublication(JSON.parse(first.stdout));
    if (!earlier.ok) throw new Error("not a publication");
    const checked = await auditPublication({
      publication: later.value,
      history: [earlier.value],
      structure: surveyStructure(definition),
    });
    expect(checked).toEqual({ ok: true, findings: [] });
    // It hides whatever the first hid, so the gate relates it to that one alone.
    expect(keepsPattern(earlier.value, later.value)).toBe(true);

    // Chosen afresh, the pattern answers to the whole history, and to the gate's full audit.
    const afresh = await run("five-more.jsonl", ["first.json"], "--new-pattern");
    expect(afresh.stderr).toBe("");
    const chosen = parsePublication(JSON.parse(afresh.stdout));
    if (!chosen.ok) throw new Error("not a publication");
    const { k: _k, ...asPublished } = earlier.value;
    expect(
      await auditPublication({
        publication: chosen.value,
        history: [asPublished],
        structure: surveyStructure(definition),
      }),
    ).toEqual({ ok: true, findings: [] });
  });

  it("with the database, counts the versions that ask the same questions as one, as the gate does", async () => {
    // Version 2 rewords the title (surveys/wording.ts): its 4 respondents count with version 1's
    // 24, and version 1's publication is its history. Version 3 adds a question: its own count.
    const reworded = { ...survey, version: 2, title: text("CLI example, reworded") };
    const asksMore = {
      ...survey,
      version: 3,
      questions: [...survey.questions, { id: "more", type: "text", label: text("More?") }],
    };
    copyFileSync(path("voz.db"), path("versions.db"));
    const db = await openDatabase(path("versions.db"));
    await publishSurveyVersion(db, surveySchema.parse(reworded), pair.publicKey, "open");
    const writer = new ResponseWriter(db);
    for (let i = 0; i < 4; i++) {
      const answers = { gender: "man", passport: "yes" } as const;
      const ciphertext = seal(
        { ...envelope(answers), version: 2 },
        pair.publicKey,
        reworded as Survey,
      );
      await writer.store({ id: randomUUID(), slug: survey.slug, ciphertext });
    }
    await closeDatabase(db);
    writeFileSync(path("v2.json"), JSON.stringify(reworded));
    writeFileSync(path("v3.json"), JSON.stringify(asksMore));
    const first = await tabulate("--db", path("voz.db"));
    expect(first.code).toBe(0);
    writeFileSync(path("v1-publication.json"), first.stdout);
    const of = (file: string, ...flags: string[]) =>
      cli("tabulate", path(file), "--key", path("key.json"), "--db", path("versions.db"), ...flags);

    const both = await of("v2.json");
    expect(both.code).toBe(0);
    expect((JSON.parse(both.stdout) as Publication).responses).toBe(28);
    // Against version 1's publication of 24, 28 is one response short of growing by k.
    const after = await of("v2.json", "--previous", path("v1-publication.json"));
    expect(after.code).not.toBe(0);
    expect(after.stderr).toMatch(/1 more response/);

    const db3 = await openDatabase(path("versions.db"));
    await publishSurveyVersion(db3, surveySchema.parse(asksMore), pair.publicKey, "open");
    await closeDatabase(db3);
    const own = await of("v3.json", "--previous", path("v1-publication.json"));
    expect(own.stderr).toBe("");
    expect(JSON.parse(own.stdout) as Publication).toMatchObject({ version: 3, responses: 0 });
  });

  it("with --try-all tries every cell hidden as cover again, and hides fewer", async () => {
    // 150 passport responses: small cells everywhere, so the prune's budget runs out first.
    const passport = readSurveyFile("surveys/passport-access.json");
    const lines = syntheticAnswers(passport, 150, 1).map((answers, i) =>
      JSON.stringify({
        id: `passport-${i}`,
        ciphertext: seal(
          { v: 1, survey: passport.slug, version: passport.version, answers },
          pair.publicKey,
          passport,
        ),
        receivedOn: "2025-01-01",
      }),
    );
    writeFileSync(path("passport.jsonl"), `${lines.join("\n")}\n`);
    const run = (...more: string[]) =>
      cli(
        "tabulate",
        "surveys/passport-access.json",
        "--key",
        path("key.json"),
        "--in",
        path("passport.jsonl"),
        ...more,
      );
    const hidden = (stdout: string) => {
      const parsed = parsePublication(JSON.parse(stdout));
      if (!parsed.ok) throw new Error("not a publication");
      return parsed.value.tables.flatMap((t) => t.cells).filter((c) => c.suppressed).length;
    };
    const [quick, thorough] = await Promise.all([run(), run("--try-all")]);
    expect(thorough.stderr).toBe("");
    expect(quick.code).toBe(0);
    expect(thorough.code).toBe(0);
    expect(hidden(thorough.stdout)).toBeLessThan(hidden(quick.stdout));
    // The command refuses what its own audit finds unsafe; the gate's audit agrees.
    const publication = parsePublication(JSON.parse(thorough.stdout));
    if (!publication.ok) throw new Error("not a publication");
    const checked = await auditPublication({
      publication: publication.value,
      history: [],
      structure: surveyStructure(passport),
    });
    expect(checked).toEqual({ ok: true, findings: [] });
  });
});
