// Issue 4: the server database and its logs never suffice to open a response. Everything
// key-shaped the server holds is tried as a key, a passphrase and a survey key; none opens
// anything. The control at the end opens the same response with what only a member knows.
import { existsSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import sodium from "libsodium-wrappers-sumo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { open, openBytes, openKey, seal, toBase64 } from "../client/lib/crypto";
import {
  newReplyCode,
  openMessage,
  openReply,
  replyKey,
  replyKeyFromMessage,
  replyLookup,
  sealMessage,
  sealReply,
} from "../client/lib/feedback";
import { loginSecret, openSurveyKey, unwrapMemberKey } from "../client/lib/keyring";
import { createApp } from "../server/app";
import { STORED_RESPONSES, seededDatabase, seedSurvey } from "./harness";
import {
  Browser,
  type FeedbackKeys,
  openFeedbackChannel,
  openSurvey,
  type Person,
  readyCrypto,
  signUp,
} from "./workspace-client";

const SLUG = "server-blind";
const survey = { ...seedSurvey("cso-program-awareness"), slug: SLUG };
let owner: Person;
let stored: string;
/** Every string value in every table, JSON values unpacked: what SQL on the file yields. */
let values: string[];
let logs: string;
let ciphertexts: string[];
/** Issue 8: a feedback message and the member's reply to it, under the same attack. */
let feedback: { code: string; message: string; reply: string; channel: FeedbackKeys };
let cleanup: () => Promise<void>;

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
      survey,
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
  const channel = await openFeedbackChannel(owner, "blind-feedback");
  const code = newReplyCode();
  const message = sealMessage(
    { category: "complaint", message: "feedback canary", replyKey: toBase64(replyKey(code)) },
    channel.general.publicKey,
  );
  const sent = await app.request("/api/feedback/blind-feedback/messages", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id: crypto.randomUUID(),
      ciphertext: message,
      sensitive: false,
      lookup: replyLookup(code),
    }),
  });
  expect(sent.status).toBe(201);
  const { messages } = await owner.browser.json<{ messages: { id: string }[] }>(
    "GET",
    "/api/org/feedback/messages",
  );
  const reply = sealReply("reply canary", replyKey(code));
  await owner.browser.json("POST", `/api/org/feedback/messages/${messages[0]?.id}/replies`, {
    ciphertext: reply,
  });
  feedback = { code, message, reply, channel };
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
  // A response padded to its survey's size is kept in parts; whoever holds the file joins them.
  collect(file.prepare(STORED_RESPONSES).all());
  file.close();
  return out;
}
afterAll(() => cleanup());

const unique = (values: Iterable<string>) => [...new Set(values)];

describe("what the server holds", () => {
  it("holds the responses, the wrapped member key and the sealed survey key (so the attack below has material)", () => {
    for (const c of ciphertexts) expect(values).toContain(c);
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
      expect(openBytes(feedback.message, key)).not.toBeInstanceOf(Uint8Array);
    }
    // A reply key is 32 bytes: try every 32-byte value the server holds, the lookups included.
    const thirtyTwo = unique([
      ...keys,
      ...material
        .filter((v) => /^[0-9a-f]{64}$/.test(v))
        .map((hex) => toBase64(Buffer.from(hex, "hex"))),
    ]);
    expect(thirtyTwo).toContain(toBase64(Buffer.from(replyLookup(feedback.code), "hex")));
    for (const candidate of thirtyTwo) {
      const bytes = Buffer.from(candidate, "base64");
      expect(openReply(feedback.reply, new Uint8Array(bytes))).toBeNull();
    }
    expect(stored).not.toContain("canary");
    expect(logs).not.toContain("canary");
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
    // Every sealed copy the member can open (the survey's and the feedback channel's keys).
    const surveyKeys = sealedKeys.flatMap((s) => {
      const pair = openSurveyKey(s, member.keyPair);
      const key = pair && openKey(pair);
      return key ? [key] : [];
    });
    if (surveyKeys.length === 0) throw new Error("no sealed survey key opened for the member");
    expect(ciphertexts.map((c) => surveyKeys.some((key) => open(c, key, survey).ok))).toEqual([
      true,
      true,
      true,
    ]);

    // The feedback: the member opens the channel key, the message, and its reply key.
    const channelKey = sealedKeys
      .map((s) => openSurveyKey(s, member.keyPair))
      .find((k) => k?.publicKey === feedback.channel.general.publicKey);
    const opened = channelKey && openKey(channelKey);
    if (!opened) throw new Error("no sealed channel key opened for the member");
    const message = openMessage(feedback.message, opened);
    if (!message.ok) throw new Error("the member could not open the message");
    const reply = replyKeyFromMessage(message.message);
    expect(reply && openReply(feedback.reply, reply)).toBe("reply canary");
  });
});
