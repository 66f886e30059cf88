// Owns the encrypted envelope of DESIGN §4: keys, sealing, opening. Pinned by known-answer tests.
// Never log, persist or send plaintext or secret keys from here; callers decide where bytes go.
import sodium from "libsodium-wrappers";
import type { Survey } from "../../surveys/schema";
import { type Answers, checkAnswers } from "./answers";
import { BLOCK_SIZE, paddedLength, SEAL_OVERHEAD } from "./envelope";

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

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Each standard base64 character's six bits, by character code; -1 for any other character. */
const SEXTETS = (() => {
  const table = new Int8Array(256).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/**
 * Each pair of standard base64 characters' twelve bits, by the pair's two bytes read as one
 * 16-bit word (in this machine's byte order, as the decoder reads them); -1 for any other pair.
 * Two lookups decode four characters: a third of the time of a lookup per character (cli
 * tabulate profile: 3 µs for a 5 KB response, against 9 µs). Made at the first decoding, not
 * when the module loads: the respondent's page loads this module to seal and never decodes.
 */
let pairs: Int16Array | undefined;
function pairTable(): Int16Array {
  if (pairs) return pairs;
  const table = new Int16Array(1 << 16).fill(-1);
  const pair = new Uint8Array(2);
  const word = new Uint16Array(pair.buffer);
  for (let i = 0; i < ALPHABET.length; i++) {
    for (let j = 0; j < ALPHABET.length; j++) {
      pair[0] = ALPHABET.charCodeAt(i);
      pair[1] = ALPHABET.charCodeAt(j);
      table[word[0] as number] = (i << 6) | j;
    }
  }
  pairs = table;
  return table;
}

const ascii = new TextEncoder();

/**
 * Decodes standard base64 where it lies: writes `text` as bytes into `bytes` from `at` (a
 * multiple of 4, so the pairs can be read as 16-bit words), then decodes them over themselves,
 * three bytes for every four characters already read. Returns the decoded length, or -1 for
 * anything but standard base64 (url-safe, missing padding, junk, bits set after the last byte),
 * as libsodium's decoder refuses it (crypto.test.ts compares them).
 */
function decodeInPlace(text: string, bytes: Uint8Array, at: number): number {
  const length = text.length;
  if (length % 4 !== 0) return -1;
  if (length === 0) return 0;
  // Any character beyond ASCII takes more than one byte, so it does not fit.
  const { read, written } = ascii.encodeInto(text, bytes.subarray(at, at + length));
  if (read !== length || written !== length) return -1;
  const last = at + length - 1;
  const padding = bytes[last] === 61 ? (bytes[last - 1] === 61 ? 2 : 1) : 0;
  const whole = padding > 0 ? length - 4 : length;
  const words = new Uint16Array(bytes.buffer, bytes.byteOffset + at, whole / 2);
  const table = pairTable();
  let bad = 0;
  let out = at;
  for (let w = 0; w < words.length; w += 2) {
    const high = table[words[w] as number] as number;
    const low = table[words[w + 1] as number] as number;
    bad |= high | low;
    const group = (high << 12) | low;
    bytes[out++] = group >> 16;
    bytes[out++] = group >> 8;
    bytes[out++] = group;
  }
  if (bad < 0) return -1;
  if (padding > 0) {
    const a = SEXTETS[bytes[at + whole] as number] as number;
    const b = SEXTETS[bytes[at + whole + 1] as number] as number;
    // One byte left: the second character's last four bits are not part of it and must be 0.
    if (padding === 2) {
      if ((a | b) < 0 || (b & 15) !== 0) return -1;
      bytes[out++] = (a << 2) | (b >> 4);
    } else {
      const c = SEXTETS[bytes[at + whole + 2] as number] as number;
      if ((a | b | c) < 0 || (c & 3) !== 0) return -1;
      bytes[out++] = (a << 2) | (b >> 4);
      bytes[out++] = ((b & 15) << 4) | (c >> 2);
    }
  }
  return out - at;
}

/**
 * Decodes standard base64; null for anything else, as libsodium's decoder does. Decoded here
 * rather than by libsodium, which took as long as the opening itself (cli tabulate profile:
 * 100 µs for a 5 KB response).
 */
export function fromBase64(text: string): Uint8Array | null {
  const bytes = new Uint8Array(text.length);
  const length = decodeInPlace(text, bytes, 0);
  return length < 0 ? null : bytes.slice(0, length);
}

export function toBase64(bytes: Uint8Array): string {
  return lib().to_base64(bytes, ORIGINAL());
}

/**
 * Names one sealed box by its bytes (16 bytes of BLAKE2b, as base64); null for text that is
 * not base64, which cannot be opened anyway. Sealing is randomized, so two responses with the
 * same box are one response stored twice: captured and sent again (the server takes any new
 * id), or copied in the database. Counted twice, copies let whoever made them read that person's
 * answers off two publications (the growth between them is all copies); tabulation counts each
 * box once (firstCopies, below). Bytes, not text: two spellings of one box's base64 are one box.
 */
export function sealedDigest(ciphertext: string): string | null {
  const bytes = fromBase64(ciphertext);
  return bytes ? toBase64(lib().crypto_generichash(16, bytes, null)) : null;
}

/**
 * A predicate that passes each sealed box once (see sealedDigest), for whoever counts responses:
 * the results page, `cli tabulate` and `open-answers`. Text that is not base64 passes, to be
 * counted unreadable.
 */
export function firstCopies(): (ciphertext: string) => boolean {
  const seen = new Set<string>();
  return (ciphertext) => {
    const digest = sealedDigest(ciphertext);
    if (digest === null) return true;
    if (seen.has(digest)) return false;
    seen.add(digest);
    return true;
  };
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
  return openInPlace(ciphertext, key, (plaintext) => plaintext.slice());
}

/**
 * What libsodium-wrappers is built on: the WebAssembly module's memory and functions. The
 * wrapper of crypto_box_seal_open copies the box in and the plaintext out on every call, a
 * tenth of an opening (cli tabulate profile); opening where the box is decoded saves both.
 * HEAPU8 is replaced when the memory grows, which only an allocation can make it do.
 */
interface Wasm {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(address: number): void;
  /** (m, c, clen as two 32-bit halves, pk, sk): 0 when it opens. */
  _crypto_box_seal_open(
    m: number,
    c: number,
    low: number,
    high: number,
    pk: number,
    sk: number,
  ): number;
}

const wasm = (): Wasm => (lib() as unknown as { libsodium: Wasm }).libsodium;

/** Memory of libsodium's kept for opening: grown to the largest box seen, never given back. */
let scratch = { address: 0, size: 0 };

function reserve(size: number): number {
  if (size > scratch.size) {
    const w = wasm();
    if (scratch.address !== 0) w._free(scratch.address);
    const rounded = 2 ** Math.ceil(Math.log2(Math.max(size, 1 << 14)));
    const address = w._malloc(rounded);
    if (address === 0) throw new Error("libsodium is out of memory");
    scratch = { address, size: rounded };
  }
  return scratch.address;
}

/**
 * Opens a sealed box in libsodium's memory and hands `use` the unpadded plaintext there, a view
 * valid only during the call (it must not call libsodium); the plaintext and the secret key are
 * then overwritten with zeros, so neither stays behind in that memory.
 */
function openInPlace<T>(
  ciphertext: string,
  key: OpenKey,
  use: (plaintext: Uint8Array) => T,
): T | Unreadable {
  const w = wasm();
  const length = ciphertext.length;
  // The keys, the text (decoded where it lies), then room for the plaintext.
  const at = reserve(64 + 2 * length);
  const heap = w.HEAPU8;
  const publicKey = at;
  const secretKey = at + 32;
  const box = at + 64;
  const sealed = decodeInPlace(ciphertext, heap, box);
  if (sealed < 0) return "not_base64";
  // Shorter than an ephemeral key and a MAC: a truncated box, not bad base64.
  if (sealed < SEAL_OVERHEAD) return "wrong_key_or_tampered";
  const plaintext = box + length;
  heap.set(key.publicKey, publicKey);
  heap.set(key.secretKey, secretKey);
  const failed = w._crypto_box_seal_open(plaintext, box, sealed, 0, publicKey, secretKey);
  heap.fill(0, secretKey, secretKey + 32);
  if (failed !== 0) return "wrong_key_or_tampered";
  const end = plaintext + sealed - SEAL_OVERHEAD;
  try {
    const unpadded = unpad(heap.subarray(plaintext, end));
    return unpadded ? use(unpadded) : "bad_padding";
  } finally {
    heap.fill(0, plaintext, end);
  }
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

function parsePlaintext(plaintext: Uint8Array): { json: unknown } | "not_json" {
  try {
    return { json: JSON.parse(utf8.decode(plaintext)) };
  } catch {
    return "not_json";
  }
}

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
  const parsed = openInPlace(ciphertext, key, parsePlaintext);
  if (typeof parsed === "string") return fail(parsed);
  const envelope = asEnvelope(parsed.json);
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
