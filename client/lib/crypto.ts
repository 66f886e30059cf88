// Owns the encrypted envelope of DESIGN §4: keys, sealing, opening. Pinned by known-answer tests.
// Never log, persist or send plaintext or secret keys from here; callers decide where bytes go.
import sodium from "libsodium-wrappers";
import type { Survey } from "../../surveys/schema";
import { type Answers, checkAnswers } from "./answers";
import { BLOCK_SIZE, paddedLength } from "./envelope";

export { BLOCK_SIZE, SEAL_OVERHEAD } from "./envelope";

const ORIGINAL = () => sodium.base64_variants.ORIGINAL;

export interface KeyPair {
  /** Standard base64 with padding (libsodium ORIGINAL variant). */
  publicKey: string;
  secretKey: string;
}

export interface Envelope {
  v: 1;
  survey: string;
  version: number;
  answers: Answers;
}

export type Unreadable =
  | "not_base64"
  | "wrong_key_or_tampered"
  | "bad_padding"
  | "not_json"
  | "not_an_envelope"
  | "wrong_survey"
  | "invalid_answers";

export type Opened =
  | { ok: true; envelope: Envelope }
  | { ok: false; reason: "unreadable"; detail: Unreadable };

let loaded = false;

/** Loads libsodium's WebAssembly. Every other function here needs it to have resolved. */
export async function ready(): Promise<void> {
  await sodium.ready;
  loaded = true;
}

/** libsodium once ready() resolved; other UI-free modules (feedback.ts) share this one gate. */
export function lib(): typeof sodium {
  if (!loaded) throw new Error("crypto used before ready() resolved");
  return sodium;
}

export function generateKeyPair(): KeyPair {
  const s = lib();
  const pair = s.crypto_box_keypair();
  return {
    publicKey: s.to_base64(pair.publicKey, ORIGINAL()),
    secretKey: s.to_base64(pair.privateKey, ORIGINAL()),
  };
}

/** Each standard base64 character's six bits, by character code; -1 for any other character. */
const SEXTETS = (() => {
  const table = new Int8Array(128).fill(-1);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

const sextet = (text: string, at: number): number => {
  const code = text.charCodeAt(at);
  return code < 128 ? (SEXTETS[code] as number) : -1;
};

/**
 * Decodes standard base64; null for anything else (url-safe, missing padding, junk, bits set
 * after the last byte), as libsodium's decoder does (crypto.test.ts compares them). Decoded
 * here rather than by libsodium, which took as long as the opening itself (cli tabulate
 * profile: 100 µs for a 5 KB response, against 5 µs here).
 */
export function fromBase64(text: string): Uint8Array | null {
  const length = text.length;
  if (length % 4 !== 0) return null;
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const bytes = new Uint8Array((length / 4) * 3 - padding);
  const whole = padding > 0 ? length - 4 : length;
  let out = 0;
  for (let at = 0; at < whole; at += 4) {
    const a = sextet(text, at);
    const b = sextet(text, at + 1);
    const c = sextet(text, at + 2);
    const d = sextet(text, at + 3);
    if ((a | b | c | d) < 0) return null;
    bytes[out++] = (a << 2) | (b >> 4);
    bytes[out++] = ((b & 15) << 4) | (c >> 2);
    bytes[out++] = ((c & 3) << 6) | d;
  }
  if (padding > 0) {
    const a = sextet(text, whole);
    const b = sextet(text, whole + 1);
    // One byte left: the second character's last four bits are not part of it and must be 0.
    if (padding === 2) {
      if ((a | b) < 0 || (b & 15) !== 0) return null;
      bytes[out] = (a << 2) | (b >> 4);
    } else {
      const c = sextet(text, whole + 2);
      if ((a | b | c) < 0 || (c & 3) !== 0) return null;
      bytes[out++] = (a << 2) | (b >> 4);
      bytes[out] = ((b & 15) << 4) | (c >> 2);
    }
  }
  return bytes;
}

export function toBase64(bytes: Uint8Array): string {
  return lib().to_base64(bytes, ORIGINAL());
}

export function isPublicKey(text: string): boolean {
  return fromBase64(text)?.length === lib().crypto_box_PUBLICKEYBYTES;
}

/** ISO/IEC 7816-4 padding to whole blocks (256 bytes unless told), so length hides content. */
export function pad(plaintext: Uint8Array, blockSize = BLOCK_SIZE): Uint8Array {
  return lib().pad(plaintext, blockSize);
}

export function sealBytes(
  plaintext: Uint8Array,
  publicKey: string,
  blockSize = BLOCK_SIZE,
): string {
  const key = fromBase64(publicKey);
  if (!key || key.length !== lib().crypto_box_PUBLICKEYBYTES) throw new Error("not a public key");
  return toBase64(lib().crypto_box_seal(pad(plaintext, blockSize), key));
}

/**
 * Seals a response padded to its survey version's one size (envelope.ts `paddedLength`), so all
 * of the version's ciphertexts have the same length whatever the answers (DESIGN §9.8).
 */
export function seal(envelope: Envelope, publicKey: string, survey: Survey): string {
  if (envelope.survey !== survey.slug || envelope.version !== survey.version) {
    throw new Error("the envelope is not for this survey version");
  }
  const bytes = new TextEncoder().encode(JSON.stringify(envelope));
  const size = paddedLength(survey);
  // maxEnvelopeBytes is an upper bound for answers the page produces; past it is a bug there.
  if (bytes.length >= size) throw new Error("the envelope is longer than its survey allows");
  return sealBytes(bytes, publicKey, size);
}

const isAnswerValue = (value: unknown): boolean =>
  typeof value === "string" ||
  (typeof value === "number" && Number.isFinite(value)) ||
  (Array.isArray(value) && value.every((item) => typeof item === "string"));

/**
 * The envelope's own shape, or null: exactly v (1), survey, version (a whole number from 1) and
 * answers (texts, numbers or lists of texts by question); the answers are checked against the
 * survey afterwards. Written out rather than a zod schema, which took a tenth of opening a
 * response (cli tabulate profile); crypto.test.ts holds it to that schema.
 */
export function asEnvelope(json: unknown): Envelope | null {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return null;
  const { v, survey, version, answers, ...rest } = json as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || v !== 1 || typeof survey !== "string") return null;
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 1) return null;
  if (typeof answers !== "object" || answers === null || Array.isArray(answers)) return null;
  if (!Object.values(answers).every(isAnswerValue)) return null;
  return { v, survey, version, answers: answers as Answers };
}

