import { beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, ready } from "./crypto";
import {
  createMemberKey,
  loginSecret,
  openSurveyKey,
  readyKeyring,
  sealSurveyKey,
  unwrapMemberKey,
} from "./keyring";

const PASSPHRASE = "correct horse battery staple";

beforeAll(async () => {
  await ready();
  await readyKeyring();
});

describe("member keys wrapped with a passphrase", () => {
  it("unwrap with the right passphrase to the key pair they were made with", () => {
    const wrapped = createMemberKey(PASSPHRASE);
    const opened = unwrapMemberKey(JSON.parse(JSON.stringify(wrapped)), PASSPHRASE);
    expect(opened.ok).toBe(true);
    if (opened.ok) expect(opened.keyPair.publicKey).toBe(wrapped.publicKey);
    expect(JSON.stringify(wrapped)).not.toContain(
      opened.ok ? opened.keyPair.secretKey : "unreachable",
    );
  });

  it("do not unwrap with a wrong passphrase", () => {
    const wrapped = createMemberKey(PASSPHRASE);
    expect(unwrapMemberKey(wrapped, "correct horse battery stapler")).toEqual({
      ok: false,
      reason: "wrong_passphrase",
    });
  });

  it("refuse a copy with a weakened key-derivation cost, as a hostile server might serve", () => {
    const wrapped = createMemberKey(PASSPHRASE);
    expect(unwrapMemberKey({ ...wrapped, opslimit: 1 }, PASSPHRASE)).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(unwrapMemberKey({ ...wrapped, memlimit: 8192 }, PASSPHRASE)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("refuse a box swapped under another member's public key", () => {
    const mine = createMemberKey(PASSPHRASE);
    const theirs = createMemberKey("another passphrase entirely");
    expect(unwrapMemberKey({ ...mine, publicKey: theirs.publicKey }, PASSPHRASE)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("refuse a tampered box", () => {
    const wrapped = createMemberKey(PASSPHRASE);
    const bytes = Buffer.from(wrapped.ciphertext, "base64");
    bytes[5] = (bytes[5] ?? 0) ^ 1;
    expect(
      unwrapMemberKey({ ...wrapped, ciphertext: bytes.toString("base64") }, PASSPHRASE).ok,
    ).toBe(false);
  });

  it("will not wrap with a short passphrase", () => {
    expect(() => createMemberKey("short")).toThrow();
  });
});

describe("survey keys sealed to members", () => {
  it("open only for the member they were sealed to", () => {
    const survey = generateKeyPair();
    const alice = generateKeyPair();
    const bob = generateKeyPair();
    const sealed = sealSurveyKey(survey, alice.publicKey);
    expect(openSurveyKey(sealed, alice)).toEqual(survey);
    expect(openSurveyKey(sealed, bob)).toBeNull();
    expect(sealed).not.toContain(survey.secretKey);
  });

  it("open nothing from a tampered or junk box", () => {
    const alice = generateKeyPair();
    const sealed = Buffer.from(sealSurveyKey(generateKeyPair(), alice.publicKey), "base64");
    sealed[60] = (sealed[60] ?? 0) ^ 0x40;
    expect(openSurveyKey(sealed.toString("base64"), alice)).toBeNull();
    expect(openSurveyKey("not base64 at all!", alice)).toBeNull();
  });
});

describe("the login secret", () => {
  it("is stable for an email and passphrase, whatever the email's case", () => {
    expect(loginSecret("Ana@Example.org", PASSPHRASE)).toBe(
      loginSecret("ana@example.org ", PASSPHRASE),
    );
  });

  it("differs by email and passphrase, and does not contain the passphrase", () => {
    const secret = loginSecret("ana@example.org", PASSPHRASE);
    expect(secret).not.toBe(loginSecret("bea@example.org", PASSPHRASE));
    expect(secret).not.toBe(loginSecret("ana@example.org", `${PASSPHRASE}!`));
    expect(secret).not.toContain(PASSPHRASE);
    expect(Buffer.from(secret, "base64")).toHaveLength(32);
  });

  it("cannot unwrap the member key: it is not the passphrase", () => {
    const wrapped = createMemberKey(PASSPHRASE);
    expect(unwrapMemberKey(wrapped, loginSecret("ana@example.org", PASSPHRASE)).ok).toBe(false);
  });
});
