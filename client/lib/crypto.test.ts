import { readFileSync } from "node:fs";
import fc from "fast-check";
import sodium from "libsodium-wrappers";
import sumo from "libsodium-wrappers-sumo";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseSurvey, type Question, type Survey } from "../../surveys/schema";
import type { Answers, AnswerValue } from "./answers";
import {
  asEnvelope,
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
  sealedDigest,
  toBase64,
} from "./crypto";

// DESIGN §4 numbers, written out so that a change to the module's constants fails here.
const BLOCK = 256;
const SEALBYTES = 48;

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../test/fixtures/envelope/${name}`, import.meta.url)));
const fixtureText = (name: string) => new TextDecoder().decode(fixture(name));

const keyPair: KeyPair = JSON.parse(fixtureText("keypair.json"));
const plaintext = fixture("plaintext.json");
const committed: Envelope = JSON.parse(fixtureText("plaintext.json"));
const ciphertext = fixtureText("ciphertext.txt").trim();
const surveyJson = JSON.parse(fixtureText("survey.json"));
const utf8 = new TextEncoder();

function fixtureSurvey(): Survey {
  const parsed = parseSurvey(surveyJson);
  if (!parsed.ok) throw new Error(`survey.json is invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.value;
}
const survey = fixtureSurvey();

let key: OpenKey;
beforeAll(async () => {
  await ready();
  const opened = openKey(keyPair);
  if (!opened) throw new Error("keypair.json does not hold an X25519 key pair");
  key = opened;
});

/** Seals any JSON value the way seal() does, for plaintexts that are not envelopes. */
const sealJson = (value: unknown) =>
  sealBytes(utf8.encode(JSON.stringify(value)), keyPair.publicKey);
const withAnswers = (answers: Answers): Envelope => ({ ...committed, answers });
const unreadable = (detail: string) => ({ ok: false, reason: "unreadable", detail });

/** XORs one byte of the sealed bytes with a mask and re-encodes them as standard base64. */
function alterByte(text: string, index: number, mask: number): string {
  const bytes = fromBase64(text);
  if (!bytes) throw new Error("not base64");
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] ?? 0) ^ mask;
  return toBase64(bytes);
}

function sealedLength(text: string): number {
  const bytes = fromBase64(text);
  if (!bytes) throw new Error("not base64");
  return bytes.length;
}

describe("the committed known-answer fixtures", () => {
  it("answer a valid survey with one question of each type and one shown only on a condition", () => {
    expect(parseSurvey(surveyJson).ok).toBe(true);
    expect(survey.slug).toBe("kat-survey");
    expect(survey.languages).toEqual(["es", "en"]);
    expect(new Set(survey.questions.map((q) => q.type))).toEqual(
      new Set(["single", "multi", "number", "text"]),
    );
    expect(survey.questions.some((q) => q.type === "number" && q.bins?.length)).toBe(true);
    const conditional = survey.questions.filter((q) => q.showIf).map((q) => q.id);
    expect(conditional).toHaveLength(1);
    expect(Object.keys(committed.answers)).toEqual(expect.arrayContaining(conditional));
  });

  it("hold a key pair whose public key is the X25519 public key of its secret key", () => {
    const secretKey = fromBase64(keyPair.secretKey);
    expect(secretKey).not.toBeNull();
    expect(toBase64(sodium.crypto_scalarmult_base(secretKey ?? new Uint8Array()))).toBe(
      keyPair.publicKey,
    );
    expect(keyPair).toHaveProperty("note", expect.stringMatching(/test key only/i));
  });

  it("hold a compact UTF-8 JSON plaintext with a non-ASCII answer", () => {
    expect(new TextDecoder("utf-8", { fatal: true }).decode(plaintext)).toMatch(
      /^\{"v":1,"survey":"kat-survey","version":1,"answers":\{.*Señora João ñ 🙂.*\}\}$/u,
    );
  });

  it("open with the committed key to exactly the committed plaintext bytes", () => {
    expect(openBytes(ciphertext, key)).toEqual(plaintext);
  });

  it("open with the committed key to the envelope the committed plaintext parses to", () => {
    expect(open(ciphertext, key, survey)).toEqual({ ok: true, envelope: committed });
  });

  it("seal one block of padded plaintext plus the seal", () => {
    expect(plaintext.length).toBeLessThan(BLOCK);
    expect(sealedLength(ciphertext)).toBe(BLOCK + SEALBYTES);
  });

  it("are written by seal() byte for byte: compact JSON, keys in envelope order", () => {
    expect(openBytes(seal(committed, keyPair.publicKey, survey), key)).toEqual(plaintext);
  });
});

