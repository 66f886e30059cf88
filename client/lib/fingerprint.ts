// Key fingerprints people can check (DESIGN §9.9, SPEC §B). Pure: the respondent page, the
// workspace, the poster (server) and tests all compute the same strings here.
//
// - A survey link carries `#k=` + the survey key's fingerprint; the respondent page refuses to
//   seal to a key whose fingerprint differs, so whoever can write the database cannot quietly
//   redirect respondents who arrive by such a link to a key of their own.
// - A member's key is shown as a few words two people compare once, like a safety number, so a
//   public key swapped in the database is seen before a survey key is sealed to it.
import { fromBase64, lib } from "./crypto";

/** Bytes of BLAKE2b-256 kept in a link: 128 bits, far past any second-preimage search. */
const LINK_BYTES = 16;
/** The link fragment's parameter name. */
export const FINGERPRINT_PARAM = "k";
/** Words per member key: 6 × 11 bits = 66 bits a key-grinding attacker must match. */
export const SAFETY_WORD_COUNT = 6;
/** Every word list is the 2048 words of a BIP-39 list: 11 bits per word. */
const WORD_BITS = 11;

function digest(publicKey: string): Uint8Array | null {
  const raw = fromBase64(publicKey);
  const s = lib();
  if (raw?.length !== s.crypto_box_PUBLICKEYBYTES) return null;
  return s.crypto_generichash(32, raw, null);
}

/**
 * The `#k=` value of a survey public key (standard base64): base64url without padding of the
 * first 16 bytes of BLAKE2b-256 of the raw 32-byte key. null for anything that is not one.
 */
export function surveyKeyFingerprint(publicKey: string): string | null {
  const hash = digest(publicKey);
  if (!hash) return null;
  const s = lib();
  return s.to_base64(hash.subarray(0, LINK_BYTES), s.base64_variants.URLSAFE_NO_PADDING);
}

/** `url` with the key's fingerprint in its fragment; the fragment never reaches a server. */
export function linkWithFingerprint(url: string, publicKey: string): string {
  const fingerprint = surveyKeyFingerprint(publicKey);
  if (!fingerprint) throw new Error("not a survey public key");
  return `${url.replace(/#.*$/, "")}#${FINGERPRINT_PARAM}=${fingerprint}`;
}

/**
 * The fingerprint a link's fragment carries ("#k=…", possibly among other `&`-separated
 * parameters); undefined when it carries none, null when it carries one that is malformed.
 */
export function fingerprintInFragment(fragment: string): string | null | undefined {
  const params = new URLSearchParams(fragment.replace(/^#/, ""));
  const value = params.get(FINGERPRINT_PARAM);
  if (value === null) return undefined;
  return /^[A-Za-z0-9_-]{22}$/.test(value) ? value : null;
}

export type FingerprintCheck =
  | { ok: true; checked: boolean }
  | { ok: false; reason: "mismatch" | "malformed" };

/**
 * What the respondent page asks before sealing: does the key it was served match the link?
 * A link without `#k=` passes unchecked (`checked: false`), so older links keep working.
 */
export function checkSurveyKey(fragment: string, publicKey: string): FingerprintCheck {
  const expected = fingerprintInFragment(fragment);
  if (expected === undefined) return { ok: true, checked: false };
  if (expected === null) return { ok: false, reason: "malformed" };
  return surveyKeyFingerprint(publicKey) === expected
    ? { ok: true, checked: true }
    : { ok: false, reason: "mismatch" };
}

/** The word-list indices of a member public key: the first 66 bits of its BLAKE2b-256. */
export function safetyWordIndices(publicKey: string): number[] | null {
  const hash = digest(publicKey);
  if (!hash) return null;
  const indices: number[] = [];
  for (let word = 0; word < SAFETY_WORD_COUNT; word++) {
    let index = 0;
    for (let bit = word * WORD_BITS; bit < (word + 1) * WORD_BITS; bit++) {
      const byte = hash[bit >> 3] as number;
      index = (index << 1) | ((byte >> (7 - (bit & 7))) & 1);
    }
    indices.push(index);
  }
  return indices;
}

/**
 * A member key's safety words in one language's list (2048 words, BIP-39 order). Both people
 * must look at the same language: the words differ between lists, the indices do not.
 */
export function safetyWords(publicKey: string, wordlist: readonly string[]): string[] | null {
  if (wordlist.length !== 1 << WORD_BITS) throw new Error("a safety word list has 2048 words");
  return safetyWordIndices(publicKey)?.map((i) => wordlist[i] as string) ?? null;
}
