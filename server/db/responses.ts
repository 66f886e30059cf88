// Storing responses so that nothing on disk orders them by arrival (DESIGN §9.7, issue 13):
// rows keyed by random ids, every part small enough for one page, the daily counts apart, a
// spent invitation code deleted, the write-ahead log cut to nothing after every commit, and the
// file rebuilt in key order as it grows (on PostgreSQL, its tables rewritten so).
// test/arrival-order.test.ts and test/arrival-order.postgres.test.ts read the bytes on disk to
// check it.
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { type Db, forgetArrivalOrder, statementScope, today, transaction } from "./client";
import { spendCode } from "./codes";
import { connectionOf } from "./connection";
import { holdOffRewrites } from "./postgres-rewrite";
import { batchThreadOf, sqliteRebuildUnderWay } from "./sqlite";
import { responseDays, responseParts, surveys } from "./tables";

export interface NewResponse {
  id: string;
  slug: string;
  ciphertext: string;
  /** The invitation code, for surveys that require one. Never stored with the response. */
  code?: string | undefined;
}

/**
 * `stored` and `duplicate` both mean the ciphertext is safely kept; `conflict` means another
 * response of the survey holds the id; `over_cap` means the survey's daily cap is reached;
 * `code_required` and `code_invalid` (unknown or already spent) concern surveys that take
 * invitation codes; `unknown_survey` means the survey was deleted after the route found it (a
 * survey nobody had answered yet: server/db/workspace.ts deleteSurvey).
 */
export type StoreResult =
  | "stored"
  | "duplicate"
  | "conflict"
  | "over_cap"
  | "code_required"
  | "code_invalid"
  | "unknown_survey";

/**
 * Characters of ciphertext per part on a SQLite file whose pages are `pageSize` bytes. A row of a
 * WITHOUT ROWID table keeps at most ((pageSize − 12) × 64 / 255) − 23 bytes on its page
 * (sqlite.org/fileformat2.html, "maxLocal": 1,002 on 4 KiB pages, 8,198 on 32 KiB); the rest
 * would go to overflow pages allocated at the end of the file in arrival order. 242 bytes are left
 * for the part's other columns (a 64-character slug at most, two 36-character keys, the day, the
 * record's header): 760 characters on 4 KiB pages (files made before the twenty-second session),
 * 7,956 on the 32 KiB of a new file (sqlite.ts SQLITE_PAGE_SIZE).
 */
export const sqlitePartChars = (pageSize: number) =>
  Math.floor(((pageSize - 12) * 64) / 255) - 23 - 242;

/**
 * The key of part n > 0: looks random, so the parts of one response land on unrelated pages, and
 * is computed from the id, so reading a response needs no index. It starts with the id's first
 * two characters, so every part lies in its response's stretch of ids (idRanges): a reader of a
 * stretch takes all its rows in one pass in key order (responsePages) instead of a lookup at a
 * random place in the whole table per part. Within the stretch, a 256th of the file, the parts
 * still scatter like unrelated rows (test/arrival-order.test.ts).
 */
export function partKey(id: string, part: number): string {
  const hash = createHash("sha256").update(`voz-part/1\n${id}\n${part}`).digest("hex");
  return id.slice(0, 2) + hash.slice(2, 32);
}

const sqliteParts = new WeakMap<object, number>();

/**
 * Characters per part on a connection's database. PostgreSQL keeps a whole ciphertext in one row:
 * its heap is written in the order of commits whatever the rows look like (docs/promises.md), so
 * parts there hid nothing and cost a row and an index entry each (bench:ingest: 0.56 of the bare
 * server with seven parts per response). SQLite's follow the file's page size, read once.
 */
export function partChars(db: Db): number {
  const connection = connectionOf(db);
  if (connection.dialect !== "sqlite") return Number.POSITIVE_INFINITY;
  let chars = sqliteParts.get(connection.sqlite);
  if (chars === undefined) {
    chars = sqlitePartChars(connection.sqlite.pragma("page_size", { simple: true }) as number);
    sqliteParts.set(connection.sqlite, chars);
  }
  return chars;
}

const partCount = (ciphertext: string, chars: number) =>
  Math.max(1, Math.ceil(ciphertext.length / chars));

/**
 * The rows a response is stored as, in parts of `chars` characters: part 0 keyed by the id, the
 * others by partKey.
 */
