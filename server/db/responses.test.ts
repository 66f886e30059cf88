// Group commit (ResponseWriter): submissions that arrive together share one transaction, yet
// each one keeps the outcome it would have had alone, and one failure undoes only its own row.
// Then how responses are kept (in parts, counted per day) and how v0.1 files are upgraded.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inOneUtcDay, STORED_RESPONSES, seededDatabase } from "../../test/harness";
import { fileOfVersion } from "../../test/migrations";
import { closeDatabase, type Db, openDatabase, sqliteOf, today } from "./client";
import { idRanges, responsePage, responsePages, responsesByDay } from "./response-pages";
import { ResponseWriter } from "./responses";
import { setDailyCap } from "./surveys";

const SLUG = "passport-access";
let db: Db;
let dbPath: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ db, dbPath, cleanup } = await seededDatabase());
});
afterEach(() => cleanup());

const stored = () =>
  sqliteOf(db).prepare(`select id, ciphertext from (${STORED_RESPONSES}) order by id`).all() as {
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

  it("stores submissions that arrive together up to the daily cap, and refuses the rest", async () => {
    await inOneUtcDay();
    await setDailyCap(db, SLUG, 5);
    const writer = new ResponseWriter(db);
    const responses = Array.from({ length: 12 }, (_, i) => ({
      id: randomUUID(),
      slug: SLUG,
      ciphertext: long(i),
    }));
    const results = await Promise.all(responses.map((r) => writer.store(r)));
    expect(results.filter((r) => r === "stored")).toHaveLength(5);
    expect(results.filter((r) => r === "over_cap")).toHaveLength(7);
    expect(stored()).toHaveLength(5);
    expect(await responsesByDay(db, SLUG)).toEqual([{ day: today(), responses: 5 }]);
  });

  it("rejects only the submission that fails, and commits the others of its batch", async () => {
    const writer = new ResponseWriter(db);
    const good = [randomUUID(), randomUUID()].map((id) => ({
      id,
      slug: SLUG,
      ciphertext: Buffer.alloc(48, 3).toString("base64"),
    }));
    // No id: the key's NOT NULL makes this insert throw inside the shared transaction.
    const bad = { id: null as unknown as string, slug: SLUG, ciphertext: "AAAA" };
    const settled = await Promise.allSettled([
      writer.store(good[0] as (typeof good)[number]),
      writer.store(bad),
      writer.store(good[1] as (typeof good)[number]),
    ]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(stored().map((row) => row.id)).toEqual(good.map((g) => g.id).sort());
  });
});

describe("a response for a survey that is gone", () => {
  it("is answered unknown_survey, and the others of its batch are stored", async () => {
    const writer = new ResponseWriter(db);
    const good = {
      id: randomUUID(),
      slug: SLUG,
      ciphertext: Buffer.alloc(48, 4).toString("base64"),
    };
    const gone = { id: randomUUID(), slug: "no-such-survey", ciphertext: "AAAA" };
    expect(await Promise.all([writer.store(good), writer.store(gone)])).toEqual([
      "stored",
      "unknown_survey",
    ]);
    expect(stored().map((row) => row.id)).toEqual([good.id]);
  });
});

/** A ciphertext of 5,336 characters: several parts. */
/** Three parts on a new file's 32 KiB pages (sqlite.ts SQLITE_PAGE_SIZE). */
const long = (fill: number) => Buffer.alloc(12_000, fill).toString("base64");

