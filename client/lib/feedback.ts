// Owns the feedback channel's cryptography (issue 8): reply codes, what is derived from them,
// sealed messages, encrypted replies and codings. UI-free; runs in the person's browser, the
// members' browsers and tests. The server runs it only for the pages without JavaScript
// (server/routes/feedback-nojs.ts), in memory, as the survey form without JavaScript seals
// answers; otherwise it holds only what comes out of here. Never log, persist or send a reply
// code, a reply key on its own, or a plaintext from here.
import { z } from "zod";
import {
  BLOCK_SIZE,
  fromBase64,
  lib,
  type OpenKey,
  openBytes,
  ready,
  sealBytes,
  toBase64,
} from "./crypto";
import {
  CATEGORIES,
  type Category,
  COUNTRY,
  MESSAGE_MAX_LENGTH,
  REPLY_MAX_LENGTH,
  visibleLength,
} from "./feedback-format";

/** `ready` loads libsodium (the one crypto.ts loads): await it once before anything else here. */
export { CATEGORIES, type Category, MESSAGE_MAX_LENGTH, REPLY_MAX_LENGTH, ready };

/** Crockford base32: no I, L, O or U, so a code read aloud or copied by hand survives. */
export const REPLY_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 20 symbols × 5 bits = 100 bits: far beyond guessing at the rate limit of the reply lookup. */
export const REPLY_CODE_LENGTH = 20;
const GROUP = 4;

/** A fresh reply code in groups of four, e.g. `K7QF-2M9D-8XTA-PW3C-HN5E`. */
export function newReplyCode(): string {
  const s = lib();
  let code = "";
  // randombytes_uniform has no modulo bias; 32 is a power of two anyway, but say it plainly.
  for (let i = 0; i < REPLY_CODE_LENGTH; i++)
    code += REPLY_CODE_ALPHABET[s.randombytes_uniform(32)];
  return formatReplyCode(code);
}

/** Groups a normalized code for display. */
export function formatReplyCode(normalized: string): string {
  const groups: string[] = [];
  for (let i = 0; i < normalized.length; i += GROUP) groups.push(normalized.slice(i, i + GROUP));
  return groups.join("-");
}

/**
 * The canonical 20 symbols of what a person typed, or null. Spaces and dashes are dropped and
 * the letters Crockford reserves for misreadings map to the digit they look like.
 */
export function normalizeReplyCode(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s-]+/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (code.length !== REPLY_CODE_LENGTH) return null;
  for (const ch of code) if (!REPLY_CODE_ALPHABET.includes(ch)) return null;
  return code;
}

function canonical(code: string): string {
  const normalized = normalizeReplyCode(code);
  // Callers normalize what a person typed first and show their own message; this is a bug.
  if (normalized === null) throw new Error("not a reply code");
  return normalized;
}

// An unkeyed BLAKE2b is enough here, unlike a passphrase: the code has 100 random bits,
// so no precomputation or brute force over the stored lookups can reach it, and the lookup
// route is rate limited besides. The two prefixes keep the lookup (sent to the server) and
// the key (never sent on its own) unrelated: knowing one gives nothing about the other.
function derive(domain: string, code: string): Uint8Array {
  const s = lib();
  return s.crypto_generichash(32, s.from_string(`${domain}:${canonical(code)}`), null);
}

/** What the server stores and is asked for: hex, 64 characters. */
export function replyLookup(code: string): string {
  return lib().to_hex(derive("voz-reply-lookup", code));
}

/** The secretbox key of the replies to one message. */
export function replyKey(code: string): Uint8Array {
  return derive("voz-reply-key", code);
}

