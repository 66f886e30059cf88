// What bench:ingest posts: bodies like the respondent page sends to the passport survey.
import { randomBytes, randomUUID } from "node:crypto";

export const SLUG = "passport-access";

/** Sealed bytes of a passport response (respondent: 5,184 base64 characters once padded). */
export const SEALED_BYTES = 3888;

/** Distinct ciphertexts to cycle through: random bytes, made before the load starts. */
const ciphertexts = Array.from({ length: 256 }, () => randomBytes(SEALED_BYTES).toString("base64"));
let next = 0;

/** A fresh UUID every time, so every request is a new row. */
export function body(): string {
  next = (next + 1) % ciphertexts.length;
  return `{"id":"${randomUUID()}","ciphertext":"${ciphertexts[next]}"}`;
}
