// Back up while respondents keep writing, restore into a fresh server, open every response.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { open, openKey, seal } from "../client/lib/crypto";
import { createApp } from "../server/app";
import { closeDatabase, openDatabase, sqliteOf } from "../server/db/client";
import { runCli } from "./cli";
import { STORED_RESPONSES, seedSurvey, startServer, type TestServer } from "./harness";

const SLUG = "passport-access";
let server: TestServer;
let dir: string;

beforeAll(async () => {
  // One test client sends hundreds of responses: far over the per-client limit, on purpose.
  server = await startServer({ submissionLimit: { limit: 100_000, windowMs: 60_000 } });
  dir = mkdtempSync(join(tmpdir(), "voz-backup-"));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function send(acknowledged: Map<string, string>): Promise<void> {
  const id = crypto.randomUUID();
  const ciphertext = seal(
    {
      v: 1,
      survey: SLUG,
      version: 1,
      answers: { country: "ec", age_group: "45_59", gender: "woman" },
    },
    server.keys[SLUG]?.publicKey ?? "",
    seedSurvey(SLUG),
  );
  const res = await fetch(`${server.url}/api/surveys/${SLUG}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id, ciphertext }),
  });
  if (res.status === 201) acknowledged.set(id, ciphertext);
}

describe("online backup", () => {
  it("copies a consistent database under write load, and the restored copy opens every response", async () => {
    const beforeBackup = new Map<string, string>();
    for (let i = 0; i < 200; i++) await send(beforeBackup);

    const during = new Map<string, string>();
    let writing = true;
    const load = (async () => {
      while (writing) await send(during);
    })();
    const backupFile = join(dir, "backup.db");
    const backup = await runCli(["backup", backupFile, "--db", server.dbPath]);
    expect(backup.code).toBe(0);
    writing = false;
    await load;
    expect(backup.stdout).toContain(backupFile);
    expect(during.size).toBeGreaterThan(0);

    // Restore = put the copy where the server expects its database, and start it.
    const restoredPath = join(dir, "restored.db");
    copyFileSync(backupFile, restoredPath);
    const db = await openDatabase(restoredPath);
    try {
      expect(sqliteOf(db).pragma("integrity_check", { simple: true })).toBe("ok");
      const app = createApp({ db, log: () => {} });
      expect((await app.request(`/api/surveys/${SLUG}`)).status).toBe(200);
      const rows = sqliteOf(db)
        .prepare(`select id, ciphertext from (${STORED_RESPONSES})`)
        .all() as {
        id: string;
        ciphertext: string;
      }[];
      const restored = new Map(rows.map((r) => [r.id, r.ciphertext]));
      for (const [id, ciphertext] of beforeBackup) expect(restored.get(id)).toBe(ciphertext);
      // Whatever arrived during the backup is either wholly in the copy or not at all.
      for (const [id, ciphertext] of restored) {
        expect(beforeBackup.get(id) ?? during.get(id)).toBe(ciphertext);
      }
      const key = openKey(server.keys[SLUG] ?? { publicKey: "", secretKey: "" });
      if (!key) throw new Error("test key did not decode");
      const survey = seedSurvey(SLUG);
      expect(rows.every((r) => open(r.ciphertext, key, survey).ok)).toBe(true);
    } finally {
      await closeDatabase(db);
    }
  }, 60_000);

  it("refuses to overwrite an existing file", async () => {
    const target = join(dir, "exists.db");
    copyFileSync(server.dbPath, target);
    const refused = await runCli(["backup", target, "--db", server.dbPath]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("refusing to overwrite");
  });

  it("says to use pg_dump when the database is PostgreSQL, and writes nothing", async () => {
    const target = join(dir, "pg.db");
    const refused = await runCli(["backup", target, "--db", "postgres://voz@db.invalid/voz"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("pg_dump");
    expect(existsSync(target)).toBe(false);
  });
});
