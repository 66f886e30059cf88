// The feedback channel's shared vocabulary (issue 8), free of libsodium so that the server
// can validate and gate what it stores without importing code that opens anything (DESIGN §2).
import { BLOCK_SIZE, base64Length } from "./envelope";

export const CATEGORIES = ["question", "suggestion", "complaint", "thanks", "sensitive"] as const;
export type Category = (typeof CATEGORIES)[number];

/** What a person may write, and a member reply; pages check them before libsodium loads. */
export const MESSAGE_MAX_LENGTH = 4000;
export const REPLY_MAX_LENGTH = 4000;

// Characters that show nothing: zod's trim() keeps zero-width spaces, joiners, direction marks
// and the byte-order mark, so a message of only those was "sent" empty (QA, 5 December). Listed
// by hand because the respondent bundle targets ES2017, which has no \p{…} classes.
const INVISIBLE =
  /[\s\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]/g;

/** How many characters of `text` a reader can see: none means nothing was written. */
export const visibleLength = (text: string): number => text.replace(INVISIBLE, "").length;

/** YYYY-MM: the finest time kept about a message. */
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** ISO 3166 alpha-2, lower case, as in the seed surveys; a country is never free text. */
export const COUNTRY = /^[a-z]{2}$/;
/**
 * The countries a message may name (the feedback form lists these), and so the country axis of
 * every publication: fixed, never taken from the messages (DESIGN §8 "axes").
 */
export const FEEDBACK_COUNTRIES = [
  "ar",
  "bo",
  "br",
  "cl",
  "co",
  "cr",
  "do",
  "ec",
  "gy",
  "ht",
  "mx",
  "pa",
  "pe",
  "py",
  "tt",
  "us",
  "uy",
  "ve",
] as const;
export type FeedbackCountry = (typeof FEEDBACK_COUNTRIES)[number];
/** replyLookup(code): hex BLAKE2b-256. */
export const LOOKUP = /^[0-9a-f]{64}$/;

/** secretbox adds a nonce (24) and a MAC (16) to the padded reply (client/lib/feedback.ts). */
const REPLY_OVERHEAD = 24 + 16;
/** 64 blocks hold a reply of 4000 characters in any script. */
const REPLY_MAX_BLOCKS = 64;

/** True when the text could be an encrypted reply: standard base64 of whole padded blocks. */
export function looksLikeReply(ciphertext: string): boolean {
  const length = base64Length(ciphertext);
  if (length === null) return false;
  const blocks = (length - REPLY_OVERHEAD) / BLOCK_SIZE;
  return Number.isInteger(blocks) && blocks >= 1 && blocks <= REPLY_MAX_BLOCKS;
}
