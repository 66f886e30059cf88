import { createHash, randomInt } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { type Db, transaction } from "./client";
import { invitationCodes, surveys } from "./tables";

// Crockford base32: no I, L, O or U, so a code read from paper or an SMS survives.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH = 10; // 50 bits: guessing one of 10,000 codes takes ~10^11 tries.

/** Upper case, no separators, and the letters people confuse with digits read as digits. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

function hashCode(slug: string, code: string): string {
  return createHash("sha256")
    .update(`voz-code/1\n${slug}\n${normalizeCode(code)}`)
    .digest("base64");
}

/** Makes `count` new codes, turns the requirement on, and returns the codes shown once. */
export function createCodes(db: Db, slug: string, count: number): Promise<string[] | null> {
  const codes = Array.from({ length: count }, () => {
    const raw = Array.from(
      { length: CODE_LENGTH },
      () => ALPHABET[randomInt(ALPHABET.length)],
    ).join("");
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  return transaction(db, async (tx) => {
    const updated = await tx
      .update(surveys)
      .set({ requiresCode: true })
      .where(eq(surveys.slug, slug))
      .returning({ slug: surveys.slug });
    if (updated.length === 0) return null;
    for (const code of codes) {
      await tx
        .insert(invitationCodes)
        .values({ slug, codeHash: hashCode(slug, code) })
        .onConflictDoNothing();
    }
    return codes;
  });
}

/**
 * Spends a code inside the caller's transaction by deleting its row: with secure_delete on
 * (client.ts) its bytes are zeroed, so the file holds no trace of when, or for which response,
 * it was spent. A spent code and one never issued are alike from then on.
 */
export async function spendCode(tx: Db, slug: string, code: string): Promise<boolean> {
  const spent = await tx
    .delete(invitationCodes)
    .where(and(eq(invitationCodes.slug, slug), eq(invitationCodes.codeHash, hashCode(slug, code))))
    .returning({ slug: invitationCodes.slug });
  return spent.length === 1;
}

/** How many codes of the survey are still unspent: the workspace shows it, never the codes. */
export async function unspentCodes(db: Db, slug: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(invitationCodes)
    .where(eq(invitationCodes.slug, slug));
  return row?.n ?? 0;
}

/** Turns the code requirement on or off; the codes made so far stay valid. */
export async function setCodesRequired(db: Db, slug: string, required: boolean): Promise<void> {
  await transaction(db, (tx) =>
    tx.update(surveys).set({ requiresCode: required }).where(eq(surveys.slug, slug)),
  );
}
