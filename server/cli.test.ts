// The CLI as a user runs it: a child process, files on disk, output on stdout, errors on stderr.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { open, openKey, ready, seal } from "../client/lib/crypto";
import { runCli } from "../test/cli";
import { STORED_RESPONSES, seedSurvey } from "../test/harness";
import { fileOfVersion } from "../test/migrations";
import { createApp } from "./app";
import { closeDatabase, openDatabase, sqliteOf } from "./db/client";
import { ResponseWriter } from "./db/responses";

const cli = (...args: string[]) => runCli(args);

let dir: string;
let db: string;
beforeAll(() => ready());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "voz-cli-"));
  db = join(dir, "voz.db");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("validate", () => {
  it("prints ok for a seed survey", async () => {
    expect(await cli("validate", "surveys/passport-access.json")).toEqual({
      code: 0,
      stdout: "ok\n",
      stderr: "",
    });
  });

  it("prints every error with its JSON path on stderr and exits 1", async () => {
    const survey = seedSurvey("passport-access") as unknown as Record<string, unknown>;
    const broken = { ...survey, slug: "Bad Slug", breakdowns: ["comments"] };
    const file = join(dir, "broken.json");
    writeFileSync(file, JSON.stringify(broken));
    const result = await cli("validate", file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("$.slug");
    expect(result.stderr).toContain("$.breakdowns[0]");
  });

  it("says which file is not JSON", async () => {
    const file = join(dir, "junk.json");
    writeFileSync(file, "{ nope");
    const result = await cli("validate", file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("junk.json is not valid JSON");
  });
});

describe("keygen", () => {
  it("writes a key pair readable only by its owner and refuses to overwrite it", async () => {
    const out = join(dir, "key.json");
    const first = await cli("keygen", "--out", out);
    expect(first.code).toBe(0);
    const pair = JSON.parse(readFileSync(out, "utf8"));
    expect(Object.keys(pair).sort()).toEqual(["publicKey", "secretKey"]);
    expect(first.stdout.trim()).toBe(pair.publicKey);
    expect(first.stdout).not.toContain(pair.secretKey);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const again = await cli("keygen", "--out", out);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("refusing to overwrite");
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(pair);
  });
});

describe("open and export", () => {
  it("opens a survey, and exports what respondents sent as JSON Lines that open with the key", async () => {
    const keyFile = join(dir, "key.json");
    await cli("keygen", "--out", keyFile);
    const opened = await cli("open", "surveys/passport-access.json", "--key", keyFile, "--db", db);
    expect(opened).toEqual({ code: 0, stdout: "/s/passport-access\n", stderr: "" });

    const pair = JSON.parse(readFileSync(keyFile, "utf8"));
    const survey = seedSurvey("passport-access");
    const answers = {
      country: "co",
      age_group: "18_24",
      gender: "another",
      applied: "waiting",
      months_waiting: 7,
    };
    const ciphertext = seal(
      { v: 1, survey: survey.slug, version: 1, answers },
      pair.publicKey,
      survey,
    );
    const id = crypto.randomUUID();
    const handle = await openDatabase(db);
    const res = await createApp({ db: handle, log: () => {} }).request(
      "/api/surveys/passport-access/responses",
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id, ciphertext }),
      },
    );
    await closeDatabase(handle);
    expect(res.status).toBe(201);

    const exported = await cli("export", "passport-access", "--db", db);
    expect(exported.code).toBe(0);
    const lines = exported.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0]).sort()).toEqual(["ciphertext", "id", "receivedOn"]);
    expect(lines[0].id).toBe(id);
    expect(lines[0].receivedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const key = openKey(pair);
    if (!key) throw new Error("key file did not decode");
    expect(open(lines[0].ciphertext, key, survey)).toEqual({
      ok: true,
      envelope: { v: 1, survey: "passport-access", version: 1, answers },
    });
  });

  it("export leaves the database file and its log byte for byte as they were", async () => {
    const keyFile = join(dir, "key.json");
    await cli("keygen", "--out", keyFile);
    await cli("open", "surveys/passport-access.json", "--key", keyFile, "--db", db);
    // A live server's connection, with a commit in the log that no checkpoint has moved yet.
    const server = new Database(db);
    try {
      server.pragma("wal_autocheckpoint = 0");
      server.exec("create table beside (x); insert into beside values (1)");
      // The -shm is SQLite's index of the log, which every reader may write: not data.
      const bytes = () =>
        [db, `${db}-wal`].map((file) =>
          createHash("sha256").update(readFileSync(file)).digest("hex"),
        );
      const before = bytes();
      expect(statSync(`${db}-wal`).size).toBeGreaterThan(0);
      const exported = await cli("export", "passport-access", "--db", db);
      expect(exported).toEqual({ code: 0, stdout: "", stderr: "" });
      expect(bytes()).toEqual(before);
    } finally {
      server.close();
    }
  });

  it("reads only the public key, so a key file without the secret half is enough to open", async () => {
    const keyFile = join(dir, "key.json");
    await cli("keygen", "--out", keyFile);
    const publicOnly = join(dir, "public.json");
    writeFileSync(
      publicOnly,
      JSON.stringify({ publicKey: JSON.parse(readFileSync(keyFile, "utf8")).publicKey }),
    );
    const result = await cli(
      "open",
      "surveys/cso-program-awareness.json",
      "--key",
      publicOnly,
      "--db",
      db,
    );
    expect(result).toEqual({ code: 0, stdout: "/s/cso-program-awareness\n", stderr: "" });
  });

  it("opening the same version again is harmless, but another key for it is refused", async () => {
    const a = join(dir, "a.json");
    const b = join(dir, "b.json");
    await cli("keygen", "--out", a);
    await cli("keygen", "--out", b);
    expect((await cli("open", "surveys/passport-access.json", "--key", a, "--db", db)).code).toBe(
      0,
    );
    expect((await cli("open", "surveys/passport-access.json", "--key", a, "--db", db)).code).toBe(
      0,
    );
    const clash = await cli("open", "surveys/passport-access.json", "--key", b, "--db", db);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain("already stored");
  });

  it("refuses a key file whose public key is not an X25519 key", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ publicKey: "aGVsbG8=" }));
    const result = await cli("open", "surveys/passport-access.json", "--key", bad, "--db", db);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("$.publicKey");
  });

  it("fails clearly for an unknown survey, a missing database and an unknown command", async () => {
    const keyFile = join(dir, "key.json");
    await cli("keygen", "--out", keyFile);
    await cli("open", "surveys/passport-access.json", "--key", keyFile, "--db", db);
    const unknown = await cli("export", "nope", "--db", db);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no survey "nope"');
    const missing = await cli("export", "passport-access", "--db", join(dir, "missing.db"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no database at");
    const command = await cli("frobnicate");
    expect(command.code).toBe(1);
    expect(command.stderr).toContain("usage:");
  });

  it("sets a survey's daily cap with --max-per-day and refuses a cap that is not a whole number", async () => {
    const keyFile = join(dir, "key.json");
    await cli("keygen", "--out", keyFile);
    const bad = await cli(
      "open",
      "surveys/passport-access.json",
      "--key",
      keyFile,
      "--db",
      db,
      "--max-per-day",
      "0",
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--max-per-day");
    const ok = await cli(
      "open",
      "surveys/passport-access.json",
      "--key",
      keyFile,
      "--db",
      db,
      "--max-per-day",
      "1",
    );
    expect(ok.code).toBe(0);
    const handle = await openDatabase(db);
    try {
      const cap = sqliteOf(handle)
        .prepare("select max_responses_per_day as cap from surveys where slug = ?")
        .get("passport-access");
      expect(cap).toEqual({ cap: 1 });
    } finally {
      await closeDatabase(handle);
    }
  });
});

describe("repage", () => {
  /** A ciphertext the size of a passport response's (4,844 base64 characters). */
  const passport = () => randomBytes(3_633).toString("base64").slice(0, 4_844);
  /** A file as the version before 32 KiB pages made it, migrated, with `n` passport-sized responses. */
  async function olderFile(n: number): Promise<void> {
    const { old } = fileOfVersion(dir, "0009_rebuild_counts");
    old.close();
    const handle = await openDatabase(db);
    try {
      sqliteOf(handle)
        .prepare(
          "insert into surveys (slug, state, created_on) values ('s-old', 'open', '2026-12-01')",
        )
        .run();
      const writer = new ResponseWriter(handle);
      for (let i = 0; i < n; i++) {
        expect(
          await writer.store({ id: randomUUID(), slug: "s-old", ciphertext: passport() }),
        ).toBe("stored");
      }
    } finally {
      await closeDatabase(handle);
    }
  }
  /** The page size in the file's header (sqlite.org/fileformat2.html), read off its bytes. */
  const headerPageSize = () => readFileSync(db).readUInt16BE(16);
  const responses = (handle: Database.Database) =>
    handle.prepare(`select id, ciphertext from (${STORED_RESPONSES}) order by id`).all();

  it("gives a file made before 32 KiB pages, every response kept, and the next one in one row", async () => {
    await olderFile(30);
    expect(headerPageSize()).toBe(4_096);
    const before = new Database(db);
    const stored = responses(before);
    before.close();
    expect(stored).toHaveLength(30);

    expect(await cli("repage", "--db", db)).toEqual({
      code: 0,
      stdout: `${db}: 4096-byte pages, now 32768\n`,
      stderr: "",
    });
    expect(headerPageSize()).toBe(32_768);
    const handle = await openDatabase(db);
    try {
      const sqlite = sqliteOf(handle);
      expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(responses(sqlite)).toEqual(stored);
      const id = randomUUID();
      expect(
        await new ResponseWriter(handle).store({ id, slug: "s-old", ciphertext: passport() }),
      ).toBe("stored");
      expect(
        sqlite.prepare("select count(*) from response_parts where id = ?").pluck().get(id),
      ).toBe(1);
    } finally {
      await closeDatabase(handle);
    }
    expect(await cli("repage", "--db", db)).toEqual({
      code: 0,
      stdout: `${db} already has 32768-byte pages\n`,
      stderr: "",
    });
  });

  it("refuses while the server holds the file, and leaves the file as it was", async () => {
    await olderFile(3);
    const running = await openDatabase(db);
    try {
      const result = await cli("repage", "--db", db);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`${db} is in use: stop the server, then run repage again\n`);
      expect(headerPageSize()).toBe(4_096);
      expect(responses(sqliteOf(running))).toHaveLength(3);
    } finally {
      await closeDatabase(running);
    }
  });

  it("says there is no database, and that PostgreSQL has nothing to repage", async () => {
    expect(await cli("repage", "--db", join(dir, "none.db"))).toMatchObject({
      code: 1,
      stderr: `no database at ${join(dir, "none.db")}\n`,
    });
    const postgres = await cli("repage", "--db", "postgres://voz@localhost/voz");
    expect(postgres.code).toBe(1);
    expect(postgres.stderr).toContain("PostgreSQL has nothing to repage");
  });
});