describe("stored responses", () => {
  it("come back whole, however long, and none spills onto an overflow page", async () => {
    const writer = new ResponseWriter(db);
    const sent = Array.from({ length: 30 }, (_, i) => ({
      id: randomUUID(),
      slug: SLUG,
      ciphertext: i % 3 === 0 ? Buffer.alloc(48, i).toString("base64") : long(i),
    }));
    expect(await Promise.all(sent.map((r) => writer.store(r)))).toEqual(sent.map(() => "stored"));
    const page = await responsePage(db, SLUG, "", 500);
    expect(page.map((r) => [r.id, r.ciphertext])).toEqual(
      sent
        .map((r) => [r.id, r.ciphertext])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const overflow = sqliteOf(db)
      .prepare(
        "select count(*) as n from dbstat where name = 'response_parts' and pagetype = 'overflow'",
      )
      .get();
    expect(overflow).toEqual({ n: 0 });
  });

  it("tell a retry of a long response from another one under its id", async () => {
    const writer = new ResponseWriter(db);
    const first = { id: randomUUID(), slug: SLUG, ciphertext: long(1) };
    expect(await writer.store(first)).toBe("stored");
    expect(await writer.store({ ...first })).toBe("duplicate");
    // Differs only in its last part.
    const tail = `${first.ciphertext.slice(0, -4)}AAA=`;
    expect(await writer.store({ ...first, ciphertext: tail })).toBe("conflict");
    expect(stored()).toEqual([{ id: first.id, ciphertext: first.ciphertext }]);
  });

  it("page through a survey's responses in id order, and are counted per day", async () => {
    await inOneUtcDay();
    const writer = new ResponseWriter(db);
    const ids = Array.from({ length: 7 }, () => randomUUID());
    for (const id of ids) await writer.store({ id, slug: SLUG, ciphertext: long(2) });
    const seen: string[] = [];
    for (let page = await responsePage(db, SLUG, "", 3); page.length > 0; ) {
      seen.push(...page.map((r) => r.id));
      page = await responsePage(db, SLUG, page.at(-1)?.id ?? "", 3);
    }
    expect(seen).toEqual([...ids].sort());
    expect(await responsesByDay(db, SLUG)).toEqual([{ day: today(), responses: 7 }]);
    expect(await responsesByDay(db, "cso-program-awareness")).toEqual([]);
  });

  it("are read exactly once when the ids are shared out in stretches and each is paged through", async () => {
    const writer = new ResponseWriter(db);
    // Ids on and around the stretches' bounds, ids that are not UUIDs, and random ones, each
    // with its own ciphertext of several parts, so a part that went to another response shows.
    const ids = [
      "01",
      "01-",
      "00",
      "0",
      "ff",
      "ff0",
      "fe~",
      "A0",
      "~",
      ...Array.from({ length: 40 }, () => randomUUID()),
    ];
    const sent = new Map(ids.map((id, i) => [id, long(i)]));
    const results = await Promise.all(
      [...sent].map(([id, ciphertext]) => writer.store({ id, slug: SLUG, ciphertext })),
    );
    expect(results.every((r) => r === "stored")).toBe(true);
    const read: [string, string][] = [];
    for (const range of idRanges()) {
      // Pages of 3, not a divisor of what most stretches hold: pages end inside stretches.
      for await (const page of responsePages(db, SLUG, 3, range)) {
        read.push(...page.map((r): [string, string] => [r.id, r.ciphertext]));
      }
    }
    expect(read.length).toBe(ids.length);
    expect(new Map(read)).toEqual(sent);
    // In id order across the stretches too: each stretch follows the one before.
    expect(read.map(([id]) => id)).toEqual([...ids].sort());
  });

  it("keep every part in the stretch of ids of their response, so a stretch is read in one pass", async () => {
    const writer = new ResponseWriter(db);
    for (let i = 0; i < 40; i++) {
      await writer.store({ id: randomUUID(), slug: SLUG, ciphertext: long(i) });
    }
    const stretchOf = (key: string) =>
      idRanges().findIndex((r) => key > r.after && (r.through === null || key <= r.through));
    const rows = sqliteOf(db).prepare("select key, id, part from response_parts").all() as {
      key: string;
      id: string;
      part: number;
    }[];
    expect(rows.filter((r) => r.part > 0).length).toBeGreaterThan(40);
    expect(rows.filter((r) => stretchOf(r.key) !== stretchOf(r.id))).toEqual([]);
  });

  it("leave the write-ahead log empty once the commit that holds them is acknowledged", async () => {
    const writer = new ResponseWriter(db);
    await writer.store({ id: randomUUID(), slug: SLUG, ciphertext: long(3) });
    expect(statSync(`${dbPath}-wal`).size).toBe(0);
  });
});

describe("the parts a response is cut into, sized to the file's pages", () => {
  // The longest slug a survey may have (64 characters) leaves the least room for the ciphertext.
  const LONGEST_SLUG = "s".repeat(64);

  /**
   * Stores one response of each length and reads back, off the file: its page size, how many
   * rows each response became, the longest row's ciphertext, and the overflow pages.
   */
  const storedAs = async (handle: Db, lengths: number[]) => {
    const sqlite = sqliteOf(handle);
    sqlite
      .prepare("insert into surveys (slug, state, created_on) values (?, 'open', '2026-12-05')")
      .run(LONGEST_SLUG);
    const writer = new ResponseWriter(handle);
    const sent = lengths.map((chars) => ({
      id: randomUUID(),
      slug: LONGEST_SLUG,
      ciphertext: randomBytes(chars).toString("base64").slice(0, chars),
    }));
    for (const response of sent) expect(await writer.store(response)).toBe("stored");
    const parts = sqlite
      .prepare(
        "select id, count(*) as n, max(length(ciphertext)) as longest from response_parts where slug = ? group by id",
      )
      .all(LONGEST_SLUG) as { id: string; n: number; longest: number }[];
    return {
      sent,
      pageSize: sqlite.pragma("page_size", { simple: true }),
      rows: sent.map(({ id }) => parts.find((p) => p.id === id)?.n),
      longest: Math.max(...parts.map((p) => p.longest)),
      overflow: sqlite
        .prepare(
          "select count(*) from dbstat where name = 'response_parts' and pagetype = 'overflow'",
        )
        .pluck()
        .get(),
    };
  };

  it("on a new file: 32 KiB pages, a passport response in one row, and no row spills over", async () => {
    // A sealed passport response (4,844 characters), the most one row takes, one more, three rows' worth.
    const { sent, ...layout } = await storedAs(db, [4_844, 7_956, 7_957, 3 * 7_956]);
    expect(layout).toEqual({ pageSize: 32_768, rows: [1, 1, 2, 3], longest: 7_956, overflow: 0 });
    const page = await responsePage(db, LONGEST_SLUG, "", 10);
    expect(new Map(page.map((r) => [r.id, r.ciphertext]))).toEqual(
      new Map(sent.map((r) => [r.id, r.ciphertext])),
    );
  });

  it("on a file an older version made: its 4 KiB pages kept, and parts of 760 characters that fit them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "voz-pages-"));
    try {
      const { path, old } = fileOfVersion(dir, "0009_rebuild_counts");
      old.close();
      const upgraded = await openDatabase(path);
      try {
        const { sent: _, ...layout } = await storedAs(upgraded, [4_844, 760, 761]);
        expect(layout).toEqual({ pageSize: 4_096, rows: [7, 1, 2], longest: 760, overflow: 0 });
      } finally {
        await closeDatabase(upgraded);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("upgrading a database whose part keys do not start with their id's", () => {
  it("reads every response whole, by stretch and by page", async () => {
    const dir = mkdtempSync(join(tmpdir(), "voz-upgrade-"));
    try {
      const { path, old } = fileOfVersion(dir, "0006_feedback_reply_days");
      old.exec(
        "insert into surveys (slug, state, created_on) values ('s-two', 'open', '2026-11-05')",
      );
      // The keys of 0006: sha256 of the id and the part number, its first 32 hex characters.
      const insert = old.prepare("insert into response_parts values ('s-two', ?, ?, ?, ?, ?, ?)");
      const sent = Array.from({ length: 12 }, (_, i) => ({
        id: randomUUID(),
        ciphertext: long(i),
      }));
      for (const { id, ciphertext } of sent) {
        const parts = Math.ceil(ciphertext.length / 760);
        for (let part = 0; part < parts; part++) {
          const key =
            part === 0
              ? id
              : createHash("sha256")
                  .update(`voz-part/1\n${id}\n${part}`)
                  .digest("hex")
                  .slice(0, 32);
          const slice = ciphertext.slice(part * 760, (part + 1) * 760);
          insert.run(key, id, part, parts, slice, "2026-11-06");
        }
      }
      old.close();
      const expected = sent
        .map(({ id, ciphertext }) => ({ id, ciphertext }))
        .sort((a, b) => (a.id < b.id ? -1 : 1));

      const upgraded = await openDatabase(path);
      try {
        const read: { id: string; ciphertext: string }[] = [];
        for await (const page of responsePages(upgraded, "s-two", 5)) {
          read.push(...page.map(({ id, ciphertext }) => ({ id, ciphertext })));
        }
        expect(read).toEqual(expected);
        const page = await responsePage(upgraded, "s-two", "", 20);
        expect(page.map(({ id, ciphertext }) => ({ id, ciphertext }))).toEqual(expected);
        const moved = sqliteOf(upgraded)
          .prepare(
            "select count(*) as n from response_parts where part > 0 and substr(key, 1, 2) <> substr(id, 1, 2)",
          )
          .get();
        expect(moved).toEqual({ n: 0 });
      } finally {
        await closeDatabase(upgraded);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("upgrading a database of v0.1", () => {
  it("keeps every response and unspent code, and leaves no trace of the spent ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), "voz-upgrade-"));
    try {
      const { path, old } = fileOfVersion(dir, "0003_team");
      const spentHash = `spent-${randomUUID()}`;
      const shortOne = Buffer.alloc(304, 7).toString("base64");
      const longOne = long(8);
      old.exec(`
        insert into surveys (slug, state, created_on) values ('s-one', 'open', '2026-01-05');
        insert into responses values ('${randomUUID()}', 's-one', '${shortOne}', '2026-01-06');
        insert into responses values ('${randomUUID()}', 's-one', '${longOne}', '2026-01-07');
        insert into responses values ('${randomUUID()}', 's-one', '${shortOne}', '2026-01-07');
        insert into invitation_codes values ('s-one', '${spentHash}', 1), ('s-one', 'open-code', 0);
      `);
      const before = old.prepare("select id, ciphertext from responses order by id").all();
      old.close();

      const upgraded = await openDatabase(path);
      try {
        const page = await responsePage(upgraded, "s-one", "", 10);
        expect(page.map(({ id, ciphertext }) => ({ id, ciphertext }))).toEqual(before);
        expect(await responsesByDay(upgraded, "s-one")).toEqual([
          { day: "2026-01-06", responses: 1 },
          { day: "2026-01-07", responses: 2 },
        ]);
        expect(sqliteOf(upgraded).prepare("select * from invitation_codes").all()).toEqual([
          { slug: "s-one", code_hash: "open-code" },
        ]);
      } finally {
        await closeDatabase(upgraded);
      }
      // secure_delete zeroed the old tables' pages: the spent code is nowhere in the file.
      expect(readFileSync(path).includes(spentHash)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