export function partsOf(id: string, ciphertext: string, chars: number) {
  const parts = partCount(ciphertext, chars);
  return Array.from({ length: parts }, (_, part) => ({
    key: part === 0 ? id : partKey(id, part),
    part,
    parts,
    slice: parts === 1 ? ciphertext : ciphertext.slice(part * chars, (part + 1) * chars),
  }));
}

/** What storing a response must know of its survey, read once per survey and batch. */
type Limits = { cap: number | null; requiresCode: boolean } | undefined;

/**
 * Stores a response once, in its own transaction (a savepoint inside the caller's). A retry of
 * the same id with the same ciphertext is a duplicate (the client lost our answer) and is never
 * refused, even over the cap; another ciphertext under a stored id of the same survey is a
 * conflict. Several instances may store into one PostgreSQL database at once (issue 17): the
 * day's count is taken first, and its row lock makes them store a survey's responses one after
 * the other, so two never both take the last place under the cap, spend one code twice, or
 * store one id twice; one that waited sees what the other committed.
 *
 * Four statements (savepoint, count, every part in one insert, release), and only a refusal
 * reads what is stored. Batches take this path only when storeTogether cannot take them whole.
 */
function storeResponse(
  db: Db,
  response: NewResponse,
  day: string,
  limits: Limits,
): Promise<StoreResult> {
  const { id, slug, ciphertext, code } = response;
  return transaction(db, async (tx): Promise<StoreResult> => {
    const q = hotQueries(tx);
    const asStored = async (): Promise<StoreResult | undefined> => {
      const existing = await readResponse(q, slug, id);
      if (existing === undefined) return undefined;
      return existing === ciphertext ? "duplicate" : "conflict";
    };
    if (limits?.requiresCode && !code) return (await asStored()) ?? "code_required";
    const [counted] = await q.countResponses.execute({ slug, day, n: 1 });
    if (limits?.cap != null && (counted?.n ?? 0) > limits.cap) {
      throw new Refused((await asStored()) ?? "over_cap");
    }
    // The code is spent if and only if the response is stored.
    if (limits?.requiresCode && !(await spendCode(tx, slug, code ?? ""))) {
      throw new Refused((await asStored()) ?? "code_invalid");
    }
    const inserted = await insertResponses(tx, [response], day);
    // Part 0 taken: stored before (a retry), by this instance or another whose commit the
    // count's lock waited for; or another response's id.
    if (!inserted.has(id)) throw new Refused((await asStored()) ?? "conflict");
    if (inserted.size !== partCount(ciphertext, partChars(db))) {
      throw new Error(`a part key of ${id} in ${slug} is taken`);
    }
    return "stored";
  }).catch((error: unknown) => {
    // The savepoint is rolled back: the count, the code and the parts are as they were.
    if (error instanceof Refused) return error.result;
    throw error;
  });
}

/**
 * Stores a batch's new responses to one survey together, or none of them: the day's count
 * taken once for all (the same row lock as storeResponse, so instances still take turns), then
 * every part in as few inserts as the drivers' parameter limits allow. Four statements for the
 * whole group instead of four per response (bench:ingest: on PostgreSQL each is a round trip).
 * False, with nothing changed, when the group needs storeResponse's care: a survey that takes
 * invitation codes, a cap the group would pass, or an id already stored (a retry, a conflict).
 */
async function storeTogether(
  db: Db,
  group: NewResponse[],
  day: string,
  limits: Limits,
): Promise<boolean> {
  const slug = group[0]?.slug;
  if (slug === undefined || limits === undefined || limits.requiresCode) return false;
  return transaction(db, async (tx) => {
    const [counted] = await hotQueries(tx).countResponses.execute({ slug, day, n: group.length });
    if (limits.cap != null && (counted?.n ?? 0) > limits.cap) throw new Refused("over_cap");
    const inserted = await insertResponses(tx, group, day);
    const chars = partChars(db);
    const parts = group.reduce((sum, r) => sum + partCount(r.ciphertext, chars), 0);
    if (inserted.size !== parts) throw new Refused("conflict");
    return true;
  }).catch((error: unknown) => {
    // Rolled back to the group's savepoint; storeResponse says which response was refused why.
    if (error instanceof Refused) return false;
    throw error;
  });
}

/** A response refused after its savepoint changed something: thrown to roll that back. */
class Refused extends Error {
  constructor(readonly result: StoreResult) {
    super(result);
  }
}

type HotQueries = ReturnType<typeof prepareHotQueries>;

