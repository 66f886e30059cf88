import { createHash, randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { type Db, transaction } from "./client";
import { invitationCodes, surveys } from "./schema";

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
 * Spends a code inside the caller's transaction. Only a flag changes on an existing row, so
 * the stored data holds no trace of when, or by which response, it was spent.
 */
export async function spendCode(tx: Db, slug: string, code: string): Promise<boolean> {
  const spent = await tx
    .update(invitationCodes)
    .set({ spent: true })
    .where(
      and(
        eq(invitationCodes.slug, slug),
        eq(invitationCodes.codeHash, hashCode(slug, code)),
        eq(invitationCodes.spent, false),
      ),
    )
    .returning({ slug: invitationCodes.slug });
  return spent.length === 1;
}
