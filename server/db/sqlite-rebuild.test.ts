// The rebuild in steps (sqlite-rebuild.ts) while other writes go on between its steps: whatever
// they store, spend or delete, before or after the row the copy has reached, the tables end up
// holding exactly what they would have without a rebuild, and nothing of it is left behind.
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { spearman } from "../../test/disk";
import { seededDatabase } from "../../test/harness";
import { closeDatabase, type Db, openDatabase, sqliteOf } from "./client";
import { REBUILD_MIN_RESPONSES } from "./rebuilds";
import { ResponseWriter } from "./responses";
import { abandonRebuild, rebuildStep, STEP_ROWS } from "./sqlite-rebuild";

const SLUG = "passport-access";
let db: Db;
let dbPath: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ db, dbPath, cleanup } = await seededDatabase());
});
afterEach(() => cleanup());

/** What the test itself expects each table to hold, keyed as the table is. */
class Expected {
  parts = new Map<string, string>();
  codes = new Set<string>();
  messages = new Map<string, string>();
  replies = new Map<string, string>();

  constructor(private readonly sqlite: Database.Database) {}

  part(key = randomUUID()): string {
    const ciphertext = randomBytes(600).toString("base64");
    this.sqlite
      .prepare(
        "insert into response_parts (slug, key, id, part, parts, ciphertext, received_on) values (?, ?, ?, 0, 1, ?, '2026-12-04')",
      )
      .run(SLUG, key, key, ciphertext);
    this.parts.set(key, ciphertext);
    return key;
  }

  unpart(key: string): void {
    this.sqlite.prepare("delete from response_parts where slug = ? and key = ?").run(SLUG, key);
    this.parts.delete(key);
  }

  /** Deletes a message as the server would: its replies first (their key refers to it). */
  unmessage(id: string): void {
    this.sqlite.prepare("delete from feedback_replies where message_id = ?").run(id);
    this.sqlite.prepare("delete from feedback_messages where id = ?").run(id);
    this.messages.delete(id);
    for (const key of [...this.replies.keys()]) {
      if (key.startsWith(`${id}/`)) this.replies.delete(key);
    }
  }

  code(hash = randomBytes(16).toString("hex")): string {
    this.sqlite
      .prepare("insert into invitation_codes (slug, code_hash) values (?, ?)")
      .run(SLUG, hash);
    this.codes.add(hash);
    return hash;
  }

  spend(hash: string): void {
    this.sqlite
      .prepare("delete from invitation_codes where slug = ? and code_hash = ?")
      .run(SLUG, hash);
    this.codes.delete(hash);
  }

  message(channel: string): void {
    const id = randomUUID();
    const ciphertext = randomBytes(200).toString("base64");
    this.sqlite
      .prepare(
        "insert into feedback_messages (id, slug, sensitive, ciphertext, lookup, month) values (?, ?, 0, ?, ?, '2026-12')",
      )
      .run(id, channel, ciphertext, randomUUID());
    this.messages.set(id, ciphertext);
    for (let number = 1; number <= 2; number++) {
      const reply = randomBytes(100).toString("base64");
      this.sqlite
        .prepare(
          "insert into feedback_replies (message_id, number, ciphertext, day) values (?, ?, ?, '2026-12-04')",
        )
        .run(id, number, reply);
      this.replies.set(`${id}/${number}`, reply);
    }
  }

  /** `n` responses of one part each, in one commit, and counted: a rebuild is due. */
  stored(n: number): string[] {
    const keys = this.sqlite.transaction(() => Array.from({ length: n }, () => this.part()))();
    this.setStored(n);
    return keys;
  }

  /** Counted as the day counts count them: the rebuild is due on these. */
  setStored(responses: number): void {
    this.sqlite
      .prepare(
        "insert into response_days (slug, day, responses) values (?, '2026-12-04', ?) on conflict do update set responses = excluded.responses",
      )
      .run(SLUG, responses);
  }

