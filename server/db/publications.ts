import { and, desc, eq, max, min } from "drizzle-orm";
import { type Db, transaction } from "./client";
import { feedbackPublications, publications, responses } from "./tables";

export interface StoredPublication {
  number: number;
  /** The publication JSON as the coordinator sent it (primary/secondary marks included). */
  body: unknown;
  publishedOn: string;
}

/**
 * Survey results and feedback counts are published alike: numbered per slug, dated by month,
 * earlier ones kept, withdrawable. One log serves both tables, which have the same columns.
 */
function publicationLog(table: typeof publications | typeof feedbackPublications) {
  const current = async (db: Db, slug: string): Promise<StoredPublication | undefined> => {
    const [row] = await db
      .select()
      .from(table)
      .where(and(eq(table.slug, slug), eq(table.withdrawn, false)))
      .orderBy(desc(table.number))
      .limit(1);
    return row && { number: row.number, body: JSON.parse(row.body), publishedOn: row.publishedOn };
  };
  return {
    /** Stores a new publication; earlier ones stay, withdrawn or superseded. */
    store(db: Db, slug: string, body: unknown, now = new Date()): Promise<number> {
      return transaction(db, async (tx) => {
        const [last] = await tx
          .select({ number: max(table.number) })
          .from(table)
          .where(eq(table.slug, slug));
        const number = (last?.number ?? 0) + 1;
        await tx.insert(table).values({
          slug,
          number,
          body: JSON.stringify(body),
          publishedOn: now.toISOString().slice(0, 7),
        });
        return number;
      });
    },
    /** The newest publication that has not been withdrawn: the one the public page shows. */
    current,
    /** Withdraws the current publication; the page then shows the one before it, if any. */
    withdraw(db: Db, slug: string): Promise<number | undefined> {
      return transaction(db, async (tx) => {
        const shown = await current(tx, slug);
        if (!shown) return undefined;
        await tx
          .update(table)
          .set({ withdrawn: true })
          .where(and(eq(table.slug, slug), eq(table.number, shown.number)));
        return shown.number;
      });
    },
  };
}

const surveyLog = publicationLog(publications);
export const storePublication = surveyLog.store;
export const currentPublication = surveyLog.current;
export const withdrawCurrent = surveyLog.withdraw;

const feedbackLog = publicationLog(feedbackPublications);
export const storeFeedbackPublication = feedbackLog.store;
export const currentFeedbackPublication = feedbackLog.current;
export const withdrawCurrentFeedback = feedbackLog.withdraw;

/** First and last month with responses, YYYY-MM: what the methodology note may say. */
export async function collectionMonths(
  db: Db,
  slug: string,
): Promise<{ from: string; to: string } | null> {
  const [row] = await db
    .select({ from: min(responses.receivedOn), to: max(responses.receivedOn) })
    .from(responses)
    .where(eq(responses.slug, slug));
  if (!row?.from || !row.to) return null;
  return { from: row.from.slice(0, 7), to: row.to.slice(0, 7) };
}