describe("padding hides all but a coarse length", () => {
  it.each([
    [0, 256],
    [1, 256],
    [255, 256],
    [256, 512],
    [511, 512],
    [512, 768],
  ])("a plaintext of %i bytes pads to %i bytes: itself, 0x80, then zeros", (length, padded) => {
    const bytes = new Uint8Array(length).fill(0x41);
    const expected = new Uint8Array(padded);
    expected.set(bytes);
    expected[length] = 0x80;
    expect(pad(bytes)).toEqual(expected);
  });

  it.each([0, 1, 255, 256, 511, 512])(
    "a plaintext of %i bytes seals to its padded length plus 48 bytes",
    (length) => {
      const padded = (Math.floor(length / BLOCK) + 1) * BLOCK;
      expect(sealedLength(sealBytes(new Uint8Array(length), keyPair.publicKey))).toBe(
        padded + SEALBYTES,
      );
    },
  );

  it("any bytes, even ending in 0x80 or zeros, come back whole", () => {
    const tricky = fc.oneof(
      fc.uint8Array({ maxLength: 700 }),
      fc.uint8Array({ maxLength: 300 }).map((b) => Uint8Array.of(...b, 0x80)),
      fc.uint8Array({ maxLength: 300 }).map((b) => Uint8Array.of(...b, 0x80, 0, 0)),
    );
    fc.assert(
      fc.property(tricky, (bytes) => {
        expect(openBytes(sealBytes(bytes, keyPair.publicKey), key)).toEqual(bytes);
      }),
    );
  });

  it("every envelope of a survey seals to one length: its largest answers, whole blocks, the seal", () => {
    // The survey's texts and numbers at their longest, written out independently of envelope.ts.
    const longest = utf8.encode(
      JSON.stringify({
        v: 1,
        survey: survey.slug,
        version: survey.version,
        answers: Object.fromEntries(
          survey.questions.flatMap((q): [string, unknown][] => {
            if (q.type === "note") return [];
            if (q.type === "text") return [[q.id, "€".repeat(q.maxLength ?? 10_000)]];
            if (q.type === "number") return [[q.id, -0.0000012345678901234567]];
            if (q.type === "month") return [[q.id, "2025-01"]];
            const ids = q.options.map((o) => o.id);
            if (q.type === "multi") return [[q.id, ids]];
            return [[q.id, ids.sort((a, b) => b.length - a.length)[0]]];
          }),
        ),
      }),
    ).length;
    const expected = Math.ceil((longest + 1) / BLOCK) * BLOCK + SEALBYTES;
    fc.assert(
      fc.property(envelopeOf(survey), (envelope) => {
        expect(sealedLength(seal(envelope, keyPair.publicKey, survey))).toBe(expected);
      }),
    );
  });

  it("refuses to seal an envelope of another survey or version than the one it pads to", () => {
    expect(() => seal({ ...committed, version: 2 }, keyPair.publicKey, survey)).toThrow();
    expect(() => seal({ ...committed, survey: "other" }, keyPair.publicKey, survey)).toThrow();
  });
});

describe("naming a sealed box by its bytes", () => {
  it("gives one box stored twice one digest, and two sealings of the same answers two", () => {
    const once = seal(committed, keyPair.publicKey, survey);
    const again = seal(committed, keyPair.publicKey, survey);
    expect(sealedDigest(once)).toBe(sealedDigest(`${once}`));
    expect(sealedDigest(once)).not.toBe(sealedDigest(again));
    // BLAKE2b-128 of the decoded bytes, computed here with libsodium directly.
    const bytes = sodium.from_base64(once, sodium.base64_variants.ORIGINAL);
    expect(sealedDigest(once)).toBe(
      sodium.to_base64(sodium.crypto_generichash(16, bytes, null), sodium.base64_variants.ORIGINAL),
    );
    expect(sealedDigest("not base64!")).toBeNull();
  });
});

