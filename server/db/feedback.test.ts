// Upgrading: a database file written by the version before the feedback channel must open
// with the current code (openDatabase migrates on open) and keep everything it held. And on
// disk, a stored message leaves no frame in SQLite's log, where frames keep commit order.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fileOfVersion } from "../../test/migrations";
import { findMemberById } from "./accounts";
import { closeDatabase, openDatabase, sqliteOf } from "./client";
import { channelMembers, storeMessage } from "./feedback";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("migrating a database from before the feedback channel", () => {
  it("adds the feedback tables and the safeguarding role, and keeps members and responses", async () => {
    dir = mkdtempSync(join(tmpdir(), "voz-upgrade-"));
    const { path, old } = fileOfVersion(dir, "0000_init");
    old.exec(`
      insert into organizations values ('org1', 'Red de Apoyo', '2026-01-05');
      insert into members (id, org_id, email, password_hash, role, public_key, wrapped_key)
        values ('m1', 'org1', 'owner@a.example', 'scrypt$x', 'owner', 'pk', '{}');
      insert into surveys (slug, org_id, state, created_on) values ('s-one', 'org1', 'open', '2026-01-05');
      insert into responses values ('r1', 's-one', 'sealed-bytes', '2026-01-06');
    `);
    const before = old.prepare("select name from sqlite_master where type = 'table'").all();
    expect(JSON.stringify(before)).not.toContain("feedback");
    old.close();

    const db = await openDatabase(path);
    try {
      expect(await findMemberById(db, "m1")).toMatchObject({
        email: "owner@a.example",
        safeguarding: false,
      });
      expect(await channelMembers(db, "org1")).toEqual([
        {
          id: "m1",
          name: null,
          email: "owner@a.example",
          role: "owner",
          safeguarding: false,
          publicKey: "pk",
        },
      ]);
      expect(sqliteOf(db).prepare("select ciphertext from response_parts").all()).toEqual([
        { ciphertext: "sealed-bytes" },
      ]);
      for (const table of ["feedback_messages", "feedback_replies"]) {
        const { sql } = sqliteOf(db)
          .prepare("select sql from sqlite_master where name = ?")
          .get(table) as { sql: string };
        expect(sql).toContain("WITHOUT ROWID");
      }
      const { sql } = sqliteOf(db)
        .prepare("select sql from sqlite_master where name = 'response_parts'")
        .get() as { sql: string };
      expect(sql).toContain("WITHOUT ROWID");
    } finally {
      await closeDatabase(db);
    }
    // Opening again applies nothing twice.
    await closeDatabase(await openDatabase(path));
  });
});

describe("a new database", () => {
  it("keeps messages and replies in WITHOUT ROWID tables, so the file does not show arrival order", async () => {
    dir = mkdtempSync(join(tmpdir(), "voz-feedback-"));
    const db = await openDatabase(join(dir, "voz.db"));
    try {
      for (const table of ["feedback_messages", "feedback_replies"]) {
        const { sql } = sqliteOf(db)
          .prepare("select sql from sqlite_master where name = ?")
          .get(table) as { sql: string };
        expect(sql).toContain("WITHOUT ROWID");
      }
    } finally {
      await closeDatabase(db);
    }
  });
});

describe("a feedback message on SQLite", () => {
  it("leaves nothing in the write-ahead log, where frames lie in commit order", async () => {
    dir = mkdtempSync(join(tmpdir(), "voz-feedback-wal-"));
    const path = join(dir, "voz.db");
    const db = await openDatabase(path);
    try {
      sqliteOf(db).exec(`
        insert into organizations values ('org1', 'Red de Apoyo', '2026-01-05');
        insert into feedback_channels (slug, org_id, public_key, sensitive_public_key, frame, created_on)
          values ('red', 'org1', 'pk', 'spk', '[]', '2026-01-05');
      `);
      const sealed = ["first", "second"].map((n) => `sealed-${n}-${"x".repeat(64)}`);
      for (const [i, ciphertext] of sealed.entries()) {
        const message = { id: `m${i}`, slug: "red", sensitive: false, ciphertext, lookup: `l${i}` };
        expect(await storeMessage(db, message)).toBe("stored");
      }
      // Read off the disk, as someone holding a copy of the files would.
      const wal = existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0);
      for (const ciphertext of sealed) expect(wal.includes(ciphertext)).toBe(false);
      expect(readFileSync(path).includes(sealed[1] as string)).toBe(true);
    } finally {
      await closeDatabase(db);
    }
  });
});