  check(): void {
    const s = this.sqlite;
    const rows = <T>(query: string) => s.prepare(query).all() as T[];
    expect(
      new Map(
        rows<{ key: string; ciphertext: string }>(
          `select key, ciphertext from response_parts where slug = '${SLUG}' and parts = 1 and part = 0 and received_on = '2026-12-04'`,
        ).map((r) => [r.key, r.ciphertext]),
      ),
    ).toEqual(this.parts);
    expect(
      new Set(
        rows<{ code_hash: string }>(
          `select code_hash from invitation_codes where slug = '${SLUG}'`,
        ).map((r) => r.code_hash),
      ),
    ).toEqual(this.codes);
    expect(
      new Map(
        rows<{ id: string; ciphertext: string }>(
          "select id, ciphertext from feedback_messages",
        ).map((r) => [r.id, r.ciphertext]),
      ),
    ).toEqual(this.messages);
    expect(
      new Map(
        rows<{ message_id: string; number: number; ciphertext: string }>(
          "select message_id, number, ciphertext from feedback_replies",
        ).map((r) => [`${r.message_id}/${r.number}`, r.ciphertext]),
      ),
    ).toEqual(this.replies);
    expect(s.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(s.pragma("foreign_key_check")).toEqual([]);
  }
}

/** Tables and triggers a rebuild makes, which must all be gone once it is done. */
const leftovers = (sqlite: Database.Database) =>
  sqlite
    .prepare(
      "select name from sqlite_master where name like '%rebuild%' or name like '%retired%' or name like '%held%'",
    )
    .pluck()
    .all();

const underWay = (sqlite: Database.Database) => leftovers(sqlite).length > 0;

/** The responses counted when the last rebuild started, as its swap wrote them. */
const rebuiltAt = (sqlite: Database.Database) =>
  sqlite.prepare("select responses from response_rewrites").pluck().get();

function feedbackChannel(sqlite: Database.Database): string {
  sqlite
    .prepare("insert into organizations (id, name, created_on) values ('o1', 'Org', '2026-12-04')")
    .run();
  sqlite
    .prepare(
      "insert into feedback_channels (slug, org_id, public_key, sensitive_public_key, frame, created_on) values ('voices', 'o1', 'k', 'k', '[]', '2026-12-04')",
    )
    .run();
  return "voices";
}

it("loses and keeps nothing it should not while rows are stored, codes spent and rows deleted between its steps", () => {
  const sqlite = sqliteOf(db);
  const expected = new Expected(sqlite);
  const channel = feedbackChannel(sqlite);
  for (let i = 0; i < 5; i++) expected.message(channel);
  const codes = sqlite.transaction(() =>
    Array.from({ length: (3 * STEP_ROWS) / 2 }, () => expected.code()),
  )();
  const parts = expected.stored(3 * STEP_ROWS);

  rebuildStep(sqlite);
  // One step copied STEP_ROWS rows, no more: the rest is left for later commits.
  expect(underWay(sqlite)).toBe(true);
  expect(sqlite.prepare("select count(*) from response_parts_rebuild").pluck().get()).toBe(
    STEP_ROWS,
  );

  // Before and after where the copy stands, rows already copied and rows not yet.
  const sorted = [...parts].sort();
  expected.part("00000000-0000-4000-8000-000000000000");
  expected.part("ffffffff-ffff-4fff-bfff-ffffffffffff");
  expected.unpart(sorted[10] as string);
  expected.unpart(sorted[sorted.length - 10] as string);
  expected.spend(codes[0] as string);

  let steps = 1;
  while (underWay(sqlite)) {
    rebuildStep(sqlite);
    steps++;
    // Between every two steps, as submissions would: a response, a spent code, a deletion, a
    // feedback message with its replies (keys behind and ahead of where the copy stands), and a
    // response past every key (once the parts are all copied, only the triggers can put it).
    expected.part();
    expected.part(`ffffffff-ffff-4fff-bfff-ffffffffffff-${String(steps).padStart(2, "0")}`);
    expected.message(channel);
    expected.code();
    expected.spend([...expected.codes][0] as string);
    expected.unpart([...expected.parts.keys()][steps] as string);
    expect(steps).toBeLessThan(50);
  }
  // 3,000 parts and 1,500 codes copied, then retired, STEP_ROWS a step.
  expect(steps).toBeGreaterThanOrEqual(Math.ceil((2 * (parts.length + codes.length)) / STEP_ROWS));
  expect(leftovers(sqlite)).toEqual([]);
  expect(rebuiltAt(sqlite)).toBe(parts.length);
  expected.check();

  // Not due again until a tenth more have come.
  expected.setStored(parts.length + 299);
  rebuildStep(sqlite);
  expect(underWay(sqlite)).toBe(false);
  expected.setStored(parts.length + 300);
  rebuildStep(sqlite);
  expect(underWay(sqlite)).toBe(true);
});

it("copies feedback in steps like the rest: no step writes more than STEP_ROWS rows, and the schema is left as it was", () => {
  const sqlite = sqliteOf(db);
  const expected = new Expected(sqlite);
  const channel = feedbackChannel(sqlite);
  // 2,000 messages and 4,000 replies: the swap once rewrote them all in its one step.
  sqlite.transaction(() => {
    for (let i = 0; i < 2 * STEP_ROWS; i++) expected.message(channel);
  })();
  expected.stored(STEP_ROWS);
  const schema = () =>
    sqlite
      .prepare("select type, name, tbl_name, sql from sqlite_master order by type, name")
      .all()
      .map((row) => JSON.stringify(row).replace(/[`"\\]/g, ""));
  const before = schema();
  const references = () => sqlite.pragma("foreign_key_list(feedback_replies)");
  const referencesBefore = references();
  const changes = () => sqlite.prepare("select total_changes()").pluck().get() as number;

  let most = 0;
  let steps = 0;
  do {
    const from = changes();
    rebuildStep(sqlite);
    most = Math.max(most, changes() - from);
    steps++;
    // Between steps, as the server would: a new message, and one deleted.
    expected.message(channel);
    expected.unmessage([...expected.messages.keys()][steps] as string);
  } while (underWay(sqlite));
  // The copy's rows, and the progress rows it starts and moves (one per table, at most twice).
  expect(most).toBeLessThanOrEqual(STEP_ROWS + 8);
  expect(steps).toBeGreaterThanOrEqual(Math.ceil((2 * 7 * STEP_ROWS) / STEP_ROWS));
  expected.check();
  expect(references()).toEqual(referencesBefore);
  expect(schema()).toEqual(before);
  // The swap's settings are the connection's again: keys enforced, renames the modern way.
  expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
  expect(sqlite.pragma("legacy_alter_table", { simple: true })).toBe(0);
  expect(leftovers(sqlite)).toEqual([]);
});

it("is due on the feedback messages too: a channel that only takes feedback is rebuilt as they grow", () => {
  const sqlite = sqliteOf(db);
  const expected = new Expected(sqlite);
  const channel = feedbackChannel(sqlite);
  const messagesAt = () =>
    sqlite.prepare("select feedback_messages from response_rewrites").pluck().get();
  for (let i = 0; i < REBUILD_MIN_RESPONSES - 1; i++) expected.message(channel);
  rebuildStep(sqlite);
  expect(underWay(sqlite)).toBe(false);
  expect(messagesAt()).toBe(0);
  expected.message(channel);
  rebuildStep(sqlite);
  // Small: copied, swapped and retired within the one step.
  expect(underWay(sqlite)).toBe(false);
  expect(messagesAt()).toBe(REBUILD_MIN_RESPONSES);
  expect(rebuiltAt(sqlite)).toBe(0);
  expected.check();
  // Counted on from there, apart from the responses: 9 more are not enough, and responses
  // below their own threshold do not add to them.
  for (let i = 0; i < REBUILD_MIN_RESPONSES - 1; i++) expected.message(channel);
  expected.stored(REBUILD_MIN_RESPONSES - 1);
  rebuildStep(sqlite);
  expect(messagesAt()).toBe(REBUILD_MIN_RESPONSES);
  expected.message(channel);
  rebuildStep(sqlite);
  expect(messagesAt()).toBe(2 * REBUILD_MIN_RESPONSES);
  expected.check();
});

it("lays rows out by their keys alone, whatever order they came in", async () => {
  const rows = Array.from({ length: 2 * STEP_ROWS }, () => ({
    key: randomUUID(),
    ciphertext: randomBytes(600).toString("base64"),
  }));
  /** Where each row lies once the file is rebuilt, having come in `order`: read off its bytes. */
  const more = Array.from({ length: STEP_ROWS / 2 }, () => ({
    key: randomUUID(),
    ciphertext: randomBytes(600).toString("base64"),
  }));
  const all = [...rows, ...more];
  /**
   * Where each row lies once the file is rebuilt, having come in `order` (the second rebuild
   * takes its pages from those the first one's retirement freed): read off its bytes.
   */
  const layout = async (order: typeof all, path: string, sqlite: Database.Database) => {
    const insert = sqlite.prepare(
      "insert into response_parts (slug, key, id, part, parts, ciphertext, received_on) values (?, ?, ?, 0, 1, ?, '2026-12-04')",
    );
    const arrive = (some: typeof all) => {
      // A few at a time, as group commits come: pages split as rows arrive.
      for (let i = 0; i < some.length; i += 20) {
        sqlite.transaction(() => {
          for (const row of some.slice(i, i + 20))
            insert.run(SLUG, row.key, row.key, row.ciphertext);
        })();
      }
      new Expected(sqlite).setStored(
        sqlite.prepare("select count(*) from response_parts").pluck().get() as number,
      );
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
      const before = pagesOf(
        readFileSync(path),
        all.slice(0, sqlite.prepare("select count(*) from response_parts").pluck().get() as number),
      );
      do rebuildStep(sqlite);
      while (underWay(sqlite));
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
      return before;
    };
    const first = order.filter((row) => rows.includes(row));
    const before = arrive(first);
    const after = pagesOf(readFileSync(path), rows);
    arrive(order.filter((row) => more.includes(row)));
    return { before, after, again: pagesOf(readFileSync(path), all) };
  };
  const shuffled = [...all].sort(() => Math.random() - 0.5);
  const one = await layout(all, dbPath, sqliteOf(db));
  const other = await seededDatabase();
  try {
    const two = await layout(shuffled, other.dbPath, sqliteOf(other.db));
    // Arrival shows before the rebuild (the two files differ), not after it.
    expect(two.before).not.toEqual(one.before);
    expect(two.after).toEqual(one.after);
    expect(two.again).toEqual(one.again);
  } finally {
    await other.cleanup();
  }
});

it("lays out by their keys the rows that come during a copy ahead of where it stands", async () => {
  const row = (first: string) => ({
    key: `${first}${randomUUID().slice(1)}`,
    ciphertext: randomBytes(600).toString("base64"),
  });
  const hex = "0123456789abcdef";
  const stored = Array.from({ length: 2 * STEP_ROWS }, () => row(hex[randomInt(16)] as string));
  // The first step copies the 1,000 lowest keys of 2,000: it stops near "8". Rows that come then
  // are behind it (0–5) or ahead of it (a–f), never next to where it stands.
  const during = Array.from({ length: STEP_ROWS / 2 }, (_, i) =>
    row(i % 2 === 0 ? (hex[randomInt(6)] as string) : (hex[10 + randomInt(6)] as string)),
  );
  const ahead = during.filter((r) => r.key >= "a");
  const behind = during.filter((r) => r.key < "6");
  /** Where the rows that came during the copy lie once it is done, having come in `order`. */
  const layout = (order: typeof during, path: string, sqlite: Database.Database) => {
    const insert = sqlite.prepare(
      "insert into response_parts (slug, key, id, part, parts, ciphertext, received_on) values (?, ?, ?, 0, 1, ?, '2026-12-04')",
    );
    const arrive = (some: typeof during) => {
      for (let i = 0; i < some.length; i += 20) {
        sqlite.transaction(() => {
          for (const r of some.slice(i, i + 20)) insert.run(SLUG, r.key, r.key, r.ciphertext);
        })();
      }
    };
    arrive(stored);
    new Expected(sqlite).setStored(stored.length);
    rebuildStep(sqlite);
    const after = sqlite
      .prepare("select after from rebuild_progress where name = 'response_parts'")
      .pluck()
      .get() as string;
    expect(JSON.parse(after)[1] > "6" && JSON.parse(after)[1] < "a").toBe(true);
    arrive(order);
    do rebuildStep(sqlite);
    while (underWay(sqlite));
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    const bytes = readFileSync(path);
    return { ahead: pagesOf(bytes, ahead), behind: pagesOf(bytes, behind) };
  };
  const one = layout(during, dbPath, sqliteOf(db));
  const other = await seededDatabase();
  try {
    const two = layout([...during].reverse(), other.dbPath, sqliteOf(other.db));
    // The same pages in both files, up to the few that the two files' interior pages shift (the
    // place of what came behind differs): 0.989–0.995 in three runs, and 0.22–0.41 when the
    // triggers put every row as it came, as until the twenty-first session.
    const alike = (a: number[], b: number[]) => spearman(a.map((page, i) => [page, b[i] ?? -1]));
    expect(alike(one.ahead, two.ahead)).toBeGreaterThan(0.95);
    // Those behind it lie where they came (0.23–0.33): the copy had passed their place.
    expect(alike(one.behind, two.behind)).toBeLessThan(0.9);
  } finally {
    await other.cleanup();
  }
});

/**
 * Each row's page, by its ciphertext (which only the row's own page holds; a key is also a
 * separator above it), as the rank of that page among the rows' pages: files whose other tables
 * differ in size still compare.
 */
function pagesOf(bytes: Buffer, rows: readonly { ciphertext: string }[]): number[] {
  // The file's page size, from its header (sqlite.org/fileformat2.html: 1 stands for 65,536).
  const pageSize = bytes.readUInt16BE(16) === 1 ? 65_536 : bytes.readUInt16BE(16);
  const pages = rows.map(({ ciphertext }) => {
    const at = bytes.indexOf(ciphertext.slice(0, 48));
    expect(at).toBeGreaterThanOrEqual(0);
    // Zeroed when deleted: one copy of each row is left.
    expect(bytes.indexOf(ciphertext.slice(0, 48), at + 1)).toBe(-1);
    return Math.floor(at / pageSize);
  });
  const ranks = new Map(
    [...new Set(pages)].sort((a, b) => a - b).map((page, rank) => [page, rank]),
  );
  return pages.map((page) => ranks.get(page) as number);
}

it("goes on after a restart, from where a stopped process left it", async () => {
  const sqlite = sqliteOf(db);
  const expected = new Expected(sqlite);
  expected.stored(2 * STEP_ROWS);
  rebuildStep(sqlite);
  expect(leftovers(sqlite)).toContain("response_parts_rebuild");
  await closeDatabase(db);
  db = await openDatabase(dbPath);
  try {
    const reopened = sqliteOf(db);
    // Not started again: the copy holds what the first step copied.
    expect(reopened.prepare("select count(*) from response_parts_rebuild").pluck().get()).toBe(
      STEP_ROWS,
    );
    const again = Object.assign(new Expected(reopened), { parts: expected.parts });
    // The triggers kept on: what is stored now reaches the copy too.
    again.part();
    again.setStored(2 * STEP_ROWS + 1);
    while (underWay(reopened)) rebuildStep(reopened);
    expect(rebuiltAt(reopened)).toBe(2 * STEP_ROWS);
    again.check();
  } finally {
    await closeDatabase(db);
  }
});

it("is finished after a restart with no response coming: the server's batch thread steps it", async () => {
  const sqlite = sqliteOf(db);
  const expected = new Expected(sqlite);
  expected.stored(2 * STEP_ROWS);
  rebuildStep(sqlite);
  expect(underWay(sqlite)).toBe(true);
  await closeDatabase(db);
  db = await openDatabase(dbPath);
  // What the server makes when it starts (app.ts); no response is stored through it.
  new ResponseWriter(db);
  try {
    const reopened = sqliteOf(db);
    await expect.poll(() => underWay(reopened), { timeout: 60_000 }).toBe(false);
    expect(rebuiltAt(reopened)).toBe(2 * STEP_ROWS);
    Object.assign(new Expected(reopened), { parts: expected.parts }).check();
  } finally {
    await closeDatabase(db);
  }
}, 90_000);

it("is dropped before migrations, mid-copy or mid-retirement, leaving every row where it was", () => {
  const sqlite = sqliteOf(db);
  const expected = new Expected(sqlite);
  expected.stored(3 * STEP_ROWS);
  rebuildStep(sqlite);
  expect(leftovers(sqlite)).toContain("response_parts_rebuild");
  abandonRebuild(sqlite);
  expect(leftovers(sqlite)).toEqual([]);
  expected.check();
  // Still due: it starts again, and this time is stopped after the swap.
  while (!leftovers(sqlite).includes("response_parts_retired")) rebuildStep(sqlite);
  expected.unpart([...expected.parts.keys()][0] as string);
  abandonRebuild(sqlite);
  expect(leftovers(sqlite)).toEqual([]);
  expect(rebuiltAt(sqlite)).toBe(3 * STEP_ROWS);
  expected.check();
});