describe("seal then open", () => {
  it("returns the same envelope for any valid answers to the survey", () => {
    fc.assert(
      fc.property(envelopeOf(survey), (envelope) => {
        expect(open(seal(envelope, keyPair.publicKey, survey), key, survey)).toEqual({
          ok: true,
          envelope,
        });
      }),
    );
  });

  it("finds the survey version the envelope names among several", () => {
    const next = { ...survey, version: 2 };
    const envelope = { ...committed, version: 2 };
    expect(open(seal(envelope, keyPair.publicKey, next), key, [survey, next])).toEqual({
      ok: true,
      envelope,
    });
  });
});

describe("opening in libsodium's own memory", () => {
  /** libsodium's WebAssembly memory, which the wrappers do not declare. */
  const heap = () => (sodium as unknown as { libsodium: { HEAPU8: Uint8Array } }).libsodium.HEAPU8;

  /** What libsodium-wrappers' own crypto_box_seal_open and sodium.unpad make of a box. */
  const libsodiumOpens = (text: string) => {
    try {
      const box = sodium.from_base64(text, sodium.base64_variants.ORIGINAL);
      const opened = sodium.crypto_box_seal_open(box, key.publicKey, key.secretKey);
      return sodium.unpad(opened, BLOCK);
    } catch {
      return null;
    }
  };

  it("opens what libsodium's wrapper opens, byte for byte, while libsodium's memory grows", () => {
    let grown = 0;
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.nat(3000),
        fc.boolean(),
        (bytes, tamper, grow) => {
          let text = sealBytes(bytes, keyPair.publicKey);
          if (tamper < sealedLength(text)) text = alterByte(text, tamper, 0x40);
          if (grow && grown < 3) {
            // The wrapper copies the message into libsodium's memory, which grows to hold it:
            // the memory seen before is then a detached buffer.
            const before = heap();
            sodium.crypto_generichash(32, new Uint8Array(before.length + 1_000_000), null);
            if (heap().buffer !== before.buffer) grown++;
          }
          const expected = libsodiumOpens(text);
          const opened = openBytes(text, key);
          if (expected === null) expect(opened).toMatch(/wrong_key_or_tampered|bad_padding/);
          else expect(opened).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
    expect(grown).toBeGreaterThan(0);
  });

  it("leaves neither the plaintext nor the secret key behind in that memory", async () => {
    await sumo.ready;
    // Made and sealed by another instance of libsodium, with its own memory, and encoded by
    // Node: only the opening puts the secret key and the plaintext into this instance's.
    const pair = sumo.crypto_box_keypair();
    const secret = openKey({
      publicKey: Buffer.from(pair.publicKey).toString("base64"),
      secretKey: Buffer.from(pair.privateKey).toString("base64"),
    });
    if (!secret) throw new Error("not a key pair");
    const canary = "canary-4f1d9c0e, a text answer";
    const envelope = withAnswers({ ...committed.answers, comment: canary });
    const padded = sumo.pad(utf8.encode(JSON.stringify(envelope)), BLOCK);
    const sealed = Buffer.from(sumo.crypto_box_seal(padded, pair.publicKey)).toString("base64");
    expect(open(sealed, secret, survey)).toEqual({ ok: true, envelope });
    const memory = Buffer.from(heap());
    expect(memory.indexOf(canary)).toBe(-1);
    expect(memory.indexOf(Buffer.from(pair.privateKey))).toBe(-1);
  });
});

describe("open refuses, without throwing, a ciphertext that", () => {
  it.each([
    ["the first byte of the ephemeral key", 0],
    ["the last byte of the ephemeral key", 31],
    ["the first byte of the MAC", 32],
    ["the last byte of the MAC", 47],
    ["the first byte of the body", 48],
    ["the middle of the body", 150],
    ["the last byte", -1],
  ])("has a bit flipped in %s", (_, index) => {
    for (const mask of [0x01, 0x10, 0x80]) {
      expect(open(alterByte(ciphertext, index, mask), key, survey)).toEqual(
        unreadable("wrong_key_or_tampered"),
      );
    }
  });

  it("has any one byte changed anywhere", () => {
    const length = sealedLength(ciphertext);
    fc.assert(
      fc.property(fc.nat(length - 1), fc.integer({ min: 1, max: 255 }), (index, mask) => {
        expect(open(alterByte(ciphertext, index, mask), key, survey)).toEqual(
          unreadable("wrong_key_or_tampered"),
        );
      }),
    );
  });

  it("is opened with another survey's secret key", () => {
    const other = generateKeyPair();
    const wrongSecret = openKey({ publicKey: keyPair.publicKey, secretKey: other.secretKey });
    const wrongPair = openKey(other);
    for (const wrong of [wrongSecret, wrongPair]) {
      expect(wrong).not.toBeNull();
      if (wrong)
        expect(open(ciphertext, wrong, survey)).toEqual(unreadable("wrong_key_or_tampered"));
    }
  });

  it("is opened with the right secret key but another public key", () => {
    const wrong = openKey({ publicKey: generateKeyPair().publicKey, secretKey: keyPair.secretKey });
    expect(wrong).not.toBeNull();
    if (wrong) expect(open(ciphertext, wrong, survey)).toEqual(unreadable("wrong_key_or_tampered"));
  });

  it.each([
    ["its last byte", 1],
    ["its last 16 bytes", 16],
    ["its whole body, keeping the ephemeral key and the MAC", BLOCK],
    ["all but 47 bytes", BLOCK + 1],
    ["everything", BLOCK + SEALBYTES],
  ])("lost %s", (_, cut) => {
    const bytes = fromBase64(ciphertext) ?? new Uint8Array();
    const truncated = toBase64(bytes.subarray(0, bytes.length - cut));
    expect(open(truncated, key, survey)).toEqual(unreadable("wrong_key_or_tampered"));
  });

  it.each([
    ["is not base64 at all", () => "this is not base64!"],
    ["lost its last base64 character", () => ciphertext.slice(0, -1)],
    ["is url-safe base64", () => ciphertext.replaceAll("+", "-").replaceAll("/", "_")],
    ["is missing its base64 padding", () => ciphertext.replace(/=+$/, "")],
    ["is wrapped over lines", () => ciphertext.replace(/.{76}/g, "$&\n")],
    ["has a trailing newline", () => `${ciphertext}\n`],
    ["has a space inside", () => `${ciphertext.slice(0, 8)} ${ciphertext.slice(8)}`],
  ])("%s", (_, mangle) => {
    // Preconditions, so that each mangling really changes the text.
    expect(ciphertext).toMatch(/[+]/);
    expect(ciphertext).toMatch(/[/]/);
    expect(ciphertext).toMatch(/=$/);
    const text = mangle();
    expect(text).not.toBe(ciphertext);
    expect(open(text, key, survey)).toEqual(unreadable("not_base64"));
  });

  it.each([
    ["plain text", utf8.encode("not json")],
    ["nothing", new Uint8Array()],
    ["JSON cut short", plaintext.subarray(0, 40)],
    ["bytes that are not UTF-8", Uint8Array.of(0x7b, 0xc3, 0x28, 0x7d)],
    ["two JSON values", utf8.encode('{"v":1} {"v":1}')],
  ])("holds %s instead of JSON", (_, bytes) => {
    expect(open(sealBytes(bytes, keyPair.publicKey), key, survey)).toEqual(unreadable("not_json"));
  });

  it.each([
    ["an extra field", { ...committed, extra: true }],
    ["format version 2", { ...committed, v: 2 }],
    ["format version as a string", { ...committed, v: "1" }],
    ["no answers", { v: 1, survey: "kat-survey", version: 1 }],
    ["answers as a list", { ...committed, answers: [] }],
    [
      "an answer that is an object",
      withAnswers({ ...committed.answers, role: { id: 1 } } as never),
    ],
    ["an answer that is null", withAnswers({ ...committed.answers, role: null } as never)],
    ["a survey version of 0", { ...committed, version: 0 }],
    ["a survey version of 1.5", { ...committed, version: 1.5 }],
    ["null", null],
    ["a list", [committed]],
    ["a string", "kat-survey"],
  ])("holds JSON with %s, which is not an envelope", (_, value) => {
    expect(open(sealJson(value), key, survey)).toEqual(unreadable("not_an_envelope"));
  });

  it.each([
    ["another survey", { ...committed, survey: "other-survey" }],
    ["a version the survey does not have", { ...committed, version: 2 }],
  ])("holds an envelope for %s", (_, envelope) => {
    expect(open(sealJson(envelope), key, survey)).toEqual(unreadable("wrong_survey"));
  });

  it.each<[string, Answers]>([
    ["an option not in the list", { ...committed.answers, role: "astronauta" }],
    ["a multi option not in the list", { ...committed.answers, services: ["agua", "gas"] }],
    ["a multi option twice", { ...committed.answers, services: ["agua", "agua"] }],
    ["an answer to a hidden question", { ...committed.answers, role: "vecina" }],
    ["a number above the maximum", { ...committed.answers, age: 121 }],
    ["a number below the minimum", { ...committed.answers, age: 15.5 }],
    ["a number given as text", { ...committed.answers, age: "42" }],
    ["a text over its maximum length", { ...committed.answers, comment: "ñ".repeat(501) }],
    ["an empty text", { ...committed.answers, comment: "" }],
    ["an empty multi", { ...committed.answers, services: [] }],
    ["an answer to no question", { ...committed.answers, salary: 1000 }],
    ["a required question unanswered", { services: ["agua"] }],
  ])("holds an envelope with %s", (_, answers) => {
    expect(open(sealJson(withAnswers(answers)), key, survey)).toEqual(
      unreadable("invalid_answers"),
    );
  });

  it.each([
    ["JSON without the 0x80 marker", plaintext],
    ["a whole block of zeros", new Uint8Array(BLOCK)],
    ["a byte other than zero after the marker", Uint8Array.of(0x7b, 0x80, 0x00, 0x01)],
    ["nothing", new Uint8Array()],
  ])("holds %s where the padding should be", (_, bytes) => {
    const sealed = toBase64(
      sodium.crypto_box_seal(bytes, fromBase64(keyPair.publicKey) ?? new Uint8Array()),
    );
    expect(open(sealed, key, survey)).toEqual(unreadable("bad_padding"));
  });

  it("is any string at all", () => {
    const text = fc.oneof(
      fc.string(),
      fc.base64String(),
      fc.uint8Array({ maxLength: 400 }).map((bytes) => toBase64(bytes)),
    );
    fc.assert(
      fc.property(text, (candidate) => {
        expect(open(candidate, key, survey)).toMatchObject({ ok: false, reason: "unreadable" });
      }),
    );
  });
});

describe("the envelope's shape", () => {
  /** The zod schema asEnvelope replaced, kept here as the reference it must agree with. */
  const zodShape = z.strictObject({
    v: z.literal(1),
    survey: z.string(),
    version: z.number().int().min(1),
    answers: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
  });

  it("is what the zod schema it replaced accepts, whatever the JSON", () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    // Mostly what an envelope holds, so that both accepting and each way of refusing are tried.
    const mostly = <T>(valid: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: value });
    const answer = fc.oneof(
      { weight: 6, arbitrary: fc.oneof(fc.string(), fc.integer(), fc.array(fc.string())) },
      { weight: 1, arbitrary: value },
      { weight: 1, arbitrary: fc.array(fc.oneof(fc.string(), value)) },
      { weight: 1, arbitrary: fc.dictionary(fc.string(), value) },
    );
    const envelopeLike = fc.record(
      {
        v: mostly(fc.constant(1)),
        survey: mostly(fc.string()),
        // Past 2^53 too: zod's int() refuses a whole number it cannot hold exactly (found at run 645).
        version: fc.oneof(
          fc.integer({ min: -2, max: 5 }),
          fc.double({ min: -2, max: 5 }),
          fc.constantFrom(2 ** 53 - 1, 2 ** 53, 2 ** 60),
          value,
        ),
        answers: fc.oneof(
          { weight: 5, arbitrary: fc.dictionary(fc.string(), answer, { maxKeys: 4 }) },
          { weight: 1, arbitrary: fc.array(value) },
          { weight: 1, arbitrary: value },
        ),
        extra: value,
      },
      { requiredKeys: ["v", "survey", "version", "answers"] },
    );
    const json = fc
      .oneof(envelopeLike, fc.jsonValue())
      .map((x) => JSON.parse(JSON.stringify(x) ?? "null") as unknown);
    fc.assert(
      fc.property(json, (candidate) => {
        const parsed = zodShape.safeParse(candidate);
        expect(asEnvelope(candidate)).toEqual(parsed.success ? parsed.data : null);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("base64", () => {
  /** libsodium's strict decoder, which fromBase64 replaced: null where it throws. */
  const libsodiumDecodes = (text: string) => {
    try {
      return sodium.from_base64(text, sodium.base64_variants.ORIGINAL);
    } catch {
      return null;
    }
  };

  it("is decoded exactly as libsodium decodes it, whatever the text", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \nä";
    const text = fc.oneof(
      fc.string(),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => toBase64(bytes)),
      fc.uint8Array({ maxLength: 4000 }).map((bytes) => toBase64(bytes)),
      // Valid text with one character changed: junk, padding in the middle, bits after the end.
      fc
        .tuple(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.nat(), fc.nat())
        .map(([bytes, at, pick]) => {
          const valid = toBase64(bytes);
          const i = at % valid.length;
          return valid.slice(0, i) + alphabet[pick % alphabet.length] + valid.slice(i + 1);
        }),
      fc.string({ unit: fc.constantFrom(...alphabet) }),
    );
    fc.assert(
      fc.property(text, (candidate) => {
        expect(fromBase64(candidate)).toEqual(libsodiumDecodes(candidate));
      }),
      { numRuns: 2000 },
    );
  });
});

/**
 * DESIGN §3, written out here so the generator does not lean on the code under test. The
 * surveys sealed here use v0.1 conditions only ("shown if an earlier answer is any of…").
 */
function shown(question: Question, answers: Answers): boolean {
  if (!question.showIf) return true;
  if (!("equals" in question.showIf)) throw new Error("this generator knows v0.1 conditions only");
  const { question: earlier, equals } = question.showIf;
  const accepted = Array.isArray(equals) ? equals : [equals];
  const given = answers[earlier];
  const chosen = Array.isArray(given) ? given : [given];
  return chosen.some((value) => typeof value === "string" && accepted.includes(value));
}

function answerTo(question: Question): fc.Arbitrary<AnswerValue> {
  switch (question.type) {
    case "single":
      return fc.constantFrom(...question.options.map((o) => o.id));
    case "multi":
      return fc.shuffledSubarray(
        question.options.map((o) => o.id),
        { minLength: 1 },
      );
    case "number": {
      const min = question.min ?? -1e9;
      const max = question.max ?? 1e9;
      return fc
        .oneof(
          fc.integer({ min: Math.ceil(min), max: Math.floor(max) }),
          fc.double({ min, max, noNaN: true }),
        )
        .map((n) => n + 0); // JSON has no -0
    }
    case "text": {
      const max = question.maxLength ?? 10_000;
      return fc
        .string({ unit: "binary", minLength: 1, maxLength: max })
        .map((s) => s.slice(0, max))
        .filter((s) => s.trim() !== "");
    }
    case "month":
    case "note":
      throw new Error(`this generator knows v0.1 question types only, not ${question.type}`);
  }
}

/** Valid envelopes for a survey: hidden questions carry no key, required ones always do. */
function envelopeOf(target: Survey): fc.Arbitrary<Envelope> {
  const candidates = target.questions.map((q) =>
    q.required ? answerTo(q) : fc.option(answerTo(q), { nil: undefined }),
  );
  return fc.tuple(...candidates).map((values) => {
    const answers: Answers = {};
    target.questions.forEach((q, i) => {
      const value = values[i];
      if (value !== undefined && shown(q, answers)) answers[q.id] = value;
    });
    return { v: 1, survey: target.slug, version: target.version, answers };
  });
}
