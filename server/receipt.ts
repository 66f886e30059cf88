import { createHash } from "node:crypto";

// Crockford base32: no I, L, O or U, so a receipt read aloud or copied by hand survives.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A receipt is derived, not stored: the same id and ciphertext always give the same receipt
 * (so a retry gets the answer it lost), and it commits to exactly the bytes we keep. It
 * carries nothing about the respondent or the time. 80 bits, shown as XXXX-XXXX-XXXX-XXXX.
 */
export function receiptFor(id: string, ciphertext: string): string {
  const digest = createHash("sha256").update(`voz-receipt/1\n${id}\n${ciphertext}`).digest();
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of digest.subarray(0, 10)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(value >> bits) & 31];
    }
  }
  return out.match(/.{4}/g)?.join("-") ?? out;
}
