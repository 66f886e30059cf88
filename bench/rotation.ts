// `npm run bench:rotation [-- --members 1,10,50,200 --responses 1000]`
// What revoking access costs (issue 13 item 4): the owner's browser makes a key pair and seals
// it to each member who keeps access; the server checks the holders and writes a version and N
// sealed copies in one transaction (a real SQLite file). Then what readers pay later: a
// response sealed to an old key is tried against newer keys first. Prints figures against a
// baseline measured in the same run (publishing a draft; opening with the right key first).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  generateKeyPair,
  type KeyPair,
  open,
  openKey,
  openWithAny,
  ready,
  seal,
} from "../client/lib/crypto";
import { readyKeyring, sealSurveyKey } from "../client/lib/keyring";
import { rotateSurveyKey, storeFirstKey } from "../server/db/access";
import { acceptInvitation, createOrganization } from "../server/db/accounts";
import { closeDatabase, openDatabase } from "../server/db/client";
import { createNamedInvitation } from "../server/db/team";
import { createDraft, publishDraft, saveDraft } from "../server/db/workspace";
import { seedSurvey } from "../test/harness";

const { values } = parseArgs({
  options: {
    members: { type: "string", default: "1,10,50,200" },
    responses: { type: "string", default: "1000" },
  },
});
const sizes = (values.members ?? "").split(",").map(Number);
const responses = Number(values.responses);

await Promise.all([ready(), readyKeyring()]);
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** A member as the server stores one; the bench never logs in, so no Argon2id is spent. */
const stored = (email: string, pair: KeyPair) => ({
  email,
  passwordHash: "not used",
  publicKey: pair.publicKey,
  wrappedKey: {
    v: 1 as const,
    kdf: "argon2id13" as const,
    opslimit: 3,
    memlimit: 64 * 1024 * 1024,
    salt: "AA==",
    nonce: "AA==",
    ciphertext: "AA==",
    publicKey: pair.publicKey,
  },
});

console.log(
  "members kept | browser: key + seals | server: rotation | server: plain version (baseline)",
);
for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), "voz-rotation-"));
  const db = await openDatabase(join(dir, "voz.db"));
  try {
    const owner = generateKeyPair();
    const org = await createOrganization(db, "Bench", stored("owner@bench.example", owner));
    if (!org.ok) throw new Error("no organization");
    const readers = [{ id: org.memberId, publicKey: owner.publicKey }];
    for (let i = 0; i < n; i++) {
      const pair = generateKeyPair();
      const { token } = await createNamedInvitation(db, org.orgId, `m${i}`, "analyst", Date.now());
      const joined = await acceptInvitation(
        db,
        token,
        stored(`m${i}@bench.example`, pair),
        Date.now(),
      );
      if (!joined.ok) throw new Error("no member");
      readers.push({ id: joined.memberId, publicKey: pair.publicKey });
    }
    const survey = { ...seedSurvey("cso-program-awareness"), slug: "bench-rotation" };
    await createDraft(db, org.orgId, survey);
    const first = generateKeyPair();
    await storeFirstKey(
      db,
      survey.slug,
      first.publicKey,
      readers.map((r) => ({ memberId: r.id, sealedKey: sealSurveyKey(first, r.publicKey) })),
    );
    await publishDraft(db, survey.slug, first.publicKey);

    // Revoke the last member: the owner and n - 1 others keep access.
    const revoked = readers.at(-1)?.id ?? "";
    const keep = readers.filter((r) => r.id !== revoked);
    let start = process.hrtime.bigint();
    const next = generateKeyPair();
    const sealedKeys = keep.map((r) => ({
      memberId: r.id,
      sealedKey: sealSurveyKey(next, r.publicKey),
    }));
    const browser = ms(start);
    start = process.hrtime.bigint();
    const rotated = await rotateSurveyKey(
      db,
      org.orgId,
      { slug: survey.slug, publicKey: next.publicKey, sealedKeys },
      [revoked],
    );
    const server = ms(start);
    if (!rotated.ok) throw new Error(`rotation refused: ${rotated.reason}`);
    await saveDraft(db, survey.slug, { ...survey, title: { ...survey.title, en: "again" } });
    start = process.hrtime.bigint();
    await publishDraft(db, survey.slug, next.publicKey);
    const baseline = ms(start);
    console.log(
      `${String(keep.length).padStart(12)} | ${browser.toFixed(1).padStart(17)} ms | ${server.toFixed(1).padStart(13)} ms | ${baseline.toFixed(1).padStart(10)} ms (rotation ${(server / baseline).toFixed(1)}x)`,
    );
  } finally {
    await closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

// Readers after rotations: answers sealed to the oldest of k keys, tried newest key first.
const survey = { ...seedSurvey("cso-program-awareness"), slug: "bench-rotation" };
const keys = [generateKeyPair(), generateKeyPair(), generateKeyPair(), generateKeyPair()];
const answers = { org_country: "ar", registered: "yes", knows_program: "no" };
const oldest = Array.from({ length: responses }, () =>
  seal({ v: 1, survey: survey.slug, version: 1, answers }, keys[0]?.publicKey ?? "", survey),
);
const decoded = keys.map((k) => openKey(k)).filter((k) => k !== null);
const right = decoded[0];
if (!right) throw new Error("no key");
let start = process.hrtime.bigint();
for (const c of oldest) if (!open(c, right, survey).ok) throw new Error("did not open");
const direct = ms(start);
console.log(
  `\nopening ${responses} answers: with the right key ${direct.toFixed(0)} ms (baseline)`,
);
for (let k = 2; k <= decoded.length; k++) {
  const newestFirst = decoded.slice(0, k).reverse();
  start = process.hrtime.bigint();
  for (const c of oldest) if (!openWithAny(c, newestFirst, survey).ok) throw new Error("no open");
  const tried = ms(start);
  console.log(
    `  sealed to the oldest of ${k} keys: ${tried.toFixed(0)} ms (${(tried / direct).toFixed(2)}x)`,
  );
}
