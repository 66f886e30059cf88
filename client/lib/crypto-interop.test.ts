// DESIGN §4 promises an envelope any sealed-box implementation can open. These tests hold our
// libsodium module against one built independently from the audited @noble packages.
import { readFileSync } from "node:fs";
import { x25519 } from "@noble/curves/ed25519.js";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parseSurvey, type Survey } from "../../surveys/schema";
import {
  isoPad,
  isoUnpad,
  nobleSeal,
  nobleSealOpen,
} from "../../test/fixtures/envelope/make-fixtures";
import {
  type Envelope,
  fromBase64,
  generateKeyPair,
  type KeyPair,
  type OpenKey,
  open,
  openBytes,
  openKey,
  pad,
  ready,
  seal,
  sealBytes,
  toBase64,
} from "./crypto";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../test/fixtures/envelope/${name}`, import.meta.url)));
const fixtureText = (name: string) => new TextDecoder().decode(fixture(name));

const keyPair: KeyPair = JSON.parse(fixtureText("keypair.json"));
const plaintext = fixture("plaintext.json");
const committed: Envelope = JSON.parse(fixtureText("plaintext.json"));

let key: OpenKey;
let survey: Survey;
beforeAll(async () => {
  await ready();
  const opened = openKey(keyPair);
  const parsed = parseSurvey(JSON.parse(fixtureText("survey.json")));
  if (!opened || !parsed.ok) throw new Error("the envelope fixtures are broken");
  key = opened;
  survey = parsed.value;
});

/** Opens with the noble sealed box and ISO/IEC 7816-4 unpadding; null if either refuses. */
function nobleOpen(ciphertext: string, pair: OpenKey, wholeBlock = false): Uint8Array | null {
  const sealed = fromBase64(ciphertext);
  const padded = sealed && nobleSealOpen(sealed, pair.publicKey, pair.secretKey);
  return padded ? isoUnpad(padded, wholeBlock ? padded.length : undefined) : null;
}

const nobleSealText = (bytes: Uint8Array, publicKey: Uint8Array) =>
  toBase64(nobleSeal(isoPad(bytes), publicKey));

describe("the noble sealed box", () => {
  it("derives the committed public key from the committed secret key", () => {
    expect(x25519.getPublicKey(key.secretKey)).toEqual(key.publicKey);
  });

  it("made a committed ciphertext that libsodium opens to exactly the committed plaintext", () => {
    const ciphertext = fixtureText("ciphertext-noble.txt").trim();
    expect(openBytes(ciphertext, key)).toEqual(plaintext);
    expect(open(ciphertext, key, survey)).toEqual({ ok: true, envelope: committed });
  });

  it("opens libsodium's committed ciphertext to exactly the committed plaintext", () => {
    expect(nobleOpen(fixtureText("ciphertext.txt").trim(), key)).toEqual(plaintext);
  });

  it("seals envelopes that open() opens", () => {
    const ciphertext = nobleSealText(plaintext, key.publicKey);
    expect(open(ciphertext, key, survey)).toEqual({ ok: true, envelope: committed });
  });

  it("opens the envelopes that seal() seals", () => {
    // One block of the survey's size: the marker may lie anywhere in it.
    const opened = nobleOpen(seal(committed, keyPair.publicKey, survey), key, true);
    expect(opened).toEqual(plaintext);
  });

  it("and libsodium open each other's boxes of any bytes, under any fresh key pair", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (bytes) => {
        const fresh = openKey(generateKeyPair());
        expect(fresh).not.toBeNull();
        if (!fresh) return;
        const theirs = nobleSealText(bytes, fresh.publicKey);
        expect(openBytes(theirs, fresh)).toEqual(bytes);
        const ours = sealBytes(bytes, toBase64(fresh.publicKey));
        expect(nobleOpen(ours, fresh)).toEqual(bytes);
      }),
      { numRuns: 50 },
    );
  });

  it("pads exactly as libsodium does: ISO/IEC 7816-4 in 256-byte blocks", () => {
    for (let length = 0; length <= 600; length++) {
      const bytes = new Uint8Array(length).fill(length % 256);
      expect(pad(bytes)).toEqual(isoPad(bytes));
    }
  });

  // Without these, an implementation that opened everything would pass the tests above.
  it("refuses a box with a bit flipped, as libsodium does", () => {
    const sealed = fromBase64(sealBytes(plaintext, keyPair.publicKey)) ?? new Uint8Array();
    for (const index of [0, 31, 32, 47, 48, sealed.length - 1]) {
      const flipped = sealed.slice();
      flipped[index] = (flipped[index] ?? 0) ^ 0x01;
      expect(nobleSealOpen(flipped, key.publicKey, key.secretKey)).toBeNull();
    }
  });

  it("refuses a box sealed to another key, as libsodium does", () => {
    const other = openKey(generateKeyPair());
    expect(other).not.toBeNull();
    if (other) expect(nobleOpen(sealBytes(plaintext, keyPair.publicKey), other)).toBeNull();
  });

  it("refuses padding without the 0x80 marker ending the last block", () => {
    const unmarked = new Uint8Array(256);
    unmarked.set(plaintext);
    expect(isoUnpad(unmarked)).toBeNull();
    expect(isoUnpad(new Uint8Array(256))).toBeNull();
    expect(isoUnpad(Uint8Array.of(0x80, ...new Uint8Array(511)))).toBeNull();
    expect(isoUnpad(Uint8Array.of(...plaintext, 0x80))).toBeNull();
  });
});
