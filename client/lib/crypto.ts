// Owns the encrypted envelope of DESIGN §4: keys, sealing, opening. Pinned by known-answer tests.
// Never log, persist or send plaintext or secret keys from here; callers decide where bytes go.
import sodium from "libsodium-wrappers";
import { z } from "zod";
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

/**
 * Decodes standard base64; null for anything else (url-safe, missing padding, junk, bits set
 * after the last byte). libsodium's decoder refuses all of these itself, so no pattern is run
 * first: that was a sixth of opening a response (cli tabulate profile).
 */
export function fromBase64(text: string): Uint8Array | null {
  try {
    return lib().from_base64(text, ORIGINAL());
  } catch {
    return null;
  }
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

/**
 * The envelope's own shape; the answers are checked against the survey afterwards. Built on
 * first use: pages that only seal then load neither zod nor its eval probe (CSP).
 */
let shape: ReturnType<typeof buildEnvelopeShape> | undefined;
const envelopeShape = () => (shape ??= buildEnvelopeShape());
function buildEnvelopeShape() {
  return z.strictObject({
    v: z.literal(1),
    survey: z.string(),
    version: z.number().int().min(1),
    answers: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
  });
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
  // The marker may be anywhere: 256-byte blocks (feedback, v0.1 responses) or a survey's size.
  try {
    return s.unpad(padded, padded.length);
  } catch {
    return "bad_padding";
  }
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
  const parsed = envelopeShape().safeParse(json);
  if (!parsed.success) return fail("not_an_envelope");
  const envelope = parsed.data;
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