/** Replies are padded like envelopes, so their length reveals only a coarse size. */
export function sealReply(text: string, key: Uint8Array): string {
  const s = lib();
  const nonce = s.randombytes_buf(s.crypto_secretbox_NONCEBYTES);
  const padded = s.pad(s.from_string(text), BLOCK_SIZE);
  const box = s.crypto_secretbox_easy(padded, nonce, key);
  const out = new Uint8Array(nonce.length + box.length);
  out.set(nonce);
  out.set(box, nonce.length);
  return toBase64(out);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The reply's text, or null for a wrong key, altered bytes or anything that is not a reply. */
export function openReply(ciphertext: string, key: Uint8Array): string | null {
  const s = lib();
  const bytes = fromBase64(ciphertext);
  if (!bytes || key.length !== s.crypto_secretbox_KEYBYTES) return null;
  const n = s.crypto_secretbox_NONCEBYTES;
  if (bytes.length < n + s.crypto_secretbox_MACBYTES) return null;
  try {
    const padded = s.crypto_secretbox_open_easy(bytes.subarray(n), bytes.subarray(0, n), key);
    return utf8.decode(s.unpad(padded, BLOCK_SIZE));
  } catch {
    return null;
  }
}

export interface Message {
  category: Category;
  country?: string;
  program?: string;
  message: string;
  /** base64 of replyKey(code): only the members who open the message can encrypt a reply. */
  replyKey: string;
}

export interface FieldError {
  field: string;
  message: string;
}

// Built on first use, as in crypto.ts: pages that only seal load no zod eval probe (CSP).
let shape: ReturnType<typeof buildMessageShape> | undefined;
const messageShape = () => (shape ??= buildMessageShape());
function buildMessageShape() {
  return z.strictObject({
    category: z.enum(CATEGORIES),
    country: z.string().regex(COUNTRY, "must be an ISO 3166 alpha-2 code in lower case").optional(),
    program: z.string().trim().min(1).max(200).optional(),
    message: z
      .string()
      .trim()
      .max(MESSAGE_MAX_LENGTH)
      .refine((text) => visibleLength(text) > 0, "must not be empty"),
    replyKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, "must be 32 bytes of standard base64"),
  });
}

/** Checks a message the person wrote (before sealing) or a member opened; errors name the field. */
export function parseMessage(
  value: unknown,
): { ok: true; message: Message } | { ok: false; errors: FieldError[] } {
  const parsed = messageShape().safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      field:
        issue.code === "unrecognized_keys"
          ? issue.keys.join(",")
          : issue.path.length > 0
            ? issue.path.join(".")
            : "$",
      message: issue.message,
    })),
  };
}

/** Seals a message to the channel key (the sensitive key for category "sensitive"). */
export function sealMessage(message: Message, publicKey: string): string {
  return sealBytes(new TextEncoder().encode(JSON.stringify(message)), publicKey);
}

/** What a person wrote, before the reply key is added. */
export type Written = Omit<Message, "replyKey">;

export type SealedMessage =
  | { ok: true; code: string; ciphertext: string; sensitive: boolean; lookup: string }
  | { ok: false; errors: FieldError[] };

/**
 * A written message sealed with a new reply code: the code (shown once, never stored), the
 * ciphertext with the reply key inside, sealed to the sensitive key for a sensitive report (only
 * safeguarding members hold it), and the lookup the server stores.
 */
export function sealNewMessage(
  written: Written,
  keys: { publicKey: string; sensitivePublicKey: string },
): SealedMessage {
  const code = newReplyCode();
  const parsed = parseMessage({ ...written, replyKey: toBase64(replyKey(code)) });
  if (!parsed.ok) return parsed;
  const sensitive = parsed.message.category === "sensitive";
  return {
    ok: true,
    code,
    ciphertext: sealMessage(parsed.message, sensitive ? keys.sensitivePublicKey : keys.publicKey),
    sensitive,
    lookup: replyLookup(code),
  };
}

export type OpenedMessage =
  | { ok: true; message: Message }
  | { ok: false; reason: "unreadable" | "invalid"; errors?: FieldError[] };

export function openMessage(ciphertext: string, key: OpenKey): OpenedMessage {
  const bytes = openBytes(ciphertext, key);
  if (!(bytes instanceof Uint8Array)) return { ok: false, reason: "unreadable" };
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(bytes));
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  const parsed = parseMessage(json);
  return parsed.ok ? parsed : { ok: false, reason: "invalid", errors: parsed.errors };
}

/** Decodes the reply key a member found inside a message. */
export function replyKeyFromMessage(message: Message): Uint8Array | null {
  const key = fromBase64(message.replyKey);
  return key?.length === lib().crypto_secretbox_KEYBYTES ? key : null;
}

export interface Coding {
  codes: string[];
}

const codingShape = () => z.strictObject({ codes: z.array(z.string().min(1).max(64)).max(50) });

/** A member's codes for a message, sealed to the channel key: the server sees that it is coded, not how. */
export function sealCoding(coding: Coding, publicKey: string): string {
  return sealBytes(new TextEncoder().encode(JSON.stringify(coding)), publicKey);
}

export function openCoding(ciphertext: string, key: OpenKey): Coding | null {
  const bytes = openBytes(ciphertext, key);
  if (!(bytes instanceof Uint8Array)) return null;
  try {
    const parsed = codingShape().safeParse(JSON.parse(utf8.decode(bytes)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
