// Issue 4: the server database and its logs never suffice to open a response. Everything
// key-shaped the server holds is tried as a key, a passphrase and a survey key; none opens
// anything. The control at the end opens the same response with what only a member knows.
import { existsSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import sodium from "libsodium-wrappers-sumo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { open, openBytes, openKey, seal } from "../client/lib/crypto";
import { loginSecret, openSurveyKey, unwrapMemberKey } from "../client/lib/keyring";
import { createApp } from "../server/app";
import { seededDatabase, seedSurvey } from "./harness";
import { Browser, openSurvey, type Person, readyCrypto, signUp } from "./workspace-client";

const SLUG = "server-blind";
const survey = { ...seedSurvey("cso-program-awareness"), slug: SLUG };
let owner: Person;
let stored: string;
/** Every string value in every table, JSON values unpacked: what SQL on the file yields. */
let values: string[];
let logs: string;
let ciphertexts: string[];
let cleanup: () => void;

beforeAll(async () => {
  await readyCrypto();
  await sodium.ready;
  const seeded = await seededDatabase();
  cleanup = seeded.cleanup;
  const lines: string[] = [];
  const app = createApp({ db: seeded.db, log: (entry) => lines.push(JSON.stringify(entry)) });
  owner = await signUp(app, "Blind Org", "owner@blind.example");
  const surveyKey = await openSurvey(owner, survey, [owner]);
  // The member logs in again: the server sees whatever a login sends.
  const again = await new Browser(app).request("POST", "/api/login", {
    email: owner.email,
    password: loginSecret(owner.email, owner.passphrase),
  });
  expect(again.status).toBe(200);
  ciphertexts = ["yes", "no", "yes"].map((registered) =>
    seal(
      {
        v: 1,
        survey: SLUG,
        version: 1,
        answers: { org_country: "cl", registered, knows_program: "no" },
      },
      surveyKey.publicKey,
    ),
  );
  for (const ciphertext of ciphertexts) {
    const res = await app.request(`/api/surveys/${SLUG}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: crypto.randomUUID(), ciphertext }),
    });
    expect(res.status).toBe(201);
  }
  stored = ["", "-wal"]
    .map((suffix) => `${seeded.dbPath}${suffix}`)
    .filter(existsSync)
    .map((path) => readFileSync(path).toString("latin1"))
    .join("\n");
  values = everyValue(seeded.dbPath);
  logs = lines.join("\n");
}, 60_000);

function everyValue(path: string): string[] {
  const file = new Database(path, { readonly: true });
  const out: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") {
      out.push(value, ...value.split("$"));
      try {
        collect(JSON.parse(value));
      } catch {}
    } else if (value && typeof value === "object") {
      for (const inner of Object.values(value)) collect(inner);
    }
  };
  const tables = file.prepare("select name from sqlite_master where type = 'table'").all() as {
    name: string;
  }[];
  for (const { name } of tables) collect(file.prepare(`select * from "${name}"`).all());
  file.close();
  return out;
}
afterAll(() => cleanup());

const unique = (values: Iterable<string>) => [...new Set(values)];

describe("what the server holds", () => {
  it("holds the responses, the wrapped member key and the sealed survey key (so the attack below has material)", () => {
    for (const c of ciphertexts) expect(stored).toContain(c);
    expect(stored).toContain(owner.keyPair.publicKey);
    expect(stored).toContain('"kdf":"argon2id13"');
  });

  it("holds neither the passphrase, nor the login secret, nor any secret key", () => {
    for (const secret of [
      owner.passphrase,
      loginSecret(owner.email, owner.passphrase),
      owner.keyPair.secretKey,
    ]) {
      expect(stored).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });

  it("opens no response with anything key-shaped found in the database or the logs", () => {
    const material = [...values, ...(logs.match(/[A-Za-z0-9+/=_-]{20,}/g) ?? [])];
    const keys = unique(material.filter((v) => /^[A-Za-z0-9+/]{43}=$/.test(v)));
    const sealedKeys = unique(
      material.filter((v) => /^[A-Za-z0-9+/]{100,400}={0,2}$/.test(v)),
    ).filter((s) => !ciphertexts.includes(s));
    expect(keys.length).toBeGreaterThan(3);
    expect(sealedKeys.length).toBeGreaterThan(0);

    const tries = (secretKey: string) => {
      const bytes = sodium.from_base64(secretKey, sodium.base64_variants.ORIGINAL);
      const publicKey = sodium.to_base64(
        sodium.crypto_scalarmult_base(bytes),
        sodium.base64_variants.ORIGINAL,
      );
      return { publicKey, secretKey };
    };
    for (const candidate of keys) {
      const key = openKey(tries(candidate));
      if (!key) continue;
      // Raw decryption: no answer validation stands between the attacker and the plaintext.
      for (const c of ciphertexts) expect(openBytes(c, key)).not.toBeInstanceOf(Uint8Array);
      for (const s of sealedKeys) expect(openSurveyKey(s, tries(candidate))).toBeNull();
    }
    const wrapped = JSON.parse(values.find((v) => v.includes('"kdf":"argon2id13"')) ?? "null");
    expect(wrapped).not.toBeNull();
    // Argon2id makes each guess cost ~0.3 s here; try what a server has, not a dictionary.
    const guesses = unique([
      ...keys,
      ...values.filter((v) => v.length >= 12 && v.length <= 64),
    ]).slice(0, 25);
    for (const passphrase of guesses) expect(unwrapMemberKey(wrapped, passphrase).ok).toBe(false);
  }, 60_000);

  it("opens every response for the member who knows the passphrase (the control)", () => {
    const wrapped = JSON.parse(values.find((v) => v.includes('"kdf":"argon2id13"')) ?? "null");
    const member = unwrapMemberKey(wrapped, owner.passphrase);
    if (!member.ok) throw new Error("the member's own passphrase did not unwrap the key");
    const sealedKeys = unique(values.filter((v) => /^[A-Za-z0-9+/]{100,400}={0,2}$/.test(v)));
    const surveyKey = sealedKeys
      .map((s) => openSurveyKey(s, member.keyPair))
      .find((k) => k !== null);
    const key = surveyKey && openKey(surveyKey);
    if (!key) throw new Error("no sealed survey key opened for the member");
    expect(ciphertexts.map((c) => open(c, key, survey).ok)).toEqual([true, true, true]);
  });
});
