// Group commit (ResponseWriter): submissions that arrive together share one transaction, yet
// each one keeps the outcome it would have had alone, and one failure undoes only its own row.
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seededDatabase } from "../../test/harness";
import type { Db } from "./client";
import { ResponseWriter } from "./responses";

const SLUG = "passport-access";
let db: Db;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ db, cleanup } = await seededDatabase());
});
afterEach(() => cleanup());

const stored = () =>
  db.$client.prepare("select id, ciphertext from responses order by id").all() as {
    id: string;
    ciphertext: string;
  }[];

describe("ResponseWriter", () => {
  it("stores submissions that arrive together, each exactly once", async () => {
    const writer = new ResponseWriter(db);
    const responses = Array.from({ length: 40 }, (_, i) => ({
      id: randomUUID(),
      slug: SLUG,
      ciphertext: Buffer.alloc(48, i).toString("base64"),
    }));
    const results = await Promise.all(responses.map((r) => writer.store(r)));
    expect(results).toEqual(responses.map(() => "stored"));
    expect(stored().map((row) => row.id)).toEqual(responses.map((r) => r.id).sort());
  });

  it("gives a repeat in the same batch `duplicate`, and another body under the id `conflict`", async () => {
    const writer = new ResponseWriter(db);
    const id = randomUUID();
    const first = { id, slug: SLUG, ciphertext: Buffer.alloc(48, 1).toString("base64") };
    const results = await Promise.all([
      writer.store(first),
      writer.store({ ...first }),
      writer.store({ ...first, ciphertext: Buffer.alloc(48, 2).toString("base64") }),
    ]);
    expect(results).toEqual(["stored", "duplicate", "conflict"]);
    expect(stored()).toEqual([{ id, ciphertext: first.ciphertext }]);
  });

  it("rejects only the submission that fails, and commits the others of its batch", async () => {
    const writer = new ResponseWriter(db);
    const good = [randomUUID(), randomUUID()].map((id) => ({
      id,
      slug: SLUG,
      ciphertext: Buffer.alloc(48, 3).toString("base64"),
    }));
    // No such survey: the foreign key makes this insert throw inside the shared transaction.
    const bad = { id: randomUUID(), slug: "no-such-survey", ciphertext: "AAAA" };
    const settled = await Promise.allSettled([
      writer.store(good[0] as (typeof good)[number]),
      writer.store(bad),
      writer.store(good[1] as (typeof good)[number]),
    ]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(stored().map((row) => row.id)).toEqual(good.map((g) => g.id).sort());
  });
});
