// The stored form of a member's wrapped key, free of libsodium so the server can validate
// what it stores without importing code that opens anything (DESIGN §2).
import { z } from "zod";

/** Argon2id cost. Stored with each wrapped key, so it can be raised later without breaking old ones. */
export const KDF = { opslimit: 3, memlimit: 64 * 1024 * 1024 } as const;
/** Below this a wrapped key is refused: a server could otherwise serve a cheaper-to-crack copy. */
const KDF_FLOOR = { opslimit: 2, memlimit: 32 * 1024 * 1024 } as const;
export const MIN_PASSPHRASE_LENGTH = 12;

const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be standard base64")
  .max(200);

export const wrappedKeySchema = z.strictObject({
  v: z.literal(1),
  kdf: z.literal("argon2id13"),
  opslimit: z.number().int().min(KDF_FLOOR.opslimit).max(20),
  memlimit: z
    .number()
    .int()
    .min(KDF_FLOOR.memlimit)
    .max(1024 * 1024 * 1024),
  salt: base64,
  nonce: base64,
  /** secretbox of the member's X25519 secret key. */
  ciphertext: base64,
  publicKey: base64,
});
export type WrappedKey = z.infer<typeof wrappedKeySchema>;

/** An X25519 public key (a member's or a survey's) as the API takes it: standard base64. */
export const publicKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}=$/, "must be a base64 X25519 public key");

/** A key pair sealed to a member's public key (keyring.ts sealSurveyKey), standard base64. */
export const sealedKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be standard base64")
  .min(100)
  .max(400);