/**
 * Responses per insert: 32 passport responses of 7 parts bind 1,568 parameters, far below
 * SQLite's 32,766 and PostgreSQL's 65,535 even for the longest surveys.
 */
const RESPONSES_PER_INSERT = 32;

/**
 * Inserts every part of `responses` (of one survey), in their order, skipping keys already
 * taken; returns the keys inserted.
 */
async function insertResponses(
  db: Db,
  responses: NewResponse[],
  day: string,
): Promise<Set<string>> {
  const inserted = new Set<string>();
  const chars = partChars(db);
  for (let at = 0; at < responses.length; at += RESPONSES_PER_INSERT) {
    const chunk = responses.slice(at, at + RESPONSES_PER_INSERT);
    const values: Record<string, string> = { slug: chunk[0]?.slug ?? "", day };
    const shape = chunk.map(({ id, ciphertext }, r) => {
      const parts = partsOf(id, ciphertext, chars);
      values[`id${r}`] = id;
      for (const { key, part, slice } of parts) {
        values[`key${r}_${part}`] = key;
        values[`ciphertext${r}_${part}`] = slice;
      }
      return parts.length;
    });
    for (const row of await insertParts(db, shape).execute(values)) inserted.add(row.key);
  }
  return inserted;
}

/** Inserts by their shape (parts of each response), built once per driver connection. */
const partInserts = new WeakMap<object, Map<string, ReturnType<typeof prepareInsertParts>>>();

function insertParts(db: Db, shape: number[]) {
  let byShape = partInserts.get(statementScope(db));
  if (!byShape) {
    byShape = new Map();
    partInserts.set(statementScope(db), byShape);
  }
  // PostgreSQL keeps 63 characters of a statement's name: a digest names any shape in fewer.
  const digest = createHash("sha256").update(shape.join(",")).digest("hex").slice(0, 16);
  const name = `voz_insert_parts_${digest}`;
  let insert = byShape.get(name);
  if (!insert) {
    insert = prepareInsertParts(db, shape, name);
    byShape.set(name, insert);
  }
  return insert;
}

function prepareInsertParts(db: Db, shape: number[], name: string) {
  return db
    .insert(responseParts)
    .values(
      shape.flatMap((parts, r) =>
        Array.from({ length: parts }, (_, part) => ({
          slug: sql.placeholder("slug"),
          key: sql.placeholder(`key${r}_${part}`),
          id: sql.placeholder(`id${r}`),
          part,
          parts,
          ciphertext: sql.placeholder(`ciphertext${r}_${part}`),
          receivedOn: sql.placeholder("day"),
        })),
      ),
    )
    .onConflictDoNothing()
    .returning({ key: responseParts.key })
    .prepare(name);
}

/** The whole ciphertext of a stored response, or undefined: read part by part, by key. */
export const storedCiphertext = (db: Db, slug: string, id: string) =>
  readResponse(hotQueries(db), slug, id);

async function readResponse(q: HotQueries, slug: string, id: string): Promise<string | undefined> {
  const [first] = await q.part.execute({ slug, key: id });
  if (first?.part !== 0) return undefined;
  let ciphertext = first.ciphertext;
  for (let part = 1; part < first.parts; part++) {
    const [next] = await q.part.execute({ slug, key: partKey(id, part) });
    ciphertext += next?.ciphertext ?? "";
  }
  return ciphertext;
}

/**
 * The submission path's queries, built once per driver connection (client.ts statementScope):
 * building drizzle SQL on every request was a tenth of a submission's CPU (bench:ingest
 * profile). Still portable drizzle.
 */
const prepared = new WeakMap<object, HotQueries>();

function hotQueries(db: Db): HotQueries {
  let queries = prepared.get(statementScope(db));
  if (!queries) {
    queries = prepareHotQueries(db);
    prepared.set(statementScope(db), queries);
  }
  return queries;
}

function prepareHotQueries(db: Db) {
  return {
    part: db
      .select({
        part: responseParts.part,
        parts: responseParts.parts,
        ciphertext: responseParts.ciphertext,
      })
      .from(responseParts)
      .where(
        and(
          eq(responseParts.slug, sql.placeholder("slug")),
          eq(responseParts.key, sql.placeholder("key")),
        ),
      )
      .prepare("voz_response_part"),
    survey: db
      .select({ cap: surveys.maxResponsesPerDay, requiresCode: surveys.requiresCode })
      .from(surveys)
      .where(eq(surveys.slug, sql.placeholder("slug")))
      .prepare("voz_survey_limits"),
    countResponses: db
      .insert(responseDays)
      .values({
        slug: sql.placeholder("slug"),
        day: sql.placeholder("day"),
        responses: sql.placeholder("n"),
      })
      .onConflictDoUpdate({
        target: [responseDays.slug, responseDays.day],
        set: { responses: sql`${responseDays.responses} + ${sql.placeholder("n")}` },
      })
      .returning({ n: responseDays.responses })
      .prepare("voz_count_responses"),
  };
}

