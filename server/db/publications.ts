import { and, desc, eq, isNull, lt, max, min, or } from "drizzle-orm";
import type { Publication } from "../../client/lib/publication";
import { type Db, transaction } from "./client";
import {
  feedbackChannels,
  feedbackPublications,
  publications,
  responseDays,
  surveys,
} from "./tables";

/** One publication as the log keeps it: every one ever stored, withdrawn ones included. */
export interface PublicationRecord {
  number: number;
  /** The §7 publication as the coordinator sent it (primary/secondary marks included). */
  publication: Publication;
  /** What was stored: the publication itself, or for feedback `{publication, statements}`. */
  body: unknown;
  /** YYYY-MM. */
  publishedOn: string;
  withdrawn: boolean;
}

/** What the public page of a survey or channel shows now. */
export type Shown =
  | { state: "none" }
  /** DESIGN §8: withdrawing shows no results; it never falls back to an earlier publication. */
  | { state: "withdrawn"; number: number }
  | { state: "published"; number: number; body: unknown; publishedOn: string };

export type StoreResult =
  | { ok: true; number: number }
  /** Another publication was stored after the one the gate checked against: check again. */
  | { ok: false; reason: "conflict" };

type LogTable = typeof publications | typeof feedbackPublications;
type OwnerTable = typeof surveys | typeof feedbackChannels;

/**
 * Survey results and feedback counts are published alike: numbered per slug, dated by month,
 * every one kept (DESIGN §8's attacker saved them all), the newest one shown unless withdrawn.
 * `owner` is the table that keeps the slug's k floor; `publicationOf` finds the §7 publication
 * in a stored body.
 */
function publicationLog(
  table: LogTable,
  owner: OwnerTable,
  publicationOf: (body: unknown) => Publication,
) {
  const newest = async (db: Db, slug: string) => {
    const [row] = await db
      .select()
      .from(table)
      .where(eq(table.slug, slug))
      .orderBy(desc(table.number))
      .limit(1);
    return row;
  };

  return {
    /**
     * Stores a publication as number `after + 1`, where `after` is the newest number the gate
     * checked this one against, and raises the slug's k floor to the publication's k. If
     * another publication took that number meanwhile, nothing is stored.
     */
    async store(
      db: Db,
      slug: string,
      body: unknown,
      after: number,
      now = new Date(),
    ): Promise<StoreResult> {
      const k = publicationOf(body).k;
      return transaction(db, async (tx): Promise<StoreResult> => {
        const inserted = await tx
          .insert(table)
          .values({
            slug,
            number: after + 1,
            body: JSON.stringify(body),
            publishedOn: now.toISOString().slice(0, 7),
          })
          .onConflictDoNothing()
          .returning({ number: table.number });
        const number = inserted[0]?.number;
        if (number === undefined) return { ok: false, reason: "conflict" };
        await tx
          .update(owner)
          .set({ publicationK: k })
          .where(
            and(eq(owner.slug, slug), or(isNull(owner.publicationK), lt(owner.publicationK, k))),
          );
        return { ok: true, number };
      });
    },

    async shown(db: Db, slug: string): Promise<Shown> {
      const row = await newest(db, slug);
      if (!row) return { state: "none" };
      if (row.withdrawn) return { state: "withdrawn", number: row.number };
      return {
        state: "published",
        number: row.number,
        body: JSON.parse(row.body),
        publishedOn: row.publishedOn,
      };
    },

    /** Withdraws the newest publication; the public page then shows no results at all. */
    async withdraw(db: Db, slug: string): Promise<number | undefined> {
      return transaction(db, async (tx) => {
        const row = await newest(tx, slug);
        if (!row || row.withdrawn) return undefined;
        await tx
          .update(table)
          .set({ withdrawn: true })
          .where(and(eq(table.slug, slug), eq(table.number, row.number)));
        return row.number;
      });
    },

    /** Every publication ever stored for the slug, in the order they were published. */
    async history(db: Db, slug: string): Promise<PublicationRecord[]> {
      const rows = await db.select().from(table).where(eq(table.slug, slug)).orderBy(table.number);
      return rows.map((row) => {
        const body: unknown = JSON.parse(row.body);
        return {
          number: row.number,
          publication: publicationOf(body),
          body,
          publishedOn: row.publishedOn,
          withdrawn: row.withdrawn,
        };
      });
    },

    /** The k the slug's publications are held to; null before the first one. */
    async storedK(db: Db, slug: string): Promise<number | null> {
      const [row] = await db
        .select({ k: owner.publicationK })
        .from(owner)
        .where(eq(owner.slug, slug));
      return row?.k ?? null;
    },
  };
}

// Bodies were validated by the gate before they were stored.
const surveyLog = publicationLog(publications, surveys, (body) => body as Publication);
export const storePublication = surveyLog.store;
export const shownPublication = surveyLog.shown;
export const withdrawPublication = surveyLog.withdraw;
export const publicationHistory = surveyLog.history;
export const surveyPublicationK = surveyLog.storedK;

const feedbackLog = publicationLog(
  feedbackPublications,
  feedbackChannels,
  (body) => (body as { publication: Publication }).publication,
);
export const storeFeedbackPublication = feedbackLog.store;
export const shownFeedbackPublication = feedbackLog.shown;
export const withdrawFeedbackPublication = feedbackLog.withdraw;
export const feedbackPublicationHistory = feedbackLog.history;
export const channelPublicationK = feedbackLog.storedK;

/** First and last month with responses, YYYY-MM: what the methodology note may say. */
export async function collectionMonths(
  db: Db,
  slug: string,
): Promise<{ from: string; to: string } | null> {
  const [row] = await db
    .select({ from: min(responseDays.day), to: max(responseDays.day) })
    .from(responseDays)
    .where(eq(responseDays.slug, slug));
  if (!row?.from || !row.to) return null;
  return { from: row.from.slice(0, 7), to: row.to.slice(0, 7) };
}
