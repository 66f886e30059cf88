// The envelope's size arithmetic (DESIGN §4, §9.8), free of libsodium so the server can check
// the shape and length of a ciphertext without importing anything that could open one.
//
// Every response to one survey version has one length (issue 13 item 6): the plaintext is
// padded (ISO/IEC 7816-4) to a size no answers can outgrow, computed from the definition, so a
// ciphertext's length says which version it answers and nothing about the answers.
import type { AnswerableQuestion, Survey } from "../../surveys/schema";

export const BLOCK_SIZE = 256;
/** crypto_box_seal adds an ephemeral public key (32) and a MAC (16). */
export const SEAL_OVERHEAD = 48;

/**
 * A search for one character outside the alphabet, not a match of the whole string: on 5 KB
 * responses as JSON.parse gives them, each a new string, `^[A-Za-z0-9+/]*={0,2}$` took 25 µs
 * and this 3 µs (bench:ingest profile: 5 % of a submission's CPU).
 */
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;

/**
 * Bytes in a standard base64 string, or null if it is not one: a length that is a multiple of
 * 4, the alphabet, and = only as the last one or two characters.
 */
export function base64Length(text: string): number | null {
  if (text.length % 4 !== 0 || NOT_BASE64.test(text)) return null;
  const firstPad = text.indexOf("=");
  const padding = firstPad === -1 ? 0 : text.length - firstPad;
  if (padding > 2 || (padding === 2 && text[text.length - 1] !== "=")) return null;
  return (text.length / 4) * 3 - padding;
}

/** True when the text could be a padded, sealed envelope: whole blocks plus the seal. */
export function looksSealed(ciphertext: string): boolean {
  const length = base64Length(ciphertext);
  return (
    length !== null &&
    length >= BLOCK_SIZE + SEAL_OVERHEAD &&
    (length - SEAL_OVERHEAD) % BLOCK_SIZE === 0
  );
}

/**
 * The longest JSON of a number (ECMAScript Number::toString): 17 significant digits after
 * "0." and five zeros (values down to 1e-6 are not written with an exponent), and a sign.
 */
const NUMBER_JSON_BYTES = 25;
/**
 * UTF-8 bytes of one UTF-16 unit of a text answer inside JSON, once the page has cleaned it
 * (client/respondent/form.ts `cleanText`: no control character but tab and line breaks, no lone
 * surrogate): a BMP character takes 3, a pair 4 for two units, an escape (\n, \", \\) 2.
 */
const TEXT_BYTES_PER_UNIT = 3;
/** The answer rules' limit for a text without maxLength (client/lib/answers.ts). */
const DEFAULT_TEXT_LENGTH = 10_000;

/**
 * A text answer as the page seals it: a control character other than tab and line breaks
 * becomes a space, a lone surrogate U+FFFD — one unit for one, so the length rules see the same
 * text — and no unit then takes more than TEXT_BYTES_PER_UNIT bytes in the envelope's JSON.
 */
export function cleanText(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) out += " ";
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        out += text.slice(i, i + 2);
        i++;
      } else out += "\ufffd";
    } else if (unit >= 0xdc00 && unit <= 0xdfff) out += "\ufffd";
    else out += text[i];
  }
  return out;
}

/** JSON of an id: ids and option ids are [a-z0-9_], so nothing is escaped. */
const quoted = (id: string) => id.length + 2;

/** `"YYYY-MM"`: a month question's answer. */
const MONTH_JSON_BYTES = 9;

/** The most bytes one question's answer can take in the envelope's JSON. */
function maxAnswerBytes(question: AnswerableQuestion): number {
  switch (question.type) {
    case "single":
      return Math.max(...question.options.map((o) => quoted(o.id)));
    case "multi":
      // Every option at once: more than any allowed answer, never less.
      return (
        2 + question.options.reduce((sum, o) => sum + quoted(o.id), 0) + question.options.length - 1
      );
    case "number":
      return NUMBER_JSON_BYTES;
    case "text":
      return 2 + TEXT_BYTES_PER_UNIT * (question.maxLength ?? DEFAULT_TEXT_LENGTH);
    case "month":
      return MONTH_JSON_BYTES;
  }
}

/**
 * An upper bound on the UTF-8 bytes of any envelope for this version, as seal() writes it:
 * `{"v":1,"survey":"…","version":n,"answers":{…}}` with every question answered at its longest.
 */
export function maxEnvelopeBytes(survey: Survey): number {
  const fixed = `{"v":1,"survey":${JSON.stringify(survey.slug)},"version":${survey.version},"answers":{}}`;
  // A note is never answered, so it has no key in any envelope (DESIGN §4, SPEC §A).
  const answers = survey.questions
    .filter((q): q is AnswerableQuestion => q.type !== "note")
    .map((q) => quoted(q.id) + 1 + maxAnswerBytes(q));
  const commas = Math.max(answers.length - 1, 0);
  return fixed.length + answers.reduce((sum, bytes) => sum + bytes, 0) + commas;
}

/** What every plaintext of this version is padded to: whole blocks with room for the 0x80 marker. */
export function paddedLength(survey: Survey): number {
  return Math.ceil((maxEnvelopeBytes(survey) + 1) / BLOCK_SIZE) * BLOCK_SIZE;
}

/** The length, in standard base64 characters, of every sealed response to this version. */
export function ciphertextLength(survey: Survey): number {
  return Math.ceil((paddedLength(survey) + SEAL_OVERHEAD) / 3) * 4;
}
