import { eq } from "drizzle-orm";
import { type Db, today } from "./client";
import { responses } from "./schema";

export interface NewResponse {
  id: string;
  slug: string;
  ciphertext: string;
}

/** `stored` and `duplicate` both mean the ciphertext is safely kept; `conflict` means not. */
export type StoreResult = "stored" | "duplicate" | "conflict";

/**
 * Stores a response once. A retry of the same id with the same survey and ciphertext is a
 * duplicate (the client lost our answer); anything else under a known id is a conflict.
 */
export function storeResponse(db: Db, response: NewResponse): StoreResult {
  const inserted = db
    .insert(responses)
    .values({ ...response, receivedOn: today() })
    .onConflictDoNothing({ target: responses.id })
    .run();
  if (inserted.changes === 1) return "stored";
  const existing = db
    .select({ slug: responses.slug, ciphertext: responses.ciphertext })
    .from(responses)
    .where(eq(responses.id, response.id))
    .get();
  return existing?.slug === response.slug && existing.ciphertext === response.ciphertext
    ? "duplicate"
    : "conflict";
}

export interface StoredResponse {
  id: string;
  ciphertext: string;
  receivedOn: string;
}

/**
 * A survey's responses by day, then by random id — so the order says nothing about who
 * answered before whom within a day.
 */
export function responsesOf(db: Db, slug: string): StoredResponse[] {
  return db
    .select({
      id: responses.id,
      ciphertext: responses.ciphertext,
      receivedOn: responses.receivedOn,
    })
    .from(responses)
    .where(eq(responses.slug, slug))
    .orderBy(responses.receivedOn, responses.id)
    .all();
}
