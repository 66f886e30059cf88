// The envelope's size arithmetic (DESIGN §4), free of libsodium so the server can check the
// shape of a ciphertext without importing anything that could open one.

export const BLOCK_SIZE = 256;
/** crypto_box_seal adds an ephemeral public key (32) and a MAC (16). */
export const SEAL_OVERHEAD = 48;

const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Bytes in a standard base64 string, or null if it is not one. */
export function base64Length(text: string): number | null {
  if (!STANDARD_BASE64.test(text)) return null;
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
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
