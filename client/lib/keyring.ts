// Owns the coordinators' keys (DESIGN §9.4): a member's personal key pair, wrapped with their
// passphrase, and survey secret keys sealed to members. Runs only in coordinators' browsers
// (and tests); the server stores what comes out of here and can open none of it.
// Never log, persist or send a passphrase or an unwrapped key from here.
import sodium from "libsodium-wrappers-sumo";
import { z } from "zod";
import type { KeyPair } from "./crypto";
import { KDF, MIN_PASSPHRASE_LENGTH, type WrappedKey, wrappedKeySchema } from "./key-format";

const b64 = () => sodium.base64_variants.ORIGINAL;

export type { WrappedKey };

export type Unwrapped =
  | { ok: true; keyPair: KeyPair }
  | { ok: false; reason: "wrong_passphrase" | "malformed" };

export async function readyKeyring(): Promise<void> {
  await sodium.ready;
}

function derive(
  passphrase: string,
  salt: Uint8Array,
  opslimit: number,
  memlimit: number,
): Uint8Array {
  return sodium.crypto_pwhash(
    sodium.crypto_secretbox_KEYBYTES,
    passphrase,
    salt,
    opslimit,
    memlimit,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  );
}

/**
 * What the browser sends as the login password. The server must never see the passphrase
 * itself, or it could unwrap the member's key: this Argon2id output, salted with the email,
 * shares nothing usable with the wrapping key (random salt), and the server hashes it again.
 */
export function loginSecret(email: string, passphrase: string): string {
  const salt = sodium.crypto_generichash(
    sodium.crypto_pwhash_SALTBYTES,
    sodium.from_string(`voz-login/1\n${email.trim().toLowerCase()}`),
    null,
  );
  return sodium.to_base64(derive(passphrase, salt, KDF.opslimit, KDF.memlimit), b64());
}

function wrap(publicKey: Uint8Array, secretKey: Uint8Array, passphrase: string): WrappedKey {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new Error(`passphrase shorter than ${MIN_PASSPHRASE_LENGTH}; callers must check first`);
  }
  const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
  const nonce = sodium.randombytes_buf(sodium.crypto_secretbox_NONCEBYTES);
  const key = derive(passphrase, salt, KDF.opslimit, KDF.memlimit);
  const ciphertext = sodium.crypto_secretbox_easy(secretKey, nonce, key);
  sodium.memzero(key);
  return {
    v: 1,
    kdf: "argon2id13",
    ...KDF,
    salt: sodium.to_base64(salt, b64()),
    nonce: sodium.to_base64(nonce, b64()),
    ciphertext: sodium.to_base64(ciphertext, b64()),
    publicKey: sodium.to_base64(publicKey, b64()),
  };
}

/** A new personal key pair for a member, its secret half wrapped with their passphrase. */
export function createMemberKey(passphrase: string): WrappedKey {
  const pair = sodium.crypto_box_keypair();
  const wrapped = wrap(pair.publicKey, pair.privateKey, passphrase);
  sodium.memzero(pair.privateKey);
  return wrapped;
}

/**
 * The same key pair wrapped with a new passphrase (fresh salt and nonce): changing the
 * passphrase keeps every survey key sealed to the member readable. Refuses a pair whose halves
 * do not belong together, so a slip cannot lock the member out of their own answers.
 */
export function rewrapMemberKey(pair: KeyPair, passphrase: string): WrappedKey {
  const publicKey = decode(pair.publicKey, sodium.crypto_box_PUBLICKEYBYTES);
  const secretKey = decode(pair.secretKey, sodium.crypto_box_SECRETKEYBYTES);
  if (!publicKey || !secretKey) throw new Error("not a member key pair");
  if (!sodium.memcmp(sodium.crypto_scalarmult_base(secretKey), publicKey)) {
    throw new Error("the secret key does not belong to the public key");
  }
  const wrapped = wrap(publicKey, secretKey, passphrase);
  sodium.memzero(secretKey);
  return wrapped;
}

function decode(text: string, length: number): Uint8Array | null {
  try {
    const bytes = sodium.from_base64(text, b64());
    return bytes.length === length ? bytes : null;
  } catch {
    return null;
  }
}

export function unwrapMemberKey(wrapped: unknown, passphrase: string): Unwrapped {
  const parsed = wrappedKeySchema.safeParse(wrapped);
  if (!parsed.success) return { ok: false, reason: "malformed" };
  const w = parsed.data;
  const salt = decode(w.salt, sodium.crypto_pwhash_SALTBYTES);
  const nonce = decode(w.nonce, sodium.crypto_secretbox_NONCEBYTES);
  const publicKey = decode(w.publicKey, sodium.crypto_box_PUBLICKEYBYTES);
  const box = decode(
    w.ciphertext,
    sodium.crypto_box_SECRETKEYBYTES + sodium.crypto_secretbox_MACBYTES,
  );
  if (!salt || !nonce || !publicKey || !box) return { ok: false, reason: "malformed" };
  const key = derive(passphrase, salt, w.opslimit, w.memlimit);
  let secretKey: Uint8Array;
  try {
    secretKey = sodium.crypto_secretbox_open_easy(box, nonce, key);
  } catch {
    return { ok: false, reason: "wrong_passphrase" };
  } finally {
    sodium.memzero(key);
  }
  // A box that opens but whose secret does not match the stored public key was swapped.
  const derived = sodium.crypto_scalarmult_base(secretKey);
  if (!sodium.memcmp(derived, publicKey)) return { ok: false, reason: "malformed" };
  return {
    ok: true,
    keyPair: { publicKey: w.publicKey, secretKey: sodium.to_base64(secretKey, b64()) },
  };
}

/** A survey's key pair sealed to one member's public key: only that member can open it. */
export function sealSurveyKey(survey: KeyPair, memberPublicKey: string): string {
  const recipient = decode(memberPublicKey, sodium.crypto_box_PUBLICKEYBYTES);
  if (!recipient) throw new Error("not a member public key");
  const plaintext = sodium.from_string(JSON.stringify(survey));
  return sodium.to_base64(sodium.crypto_box_seal(plaintext, recipient), b64());
}

const keyPairSchema = z.strictObject({ publicKey: z.string(), secretKey: z.string() });

export function openSurveyKey(sealed: string, member: KeyPair): KeyPair | null {
  const box = (() => {
    try {
      return sodium.from_base64(sealed, b64());
    } catch {
      return null;
    }
  })();
  const publicKey = decode(member.publicKey, sodium.crypto_box_PUBLICKEYBYTES);
  const secretKey = decode(member.secretKey, sodium.crypto_box_SECRETKEYBYTES);
  if (!box || !publicKey || !secretKey) return null;
  try {
    const opened = sodium.crypto_box_seal_open(box, publicKey, secretKey);
    const parsed = keyPairSchema.safeParse(JSON.parse(sodium.to_string(opened)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
