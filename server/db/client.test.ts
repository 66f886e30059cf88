// The transaction seam: one SQLite connection serves every request, and a transaction's awaits
// let other requests run while it is open. These tests interleave transactions on purpose.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase, sqliteOf, transaction } from "./client";
import { organizations } from "./tables";

let dir = "";
let db: Db;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "voz-tx-"));
  db = await openDatabase(join(dir, "voz.db"));
});
afterEach(async () => {
  await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const names = () =>
  sqliteOf(db).prepare("select name from organizations order by name").pluck().all() as string[];

const insert = (tx: Db, name: string) =>
  tx.insert(organizations).values({ id: name, name, createdOn: "2026-01-01" });

describe("transaction", () => {
  it("runs transactions started together one after the other, never inside each other", async () => {
    const seen: string[][] = [];
    const work = (name: string) =>
      transaction(db, async (tx) => {
        await insert(tx, `${name}-1`);
        // Yields to the event loop: the other transaction must not start meanwhile.
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(
          (await tx.select({ name: organizations.name }).from(organizations)).map((r) => r.name),
        );
        await insert(tx, `${name}-2`);
      });
    await Promise.all([work("a"), work("b")]);
    expect(seen[0]).toEqual(["a-1"]);
    expect(seen[1]?.sort()).toEqual(["a-1", "a-2", "b-1"]);
    expect(names()).toEqual(["a-1", "a-2", "b-1", "b-2"]);
  });

  it("undoes everything on a throw and lets the next transaction run", async () => {
    const failing = transaction(db, async (tx) => {
      await insert(tx, "lost");
      throw new Error("bug");
    });
    const next = transaction(db, (tx) => insert(tx, "kept"));
    await expect(failing).rejects.toThrow("bug");
    await next;
    expect(names()).toEqual(["kept"]);
    expect(sqliteOf(db).inTransaction).toBe(false);
  });

  it("nests as a savepoint: an inner throw undoes only the inner work", async () => {
    await transaction(db, async (tx) => {
      await insert(tx, "outer");
      await expect(
        transaction(tx, async (inner) => {
          await insert(inner, "inner");
          throw new Error("inner bug");
        }),
      ).rejects.toThrow("inner bug");
      await transaction(tx, (inner) => insert(inner, "second"));
    });
    expect(names()).toEqual(["outer", "second"]);
  });

  it("settles only after the commit: the row is readable by another connection", async () => {
    await transaction(db, (tx) => insert(tx, "durable"));
    const other = await openDatabase(join(dir, "voz.db"));
    try {
      const rows = await other.select().from(organizations).where(eq(organizations.id, "durable"));
      expect(rows).toHaveLength(1);
    } finally {
      await closeDatabase(other);
    }
  });
});