export interface OpenKey {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** Decodes a key pair once, so that opening many responses does not decode it each time. */
export function openKey(pair: KeyPair): OpenKey | null {
  const publicKey = fromBase64(pair.publicKey);
  const secretKey = fromBase64(pair.secretKey);
  const s = lib();
  if (publicKey?.length !== s.crypto_box_PUBLICKEYBYTES) return null;
  if (secretKey?.length !== s.crypto_box_SECRETKEYBYTES) return null;
  return { publicKey, secretKey };
}

/** Reverses sealBytes; the reason when it cannot (wrong key, altered bytes, bad padding). */
export function openBytes(ciphertext: string, key: OpenKey): Uint8Array | Unreadable {
  const s = lib();
  const sealed = fromBase64(ciphertext);
  if (!sealed) return "not_base64";
  // Shorter than an ephemeral key and a MAC: a truncated box, not bad base64.
  if (sealed.length < s.crypto_box_SEALBYTES) return "wrong_key_or_tampered";
  let padded: Uint8Array;
  try {
    padded = s.crypto_box_seal_open(sealed, key.publicKey, key.secretKey);
  } catch {
    return "wrong_key_or_tampered";
  }
  return unpad(padded) ?? "bad_padding";
}

/**
 * Reverses pad (ISO/IEC 7816-4): the bytes before the last 0x80, which only zeros may follow;
 * null without one. The marker may be anywhere: 256-byte blocks (feedback, v0.1 responses) or a
 * survey's size. In place of libsodium's unpad, which copied the bytes in and out of its memory
 * for a sixth of opening a response (cli tabulate profile); what it hides is the answers'
 * length from the server, not from whoever holds the key, so it needs no constant time.
 */
function unpad(padded: Uint8Array): Uint8Array | null {
  let marker = padded.length - 1;
  while (marker >= 0 && padded[marker] === 0) marker--;
  return padded[marker] === 0x80 ? padded.subarray(0, marker) : null;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Opens one response. `versions` are the survey's definitions by version; an envelope for
 * another survey or an unknown version, or with answers that version does not allow, is
 * unreadable — never tabulated, never thrown.
 */
export function open(
  ciphertext: string,
  key: OpenKey,
  versions: Survey | readonly Survey[],
): Opened {
  const fail = (detail: Unreadable): Opened => ({ ok: false, reason: "unreadable", detail });
  const bytes = openBytes(ciphertext, key);
  if (!(bytes instanceof Uint8Array)) return fail(bytes);
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(bytes));
  } catch {
    return fail("not_json");
  }
  const envelope = asEnvelope(json);
  if (!envelope) return fail("not_an_envelope");
  const list: readonly Survey[] = Array.isArray(versions) ? versions : [versions as Survey];
  const survey = list.find((s) => s.slug === envelope.survey && s.version === envelope.version);
  if (!survey) return fail("wrong_survey");
  if (checkAnswers(survey, envelope.answers).length > 0) return fail("invalid_answers");
  return { ok: true, envelope };
}

/**
 * Opens one response with whichever key fits: a survey whose key was rotated (a member's access
 * revoked) has one key per rotation, and a response does not say which it was sealed to. Only
 * "wrong key" moves on to the next key; any other failure is the response's own.
 */
export function openWithAny(
  ciphertext: string,
  keys: readonly OpenKey[],
  versions: Survey | readonly Survey[],
): Opened {
  let opened: Opened = { ok: false, reason: "unreadable", detail: "wrong_key_or_tampered" };
  for (const key of keys) {
    opened = open(ciphertext, key, versions);
    if (opened.ok || opened.detail !== "wrong_key_or_tampered") return opened;
  }
  return opened;
}
