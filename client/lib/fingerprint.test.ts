// Checked against an independent BLAKE2b (@noble/hashes) and a vector computed with Python's
// hashlib, so a respondent page or a tool in another language can compute the same strings.
import { blake2b } from "@noble/hashes/blake2.js";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { wordlist as spanish } from "@scure/bip39/wordlists/spanish.js";
import { beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, ready } from "./crypto";
import {
  checkSurveyKey,
  fingerprintInFragment,
  linkWithFingerprint,
  SAFETY_WORD_COUNT,
  safetyWordIndices,
  safetyWords,
  surveyKeyFingerprint,
} from "./fingerprint";

beforeAll(ready);

/** Bytes 0..31: hashlib.blake2b(bytes(range(32)), digest_size=32), first 16 bytes, base64url. */
const VECTOR_KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString("base64");
const VECTOR_FINGERPRINT = "yy9RYPwffgWlXvSdNAtI2g";
const VECTOR_WORD_INDICES = [1625, 980, 705, 1985, 1983, 22];

/** Our own reading of SPEC §B, with another BLAKE2b and BigInt bit arithmetic. */
function independentFingerprint(publicKey: string) {
  const hash = blake2b(Buffer.from(publicKey, "base64"), { dkLen: 32 });
  const bits = BigInt(`0x${Buffer.from(hash).toString("hex")}`);
  return {
    link: Buffer.from(hash.subarray(0, 16)).toString("base64url"),
    indices: Array.from({ length: 6 }, (_, i) =>
      Number((bits >> BigInt(256 - 11 * (i + 1))) & 2047n),
    ),
  };
}

describe("survey key fingerprints (#k=)", () => {
  it("match the known-answer vector computed with Python's hashlib", () => {
    expect(surveyKeyFingerprint(VECTOR_KEY)).toBe(VECTOR_FINGERPRINT);
    expect(safetyWordIndices(VECTOR_KEY)).toEqual(VECTOR_WORD_INDICES);
  });

  it("match an independent BLAKE2b for 200 random keys", () => {
    for (let i = 0; i < 200; i++) {
      const { publicKey } = generateKeyPair();
      const expected = independentFingerprint(publicKey);
      expect(surveyKeyFingerprint(publicKey)).toBe(expected.link);
      expect(safetyWordIndices(publicKey)).toEqual(expected.indices);
    }
  });

  it("differ when one bit of the key differs", () => {
    const raw = Buffer.from(generateKeyPair().publicKey, "base64");
    const original = surveyKeyFingerprint(raw.toString("base64"));
    raw[31] = (raw[31] as number) ^ 1;
    expect(surveyKeyFingerprint(raw.toString("base64"))).not.toBe(original);
  });

  it("refuse what is not a 32-byte standard-base64 key", () => {
    expect(surveyKeyFingerprint("")).toBeNull();
    expect(surveyKeyFingerprint(Buffer.alloc(31).toString("base64"))).toBeNull();
    expect(surveyKeyFingerprint(Buffer.alloc(32).toString("base64url"))).toBeNull();
  });

  it("ride in the link's fragment, replacing any fragment it had", () => {
    const { publicKey } = generateKeyPair();
    const link = linkWithFingerprint("https://voz.example.org/s/passport-access#old", publicKey);
    const url = new URL(link);
    expect(url.pathname).toBe("/s/passport-access");
    expect(url.hash).toBe(`#k=${independentFingerprint(publicKey).link}`);
  });

  it("are read from a fragment with other parameters, and malformed ones are told apart", () => {
    expect(fingerprintInFragment(`#lang=es&k=${VECTOR_FINGERPRINT}`)).toBe(VECTOR_FINGERPRINT);
    expect(fingerprintInFragment("#lang=es")).toBeUndefined();
    expect(fingerprintInFragment("")).toBeUndefined();
    expect(fingerprintInFragment("#k=short")).toBeNull();
    expect(fingerprintInFragment(`#k=${VECTOR_FINGERPRINT}=`)).toBeNull();
  });
});

describe("the check before sealing", () => {
  it("passes the key the link names, and says it checked", () => {
    expect(checkSurveyKey(`#k=${VECTOR_FINGERPRINT}`, VECTOR_KEY)).toEqual({
      ok: true,
      checked: true,
    });
  });

  it("refuses a key swapped in the database, even one sharing the first bytes of the hash", () => {
    const attacker = generateKeyPair().publicKey;
    expect(checkSurveyKey(`#k=${VECTOR_FINGERPRINT}`, attacker)).toEqual({
      ok: false,
      reason: "mismatch",
    });
    // A fingerprint off by its last character is still a mismatch, not a prefix match.
    const near = `${VECTOR_FINGERPRINT.slice(0, 21)}${VECTOR_FINGERPRINT.endsWith("g") ? "h" : "g"}`;
    expect(checkSurveyKey(`#k=${near}`, VECTOR_KEY)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("refuses a malformed fingerprint rather than skipping the check", () => {
    expect(checkSurveyKey("#k=", VECTOR_KEY)).toEqual({ ok: false, reason: "malformed" });
  });

  it("lets a link without a fingerprint through, marked unchecked", () => {
    expect(checkSurveyKey("", VECTOR_KEY)).toEqual({ ok: true, checked: false });
  });
});

describe("member key safety words", () => {
  it("are six words of the chosen BIP-39 list, the same positions in every language", () => {
    const { publicKey } = generateKeyPair();
    const indices = independentFingerprint(publicKey).indices;
    expect(safetyWords(publicKey, english)).toEqual(indices.map((i) => english[i]));
    expect(safetyWords(publicKey, spanish)).toEqual(indices.map((i) => spanish[i]));
    expect(safetyWords(publicKey, english)).toHaveLength(SAFETY_WORD_COUNT);
  });

  it("refuse a word list that is not 2048 words long", () => {
    const { publicKey } = generateKeyPair();
    expect(() => safetyWords(publicKey, english.slice(1))).toThrow(/2048/);
  });

  it("spread over the whole list (no index bias from the bit slicing)", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) {
      for (const index of safetyWordIndices(generateKeyPair().publicKey) ?? []) seen.add(index);
    }
    // 2400 draws from 2048 values: about 1420 distinct expected; a stuck bit would halve it.
    expect(seen.size).toBeGreaterThan(1200);
    expect(Math.max(...seen)).toBeGreaterThan(2000);
  });
});
