import { and, count, eq, gt } from "drizzle-orm";
import { type Db, today } from "./client";
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
export function storeResponse(db: Db, response: NewResponse): StoreResult {
  return db.transaction(
    (tx): StoreResult => {
      const existing = tx
        .select({ slug: responses.slug, ciphertext: responses.ciphertext })
        .from(responses)
        .where(eq(responses.id, response.id))
        .get();
      if (existing) {
        const same = existing.slug === response.slug && existing.ciphertext === response.ciphertext;
        return same ? "duplicate" : "conflict";
      }
      const receivedOn = today();
      const survey = tx
        .select({ cap: surveys.maxResponsesPerDay, requiresCode: surveys.requiresCode })
        .from(surveys)
        .where(eq(surveys.slug, response.slug))
        .get();
      const cap = survey?.cap;
      if (cap != null) {
        const stored = tx
          .select({ n: count() })
          .from(responses)
          .where(and(eq(responses.slug, response.slug), eq(responses.receivedOn, receivedOn)))
          .get();
        if ((stored?.n ?? 0) >= cap) return "over_cap";
      }
      if (survey?.requiresCode) {
        if (!response.code) return "code_required";
        // Same transaction: the code is spent if and only if the response is stored.
        if (!spendCode(tx, response.slug, response.code)) return "code_invalid";
      }
      const { id, slug, ciphertext } = response;
      tx.insert(responses).values({ id, slug, ciphertext, receivedOn }).run();
      return "stored";
    },
    { behavior: "immediate" },
  );
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
export function responsePage(db: Db, slug: string, after: string, limit: number): StoredResponse[] {
  return db
    .select({
      id: responses.id,
      ciphertext: responses.ciphertext,
      receivedOn: responses.receivedOn,
    })
    .from(responses)
    .where(and(eq(responses.slug, slug), gt(responses.id, after)))
    .orderBy(responses.id)
    .limit(limit)
    .all();
}