/**
 * Group commit. With `synchronous=FULL` every commit waits for the disk (bench:ingest: about
 * 2,000–3,000 commits/s here, the whole budget of a busy server). Submissions that arrive
 * while one commit is on disk are stored together in the next transaction, one savepoint
 * each, so one fsync acknowledges many; every promise still settles only after the commit that
 * holds its row, so a 201 keeps the promise of docs/promises.md. After the commit, and before
 * any promise settles, the write-ahead log is emptied into the file: once a 201 is sent, no log
 * frame on disk says which response came before which. The file is rebuilt in key order when
 * it has grown enough, on the batch thread in the pauses between batches (batch-worker.ts). On
 * PostgreSQL the same rule rewrites the tables instead, after the 201s (postgres-rewrite.ts),
 * and the server's own log stays.
 */
export class ResponseWriter {
  private waiting: {
    response: NewResponse;
    resolve: (result: StoreResult) => void;
    reject: (error: unknown) => void;
  }[] = [];

  /**
   * One batch at a time: what arrives while a batch is stored joins the next one, whole. Batches
   * that each queued behind the one before paid a commit and a checkpoint each for a few
   * responses (bench:ingest: batches of 2–20 of 50 connections in flight; one at a time, 1.5×
   * the responses per second).
   */
  private flushing = false;

  constructor(private readonly db: Db) {
    // A rebuild a stopped process left under way goes on as soon as the server is up (its
    // batch thread steps it while idle), not with the first response after the restart: until
    // it ends, the old tables keep the order in which their rows came.
    const connection = connectionOf(db);
    if (connection.dialect === "sqlite" && sqliteRebuildUnderWay(connection)) {
      batchThread(db)?.isReady();
    }
  }

