import { and, desc, eq, max, min } from "drizzle-orm";
import type { Db } from "./client";
import { publications, responses } from "./schema";

export interface StoredPublication {
  number: number;
  /** The publication JSON as the coordinator sent it (primary/secondary marks included). */
  body: unknown;
  publishedOn: string;
}

/** Stores a new publication of a survey; earlier ones stay, withdrawn or superseded. */
export function storePublication(db: Db, slug: string, body: unknown, now = new Date()): number {
  return db.transaction(
    (tx) => {
      const last = tx
        .select({ number: max(publications.number) })
        .from(publications)
        .where(eq(publications.slug, slug))
        .get();
      const number = (last?.number ?? 0) + 1;
      tx.insert(publications)
        .values({
          slug,
          number,
          body: JSON.stringify(body),
          publishedOn: now.toISOString().slice(0, 7),
        })
        .run();
      return number;
    },
    { behavior: "immediate" },
  );
}

/** The newest publication that has not been withdrawn: the one the public page shows. */
export function currentPublication(db: Db, slug: string): StoredPublication | undefined {
  const row = db
    .select()
    .from(publications)
    .where(and(eq(publications.slug, slug), eq(publications.withdrawn, false)))
    .orderBy(desc(publications.number))
    .get();
  return row && { number: row.number, body: JSON.parse(row.body), publishedOn: row.publishedOn };
}

/** Withdraws the current publication; the page then shows the one before it, if any. */
export function withdrawCurrent(db: Db, slug: string): number | undefined {
  const current = currentPublication(db, slug);
  if (!current) return undefined;
  db.update(publications)
    .set({ withdrawn: true })
    .where(and(eq(publications.slug, slug), eq(publications.number, current.number)))
    .run();
  return current.number;
}

/** First and last month with responses, YYYY-MM: what the methodology note may say. */
export function collectionMonths(db: Db, slug: string): { from: string; to: string } | null {
  const row = db
    .select({ from: min(responses.receivedOn), to: max(responses.receivedOn) })
    .from(responses)
    .where(eq(responses.slug, slug))
    .get();
  if (!row?.from || !row.to) return null;
  return { from: row.from.slice(0, 7), to: row.to.slice(0, 7) };
}
