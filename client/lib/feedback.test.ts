import { xsalsa20poly1305 } from "@noble/ciphers/salsa.js";
import { blake2b } from "@noble/hashes/blake2.js";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  fromBase64,
  generateKeyPair,
  type KeyPair,
  type OpenKey,
  openKey,
  toBase64,
} from "./crypto";
import {
  formatReplyCode,
  type Message,
  newReplyCode,
  normalizeReplyCode,
  openCoding,
  openMessage,
  openReply,
  parseMessage,
  REPLY_CODE_ALPHABET,
  ready,
  replyKey,
  replyKeyFromMessage,
  replyLookup,
  sealCoding,
  sealMessage,
  sealReply,
} from "./feedback";

beforeAll(ready);

function opener(pair: KeyPair): OpenKey {
  const key = openKey(pair);
  if (!key) throw new Error("not a key pair");
  return key;
}

const CODE = "K7QF-2M9D-8XTA-PW3C-HN5E";

/** XORs one byte of base64 bytes and re-encodes them. */
function alter(text: string, index: number): string {
  const bytes = fromBase64(text);
  if (!bytes) throw new Error("not base64");
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return toBase64(bytes);
}

describe("reply codes", () => {
  it("are 20 Crockford symbols in five groups of four", () => {
    for (let i = 0; i < 200; i++) {
      const code = newReplyCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    }
  });

  it("use the whole alphabet and nothing else, so they carry 100 bits", () => {
    expect(REPLY_CODE_ALPHABET).toHaveLength(32);
    expect(new Set(REPLY_CODE_ALPHABET).size).toBe(32);
    expect(REPLY_CODE_ALPHABET).not.toMatch(/[ILOU]/);
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) for (const ch of newReplyCode().replace(/-/g, "")) seen.add(ch);
    expect([...seen].sort().join("")).toBe([...REPLY_CODE_ALPHABET].sort().join(""));
  });

  it("are not repeated", () => {
    const codes = new Set(Array.from({ length: 1000 }, newReplyCode));
    expect(codes.size).toBe(1000);
  });

  it("normalize case, spaces, dashes and the letters people mistake for digits", () => {
    expect(normalizeReplyCode(CODE)).toBe("K7QF2M9D8XTAPW3CHN5E");
    expect(normalizeReplyCode(" k7qf 2m9d-8xta pw3c--hn5e ")).toBe("K7QF2M9D8XTAPW3CHN5E");
    expect(normalizeReplyCode("OOOO-IIII-LLLL-oooo-iill")).toBe("00001111111100001111");
  });

  it("are refused at the wrong length or with symbols outside the alphabet", () => {
    expect(normalizeReplyCode("K7QF-2M9D-8XTA-PW3C-HN5")).toBeNull();
    expect(normalizeReplyCode("K7QF-2M9D-8XTA-PW3C-HN5EE")).toBeNull();
    expect(normalizeReplyCode("")).toBeNull();
    expect(normalizeReplyCode("U7QF-2M9D-8XTA-PW3C-HN5E")).toBeNull();
    expect(normalizeReplyCode("K7QF-2M9D-8XTA-PW3C-HN5!")).toBeNull();
  });

  it("round-trip through display grouping", () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const code = newReplyCode();
        const normalized = normalizeReplyCode(code);
        expect(normalized).not.toBeNull();
        expect(formatReplyCode(normalized as string)).toBe(code);
      }),
      { numRuns: 100 },
    );
  });
});

describe("lookup and reply key", () => {
  it("are different values derived from the same code", () => {
    const lookup = replyLookup(CODE);
    expect(lookup).toMatch(/^[0-9a-f]{64}$/);
    expect(lookup).not.toBe(Buffer.from(replyKey(CODE)).toString("hex"));
    expect(replyKey(CODE)).toHaveLength(32);
  });

  it("do not depend on how the code was typed", () => {
    expect(replyLookup("k7qf 2m9d 8xta pw3c hn5e")).toBe(replyLookup(CODE));
    expect(replyKey("K7QF2M9D8XTAPW3CHN5E")).toEqual(replyKey(CODE));
  });

  it("both change when any one symbol of the code changes", () => {
    const base = normalizeReplyCode(CODE) as string;
    for (let i = 0; i < base.length; i++) {
      const other = [...REPLY_CODE_ALPHABET].find((ch) => ch !== base[i]) as string;
      const changed = base.slice(0, i) + other + base.slice(i + 1);
      expect(replyLookup(changed)).not.toBe(replyLookup(base));
      expect(replyKey(changed)).not.toEqual(replyKey(base));
    }
  });

  it("are BLAKE2b-256 of a domain prefix and the code, as an independent implementation computes", () => {
    const expected = (text: string) => blake2b(new TextEncoder().encode(text), { dkLen: 32 });
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
    expect(replyLookup(CODE)).toBe(hex(expected("voz-reply-lookup:K7QF2M9D8XTAPW3CHN5E")));
    expect(replyKey(CODE)).toEqual(expected("voz-reply-key:K7QF2M9D8XTAPW3CHN5E"));
  });

  it("are pinned, so a browser and a later version derive the same ones", () => {
    expect(replyLookup(CODE)).toMatchInlineSnapshot(
      `"90ae791bf4c193a3348fce587abc317e6b8e967c3be4f873c99a533454af199d"`,
    );
    expect(toBase64(replyKey(CODE))).toMatchInlineSnapshot(
      `"/U+nHOKkvOIeM8JxgVVrEFOiZ4e5Pu7lIHivgs4tDrY="`,
    );
  });

  it("refuse something that is not a code instead of hashing it", () => {
    expect(() => replyLookup("not a code")).toThrow();
  });
});