  store(response: NewResponse): Promise<StoreResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ response, resolve, reject });
      // After the I/O phase: every request already readable joins this batch.
      if (this.waiting.length === 1 && !this.flushing) setImmediate(() => this.flush());
    });
  }

  /**
   * The next batch is handed to the database as soon as this one is committed, before this
   * one's promises settle: its 201s are then written while the next batch is stored. Started
   * after them (the next I/O phase, as until the twenty-second session), the batch thread sat
   * idle while the request thread wrote them (bench:ingest on SQLite: 1.26–1.31 times the
   * responses per second, p99 medians 42 and 45 ms against 52 and 60, docs/measured/ingest.md).
   */
  private async flush(): Promise<void> {
    this.flushing = true;
    let handed = false;
    const handOver = () => {
      if (handed) return;
      handed = true;
      this.flushing = false;
      if (this.waiting.length > 0) void this.flush();
    };
    try {
      await this.flushOnce(handOver);
    } finally {
      handOver();
    }
  }

  private async flushOnce(handOver: () => void): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    // In survey and id order, not arrival order: rows are written in an order that says nothing
    // about who came first. Instances sharing a PostgreSQL database lock the daily counts in
    // that one order too — one day per batch, so a batch that runs across midnight cannot take
    // a survey's new day before another's old one — and so wait for each other, never in a
    // circle.
    const order = batch
      .map((item, i) => ({ ...item.response, i }))
      .sort((a, b) => compare(a.slug, b.slug) || compare(a.id, b.id));
    for (let attempt = 1; ; attempt++) {
      try {
        const outcomes = await commitBatch(this.db, order, today());
        // None came while it was stored: a pause, where the batch thread may take the rebuild's
        // steps (batch-worker.ts), told before any 201 can bring the next response. Never
        // between batches that come back to back.
        if (this.waiting.length === 0) batchThread(this.db)?.idle();
        handOver();
        batch.forEach((item, i) => {
          const outcome = outcomes[i];
          if (outcome?.ok) item.resolve(outcome.result);
          else item.reject(outcome?.error);
        });
        return;
      } catch (error) {
        // PostgreSQL undid the whole batch (a deadlock with a transaction that locks in another
        // order, or a serialization failure under a stricter isolation level): nothing of it is
        // stored or acknowledged, so the same batch runs again.
        if (!(attempt < BATCH_ATTEMPTS && isTransient(error))) {
          for (const item of batch) item.reject(error);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }
}

const BATCH_ATTEMPTS = 5;

/** A response of a batch, with its place in the batch as it arrived. */
export type Queued = NewResponse & { i: number };

export type Outcome = { ok: true; result: StoreResult } | { ok: false; error: unknown };

/** A batch in the order it is stored, and the day it is counted under. */
export interface Batch {
  order: Queued[];
  day: string;
}

const BATCH_WORKER = new URL("./batch-worker.ts", import.meta.url);

/** A SQLite file's batch thread (batch-thread.ts); none for PostgreSQL or a file in memory. */
function batchThread(db: Db) {
  const connection = connectionOf(db);
  return connection.dialect === "sqlite"
    ? batchThreadOf<Batch, Outcome[]>(connection, BATCH_WORKER)
    : undefined;
}

/**
 * Stores a batch, commits, and forgets the arrival order the commit left on disk (client.ts
 * forgetArrivalOrder). A SQLite file does it on its batch thread once that has started
 * (batch-thread.ts), holding the connection's lock meanwhile so the request thread's own
 * transactions wait their turn, and before the next batch; there the rebuild's steps wait for
 * a pause (batch-worker.ts). PostgreSQL's rewrite runs on a connection of its own
 * (postgres-rewrite.ts) while this batch is answered and the next ones stored: they wait only
 * for its swap.
 */
async function commitBatch(db: Db, order: Queued[], day: string): Promise<Outcome[]> {
  const connection = connectionOf(db);
  const thread = batchThread(db);
  if (connection.dialect === "sqlite" && thread?.isReady()) {
    return connection.lock.run(() => thread.run({ order, day }));
  }
  const outcomes = await storeBatch(db, order, day);
  await forgetArrivalOrder(db);
  return outcomes;
}

/**
 * Stores a batch in one transaction; throws only what undoes all of it. Each survey's responses
 * are stored together when they can be (storeTogether), else one by one.
 */
export function storeBatch(db: Db, order: Queued[], day: string): Promise<Outcome[]> {
  return transaction(db, async (tx) => {
    await holdOffRewrites(tx);
    const outcomes: Outcome[] = [];
    // `order` is sorted by survey: each survey's responses are one stretch of it.
    for (let start = 0; start < order.length; ) {
      const slug = (order[start] as Queued).slug;
      let end = start;
      while (end < order.length && (order[end] as Queued).slug === slug) end++;
      const group = order.slice(start, end);
      start = end;
      const [limits]: Limits[] = await hotQueries(tx).survey.execute({ slug });
      if (limits === undefined) {
        for (const { i } of group) outcomes[i] = { ok: true, result: "unknown_survey" };
        continue;
      }
      try {
        if (await storeTogether(tx, group, day, limits)) {
          for (const { i } of group) outcomes[i] = { ok: true, result: "stored" };
          continue;
        }
      } catch (error) {
        // The transaction is lost, not just this group: give up the whole batch now.
        if (isTransient(error)) throw error;
        // Otherwise one response is at fault; storeResponse finds which.
      }
      for (const { i, ...response } of group) {
        // Nested: a savepoint, so one failure undoes only its row.
        try {
          const result = await storeResponse(tx, response, day, limits);
          outcomes[i] = { ok: true, result };
        } catch (error) {
          if (isTransient(error)) throw error;
          // On PostgreSQL the survey can still be deleted after it was read above.
          outcomes[i] = isMissingSurvey(error)
            ? { ok: true, result: "unknown_survey" }
            : { ok: false, error };
        }
      }
    }
    return outcomes;
  });
}

/** Whether the error, or one it wraps (drizzle wraps the driver's), carries one of `codes`. */
function hasCode(error: unknown, codes: readonly string[]): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && codes.includes(code)) return true;
  }
  return false;
}

/** A foreign key broken: what storing into a survey deleted meanwhile breaks, on either database. */
const isMissingSurvey = (error: unknown) =>
  hasCode(error, ["23503", "SQLITE_CONSTRAINT_FOREIGNKEY"]);

/** PostgreSQL's deadlock_detected and serialization_failure: retrying the transaction is right. */
const isTransient = (error: unknown) => hasCode(error, ["40P01", "40001"]);

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
