import { and, count, eq, gt, sql } from "drizzle-orm";
import { type Db, today, transaction } from "./client";
import { spendCode } from "./codes";
import { responses, surveys } from "./schema";

export interface NewResponse {
  id: string;
  slug: string;
  ciphertext: string;
  /** The invitation code, for surveys that require one. Never stored with the response. */
  code?: string | undefined;
}

/**
 * `stored` and `duplicate` both mean the ciphertext is safely kept; `conflict` means another
 * response holds the id; `over_cap` means the survey's daily cap is reached; `code_required`
 * and `code_invalid` (unknown or already spent) concern surveys that take invitation codes.
 */
export type StoreResult =
  | "stored"
  | "duplicate"
  | "conflict"
  | "over_cap"
  | "code_required"
  | "code_invalid";

/**
 * Stores a response once. A retry of the same id with the same survey and ciphertext is a
 * duplicate (the client lost our answer) and is never refused, even over the cap; anything
 * else under a known id is a conflict.
 */
export function storeResponse(db: Db, response: NewResponse): Promise<StoreResult> {
  const q = hotQueries(db);
  return transaction(db, async (tx): Promise<StoreResult> => {
    const [existing] = await q.existing.execute({ id: response.id });
    if (existing) {
      const same = existing.slug === response.slug && existing.ciphertext === response.ciphertext;
      return same ? "duplicate" : "conflict";
    }
    const receivedOn = today();
    const [survey] = await q.survey.execute({ slug: response.slug });
    const cap = survey?.cap;
    if (cap != null) {
      const [stored] = await q.storedOn.execute({ slug: response.slug, day: receivedOn });
      if ((stored?.n ?? 0) >= cap) return "over_cap";
    }
    if (survey?.requiresCode) {
      if (!response.code) return "code_required";
      // Same transaction: the code is spent if and only if the response is stored.
      if (!(await spendCode(tx, response.slug, response.code))) return "code_invalid";
    }
    const { id, slug, ciphertext } = response;
    await q.insert.execute({ id, slug, ciphertext, receivedOn });
    return "stored";
  });
}

/**
 * The submission path's queries, built once per database: building drizzle SQL on every
 * request was a tenth of a submission's CPU (bench:ingest profile). Still portable drizzle.
 */
const prepared = new WeakMap<object, ReturnType<typeof prepareHotQueries>>();

function hotQueries(db: Db) {
  // By connection: a transaction's handle runs on the same one.
  let queries = prepared.get(db.$client);
  if (!queries) {
    queries = prepareHotQueries(db);
    prepared.set(db.$client, queries);
  }
  return queries;
}

function prepareHotQueries(db: Db) {
  return {
    existing: db
      .select({ slug: responses.slug, ciphertext: responses.ciphertext })
      .from(responses)
      .where(eq(responses.id, sql.placeholder("id")))
      .prepare(),
    survey: db
      .select({ cap: surveys.maxResponsesPerDay, requiresCode: surveys.requiresCode })
      .from(surveys)
      .where(eq(surveys.slug, sql.placeholder("slug")))
      .prepare(),
    storedOn: db
      .select({ n: count() })
      .from(responses)
      .where(
        and(
          eq(responses.slug, sql.placeholder("slug")),
          eq(responses.receivedOn, sql.placeholder("day")),
        ),
      )
      .prepare(),
    insert: db
      .insert(responses)
      .values({
        id: sql.placeholder("id"),
        slug: sql.placeholder("slug"),
        ciphertext: sql.placeholder("ciphertext"),
        receivedOn: sql.placeholder("receivedOn"),
      })
      .prepare(),
  };
}

/**
 * Group commit. With `synchronous=FULL` every commit waits for the disk (bench:ingest: about
 * 2,000–3,000 commits/s here, the whole budget of a busy server). Submissions that arrive
 * while one commit is on disk are stored together in the next transaction, one savepoint
 * each, so one fsync acknowledges many; every promise still settles only after the commit that
 * holds its row, so a 201 keeps the promise of README "What we promise".
 */
export class ResponseWriter {
  private waiting: {
    response: NewResponse;
    resolve: (result: StoreResult) => void;
    reject: (error: unknown) => void;
  }[] = [];

  constructor(private readonly db: Db) {}

  store(response: NewResponse): Promise<StoreResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ response, resolve, reject });
      // After the I/O phase: every request already readable joins this batch.
      if (this.waiting.length === 1) setImmediate(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    const outcomes: ({ ok: true; result: StoreResult } | { ok: false; error: unknown })[] = [];
    try {
      await transaction(this.db, async (tx) => {
        for (const { response } of batch) {
          // Nested: a savepoint, so one failure undoes only its row.
          try {
            outcomes.push({ ok: true, result: await storeResponse(tx, response) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.result);
      else item.reject(outcome?.error);
    });
  }
}

export interface StoredResponse {
  id: string;
  ciphertext: string;
  receivedOn: string;
}

/**
 * One page of a survey's responses, in order of their random ids: paging through them says
 * nothing about who answered before whom.
 */
export async function responsePage(
  db: Db,
  slug: string,
  after: string,
  limit: number,
): Promise<StoredResponse[]> {
  return db
    .select({
      id: responses.id,
      ciphertext: responses.ciphertext,
      receivedOn: responses.receivedOn,
    })
    .from(responses)
    .where(and(eq(responses.slug, slug), gt(responses.id, after)))
    .orderBy(responses.id)
    .limit(limit);
}

/**
 * Every response of a survey, page by page in order of their random ids: memory stays bounded
 * by one page however many there are (`cli tabulate` reads a million this way).
 */
export async function* responsePages(
  db: Db,
  slug: string,
  size = 1000,
): AsyncGenerator<StoredResponse[]> {
  let after = "";
  for (;;) {
    const page = await responsePage(db, slug, after, size);
    if (page.length === 0) return;
    yield page;
    after = (page.at(-1) as StoredResponse).id;
  }
}