describe("replies", () => {
  const key = () => replyKey(CODE);

  it("open with the key derived from the code", () => {
    const text = "Gracias. Su queja fue enviada al equipo de Lima; respuesta en 5 días.";
    expect(openReply(sealReply(text, key()), replyKey("k7qf-2m9d-8xta-pw3c-hn5e"))).toBe(text);
  });

  it("are base64 of a 24-byte nonce and an XSalsa20-Poly1305 box of the padded text, as noble reads it", () => {
    const text = "Respuesta: sí, atendemos los sábados.";
    const bytes = fromBase64(sealReply(text, key())) as Uint8Array;
    const padded = xsalsa20poly1305(key(), bytes.subarray(0, 24)).decrypt(bytes.subarray(24));
    expect(padded.length % 256).toBe(0);
    // ISO/IEC 7816-4: the text, one 0x80, then zeros to the block (DESIGN §4).
    const encoded = new TextEncoder().encode(text);
    expect(padded.subarray(0, encoded.length)).toEqual(encoded);
    expect(padded[encoded.length]).toBe(0x80);
    expect(padded.subarray(encoded.length + 1).every((b) => b === 0)).toBe(true);
  });

  it("hide the length of short texts", () => {
    expect(sealReply("sí", key()).length).toBe(sealReply("x".repeat(200), key()).length);
  });

  it("do not open with another code's key", () => {
    const sealed = sealReply("hola", key());
    expect(openReply(sealed, replyKey(newReplyCode()))).toBeNull();
  });

  it("do not open when any byte was altered", () => {
    const sealed = sealReply("hola", key());
    const length = (fromBase64(sealed) as Uint8Array).length;
    for (const index of [0, 23, 24, 40, length - 1]) {
      expect(openReply(alter(sealed, index), key())).toBeNull();
    }
  });

  it("do not open from junk, truncation or a short key", () => {
    expect(openReply("not base64!", key())).toBeNull();
    expect(openReply(toBase64(new Uint8Array(30)), key())).toBeNull();
    expect(openReply(sealReply("hola", key()), new Uint8Array(16))).toBeNull();
  });
});

describe("messages", () => {
  const message = (): Message => ({
    category: "complaint",
    country: "pe",
    message: "Nos cobraron por un trámite que debía ser gratis.",
    replyKey: toBase64(replyKey(CODE)),
  });

  it("open with the channel key and give back the reply key inside", () => {
    const pair = generateKeyPair();
    const opened = openMessage(sealMessage(message(), pair.publicKey), opener(pair));
    expect(opened).toEqual({ ok: true, message: message() });
    if (!opened.ok) return;
    expect(replyKeyFromMessage(opened.message)).toEqual(replyKey(CODE));
  });

  it("are unreadable with another key or when altered", () => {
    const pair = generateKeyPair();
    const sealed = sealMessage(message(), pair.publicKey);
    expect(openMessage(sealed, opener(generateKeyPair()))).toMatchObject({
      ok: false,
      reason: "unreadable",
    });
    expect(openMessage(alter(sealed, 60), opener(pair))).toMatchObject({
      ok: false,
      reason: "unreadable",
    });
  });

  it("are checked field by field", () => {
    const errors = (value: unknown) => {
      const parsed = parseMessage(value);
      return parsed.ok ? [] : parsed.errors.map((e) => e.field);
    };
    expect(errors(message())).toEqual([]);
    expect(errors({ ...message(), category: "rumour" })).toEqual(["category"]);
    expect(errors({ ...message(), message: "   " })).toEqual(["message"]);
    // Invisible characters trim() keeps: zero-width space, joiner, direction mark, BOM.
    expect(errors({ ...message(), message: "\u200b\u200d \u200e\ufeff\u2060" })).toEqual([
      "message",
    ]);
    expect(errors({ ...message(), message: "\u200bhola\u200b" })).toEqual([]);
    expect(errors({ ...message(), message: "x".repeat(4001) })).toEqual(["message"]);
    expect(errors({ ...message(), replyKey: "abc" })).toEqual(["replyKey"]);
    expect(errors({ ...message(), country: "" })).toEqual(["country"]);
    expect(errors({ ...message(), name: "Ana" })).toEqual(["name"]);
    const { replyKey: _, ...noKey } = message();
    expect(errors(noKey)).toEqual(["replyKey"]);
  });

  it("that open but do not validate are reported, not returned", () => {
    const pair = generateKeyPair();
    const sealed = sealMessage({ ...message(), category: "rumour" as "question" }, pair.publicKey);
    expect(openMessage(sealed, opener(pair))).toMatchObject({ ok: false, reason: "invalid" });
  });
});

describe("codings", () => {
  it("open with the channel key only", () => {
    const pair = generateKeyPair();
    const sealed = sealCoding({ codes: ["fees", "access"] }, pair.publicKey);
    expect(openCoding(sealed, opener(pair))).toEqual({ codes: ["fees", "access"] });
    expect(openCoding(sealed, opener(generateKeyPair()))).toBeNull();
  });
});
