// Reading responses back (DESIGN §9.7): a page at a time in order of their random ids, so that
// paging through them says nothing about who answered before whom, each put together from the
// parts responses.ts stored it as; and the counts per day, the only time there is.
import { and, asc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "./client";
import { connectionOf } from "./connection";
import { partKey, storedCiphertext } from "./responses";
import { responseDays, responseParts } from "./tables";

export interface StoredResponse {
  id: string;
  ciphertext: string;
  receivedOn: string;
}

/**
 * A stretch of response ids: those after `after` up to and including `through` (null: to the
 * last). Pages and readers of different stretches never meet.
 */
export interface IdRange {
  after: string;
  through: string | null;
}

/**
 * Every id split into 256 stretches by its first two characters, in id order. Ids are random,
 * so each holds about the same number of responses, and readers can share them out (`cli
 * tabulate` runs one per core). The stretches cover any string, not only the UUIDs we make.
 */
export function idRanges(): IdRange[] {
  const bounds = Array.from({ length: 255 }, (_, i) => (i + 1).toString(16).padStart(2, "0"));
  return [...bounds, null].map((through, i) => ({ after: bounds[i - 1] ?? "", through }));
}

/**
 * Part keys per query: SQLite binds at most 32,766 parameters in a statement and PostgreSQL
 * 65,535, and a few thousand keys per query cost the reader far less than a query per page.
 */
const KEYS_PER_QUERY = 4000;

/**
 * One page of a survey's responses, in order of their random ids: paging through them says
 * nothing about who answered before whom. `after` is the last id of the page before; `through`
 * ends the stretch read (IdRange).
 */
export async function responsePage(
  db: Db,
  slug: string,
  after: string,
  limit: number,
  through: string | null = null,
): Promise<StoredResponse[]> {
  const firsts = await db
    .select({
      id: responseParts.id,
      parts: responseParts.parts,
      ciphertext: responseParts.ciphertext,
      receivedOn: responseParts.receivedOn,
    })
    .from(responseParts)
    .where(
      and(
        eq(responseParts.slug, slug),
        eq(responseParts.part, 0),
        gt(responseParts.key, after),
        through === null ? undefined : lte(responseParts.key, through),
      ),
    )
    .orderBy(asc(responseParts.key))
    .limit(limit);
  // Every other part is a lookup by a random key (partKey): asked for in key order, a query
  // walks the table's pages in order instead of jumping back and forth (twice the parts per
  // second of the same keys unsorted, here).
  const slices = firsts.map((r) => [r.ciphertext, ...Array<string>(r.parts - 1).fill("")]);
  const wanted = new Map<string, { response: number; part: number }>();
  firsts.forEach((r, response) => {
    for (let part = 1; part < r.parts; part++) wanted.set(partKey(r.id, part), { response, part });
  });
  const keys = [...wanted.keys()].sort();
  for (let at = 0; at < keys.length; at += KEYS_PER_QUERY) {
    const rows = await db
      .select({ key: responseParts.key, ciphertext: responseParts.ciphertext })
      .from(responseParts)
      .where(
        and(
          eq(responseParts.slug, slug),
          inArray(responseParts.key, keys.slice(at, at + KEYS_PER_QUERY)),
        ),
      );
    for (const row of rows) {
      const place = wanted.get(row.key);
      if (place) (slices[place.response] as string[])[place.part] = row.ciphertext;
    }
  }
  return firsts.map((r, response) => ({
    id: r.id,
    receivedOn: r.receivedOn,
    ciphertext: (slices[response] as string[]).join(""),
  }));
}

/**
 * Characters at the start of a stored ciphertext that name its sealed box: 44 characters of
 * standard base64 are its first 33 bytes, the box's random 32-byte ephemeral public key and one
 * more. No two sealings share them; copies of one box do.
 */
const SEAL_PREFIX = 44;
const sealOf = sql`substr(${responseParts.ciphertext}, 1, ${sql.raw(String(SEAL_PREFIX))})`;

/**
 * The responses of a survey whose ciphertext begins as another's does (SEAL_PREFIX), whole and
 * in id order: every copy of a sealed box stored under more than one id is among them, and in
 * honest data nothing is. Found by the database in one pass over part 0 of each response, so
 * that a reader who shares the ids out (`cli tabulate`) can leave copies out before it starts:
 * a copy's id can fall in any stretch. Read one at a time: an attacker may have stored many.
 */
export async function* lookalikeResponses(
  db: Db,
  slug: string,
): AsyncGenerator<{ id: string; ciphertext: string }> {
  const firsts = db
    .select({
      id: responseParts.id,
      alike: sql<number>`count(*) over (partition by ${sealOf})`.as("alike"),
    })
    .from(responseParts)
    .where(and(eq(responseParts.slug, slug), eq(responseParts.part, 0)))
    .as("firsts");
  const ids = await db
    .select({ id: firsts.id })
    .from(firsts)
    .where(gt(firsts.alike, 1))
    .orderBy(asc(firsts.id));
  for (const { id } of ids) yield { id, ciphertext: (await storedCiphertext(db, slug, id)) ?? "" };
}

/** Responses per UTC day, oldest first: the only time granularity there is (DESIGN §9.2). */
export async function responsesByDay(
  db: Db,
  slug: string,
): Promise<{ day: string; responses: number }[]> {
  return db
    .select({ day: responseDays.day, responses: responseDays.responses })
    .from(responseDays)
    .where(eq(responseDays.slug, slug))
    .orderBy(asc(responseDays.day));
}

/**
 * Every response of a survey, page by page in order of their random ids (paging says nothing
 * about who answered before whom), a stretch of ids (idRanges) at a time, or only `range` (one
 * of idRanges): `cli tabulate` reads a million this way, a stretch per worker thread at a time.
 *
 * A stretch holds every part of its responses (partKey), so one query puts each response
 * together in the database (string_agg in part order, which SQLite has since 3.44 as
 * PostgreSQL has) and JavaScript makes one string per response, not one per part, and joins
 * nothing (cli tabulate profile: reading the parts as rows and joining them cost 3–5 times the
 * query). On SQLite the rows are streamed, so only a page of responses is held in memory; on
 * PostgreSQL a stretch at once, a 256th of the survey. A response with parts elsewhere (an id
 * shorter than its stretch's bound; a database not upgraded) is read part by part by key.
 */
export async function* responsePages(
  db: Db,
  slug: string,
  size = 1000,
  range?: IdRange,
): AsyncGenerator<StoredResponse[]> {
  for (const stretch of range ? [range] : idRanges()) {
    let page: StoredResponse[] = [];
    for (const [id, rows, first, parts, receivedOn, joined] of await stretchRows(
      db,
      slug,
      stretch,
    )) {
      // Part 0 lies in another stretch: the response is read there.
      if (first !== 0) continue;
      // A part that is gone leaves a ciphertext that does not open: counted as unreadable.
      const ciphertext = rows === parts ? joined : ((await storedCiphertext(db, slug, id)) ?? "");
      page.push({ id, receivedOn, ciphertext });
      if (page.length === size) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }
}

/** A response as a stretch holds it: id, rows held, its first part, parts, day, parts joined. */
type StretchRow = [string, number, number, number, string, string];

/**
 * The responses of a stretch, in id order, each with its parts in this stretch joined. SQLite's
 * rows come one at a time from the driver (drizzle's driver has no iterator; it reads them all
 * and makes an object of each); the query is drizzle's either way.
 */
async function stretchRows(db: Db, slug: string, range: IdRange): Promise<Iterable<StretchRow>> {
  const query = db
    .select({
      id: responseParts.id,
      rows: sql<number>`cast(count(*) as integer)`,
      first: sql<number>`min(${responseParts.part})`,
      parts: sql<number>`max(${responseParts.parts})`,
      receivedOn: sql<string>`max(case when ${responseParts.part} = 0 then ${responseParts.receivedOn} end)`,
      joined: sql<string>`string_agg(${responseParts.ciphertext}, '' order by ${responseParts.part})`,
    })
    .from(responseParts)
    .where(
      and(
        eq(responseParts.slug, slug),
        gt(responseParts.key, range.after),
        range.through === null ? undefined : lte(responseParts.key, range.through),
      ),
    )
    .groupBy(responseParts.id)
    .orderBy(asc(responseParts.id));
  const connection = connectionOf(db);
  if (connection.dialect === "sqlite") {
    const { sql: text, params } = query.toSQL();
    return connection.sqlite
      .prepare<unknown[], StretchRow>(text)
      .raw()
      .iterate(...params);
  }
  return (await query).map(
    (r): StretchRow => [r.id, r.rows, r.first, r.parts, r.receivedOn, r.joined],
  );
}
