// Access follows keys (issue 13 item 4), tried as a revoked or never-granted analyst would:
// asking the routes for ciphertexts, and trying the keys they kept on answers read straight off
// the database file. Revoking rotates the survey key; earlier answers stay readable by those who
// held the old key, later ones only by those who keep access.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  generateKeyPair,
  type KeyPair,
  open,
  openKey,
  openWithAny,
  seal,
} from "../../client/lib/crypto";
import { openSurveyKey, sealSurveyKey } from "../../client/lib/keyring";
import type { Survey } from "../../surveys/schema";
import { storedRows } from "../../test/database";
import { STORED_RESPONSES, seededDatabase, seedSurvey } from "../../test/harness";
import { invite, openSurvey, type Person, readyCrypto, signUp } from "../../test/workspace-client";
import { createApp } from "../app";

let SLUG = "";
let surveys = 0;
let app: ReturnType<typeof createApp>;
let dbPath: string;
let cleanup: () => void;
let owner: Person;
let analyst: Person;
let newcomer: Person;
let designer: Person;
let firstKey: KeyPair;

// Members are made once (each costs Argon2id twice); every test opens a survey of its own.
beforeAll(async () => {
  await readyCrypto();
  const seeded = await seededDatabase();
  cleanup = seeded.cleanup;
  dbPath = seeded.dbPath;
  app = createApp({ db: seeded.db, log: () => {}, loginLimit: { limit: 1000, windowMs: 60_000 } });
  owner = await signUp(app, "Ayuda Legal", "owner@ayuda.example");
  analyst = await invite(app, owner, "analyst", "analyst@ayuda.example");
  newcomer = await invite(app, owner, "analyst", "newcomer@ayuda.example");
  designer = await invite(app, owner, "designer", "designer@ayuda.example");
}, 120_000);
afterAll(() => cleanup());

beforeEach(async () => {
  SLUG = `ayuda-legal-${++surveys}`;
  firstKey = await openSurvey(owner, { ...seedSurvey("cso-program-awareness"), slug: SLUG }, [
    owner,
    analyst,
  ]);
}, 60_000);

/** A respondent: reads the public survey and its key, seals an answer to it, sends it. */
async function respond(country: string): Promise<string> {
  const res = await app.request(`http://localhost/api/surveys/${SLUG}`);
  const { survey, publicKey } = (await res.json()) as { survey: Survey; publicKey: string };
  const id = randomUUID();
  const ciphertext = seal(
    {
      v: 1,
      survey: SLUG,
      version: survey.version,
      answers: { org_country: country, registered: "yes", knows_program: "no" },
    },
    publicKey,
    survey,
  );
  const sent = await app.request(`http://localhost/api/surveys/${SLUG}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id, ciphertext }),
  });
  expect(sent.status).toBe(201);
  return id;
}

/** What is in the database, whatever the routes say: id → ciphertext. */
async function ciphertextsOnDisk(): Promise<Map<string, string>> {
  const rows = await storedRows<{ id: string; ciphertext: string }>(
    dbPath,
    `SELECT id, ciphertext FROM (${STORED_RESPONSES}) AS stored WHERE slug = ?`,
    SLUG,
  );
  return new Map(rows.map((r) => [r.id, r.ciphertext]));
}

async function versionsOnDisk(): Promise<
  { version: number; publicKey: string; definition: Survey }[]
> {
  const rows = await storedRows<{ version: number; publicKey: string; definition: string }>(
    dbPath,
    'SELECT version, public_key AS "publicKey", definition FROM survey_versions WHERE slug = ? ORDER BY version',
    SLUG,
  );
  return rows.map((r) => ({ ...r, definition: JSON.parse(r.definition) as Survey }));
}

async function keyCopiesOnDisk(memberId: string): Promise<number> {
  const [row] = await storedRows<{ n: number | string }>(
    dbPath,
    "SELECT count(*) AS n FROM survey_keys WHERE member_id = ? AND slug = ?",
    memberId,
    SLUG,
  );
  return Number(row?.n);
}

interface Holders {
  holders: { id: string; publicKey: string }[];
}

/** The owner's browser revoking: a new key sealed to everyone who keeps access. */
async function revoke(who: Person): Promise<{ status: number; key: KeyPair; body: unknown }> {
  const { holders } = await owner.browser.json<Holders>("GET", `/api/org/surveys/${SLUG}/access`);
  const key = generateKeyPair();
  const res = await owner.browser.request("POST", `/api/org/surveys/${SLUG}/rotations`, {
    publicKey: key.publicKey,
    sealedKeys: holders
      .filter((h) => h.id !== who.id)
      .map((h) => ({ memberId: h.id, sealedKey: sealSurveyKey(key, h.publicKey) })),
    revoke: [who.id],
  });
  return { status: res.status, key, body: await res.json() };
}

describe("access follows keys", () => {
  it("gives an analyst never granted the survey a 403 and not one ciphertext", async () => {
    await respond("ar");
    for (const path of ["responses", "key"]) {
      const res = await newcomer.browser.request("GET", `/api/org/surveys/${SLUG}/${path}`);
      expect(res.status, path).toBe(403);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ error: { code: "not_granted" } });
      for (const ciphertext of (await ciphertextsOnDisk()).values())
        expect(text).not.toContain(ciphertext);
    }
    const publish = await newcomer.browser.request(
      "POST",
      `/api/org/surveys/${SLUG}/publications`,
      { format: "voz.publication/1" },
    );
    expect(publish.status).toBe(403);
    // The granted analyst, same role, same organization: the control.
    const granted = await analyst.browser.json<{ responses: unknown[] }>(
      "GET",
      `/api/org/surveys/${SLUG}/responses`,
    );
    expect(granted.responses).toHaveLength(1);
  });

  it("pages the responses, and names the query parameter that is wrong", async () => {
    await respond("ar");
    await respond("cl");
    const path = `/api/org/surveys/${SLUG}/responses`;
    type Page = { responses: { id: string }[]; next: string | null };
    const first = await analyst.browser.json<Page>("GET", `${path}?limit=1`);
    expect(first.responses).toHaveLength(1);
    const second = await analyst.browser.json<Page>("GET", `${path}?limit=1&after=${first.next}`);
    expect(second.responses.map((r) => r.id)).not.toEqual(first.responses.map((r) => r.id));
    for (const [query, field] of [
      [`after=${"a".repeat(65)}`, "after"],
      ["limit=0", "limit"],
      ["limit=501", "limit"],
      ["limit=two", "limit"],
    ]) {
      const res = await analyst.browser.request("GET", `${path}?${query}`);
      expect({ query, status: res.status, body: await res.json() }).toMatchObject({
        query,
        status: 400,
        body: { error: { code: "invalid_page", field } },
      });
    }
  });

  it("revoking publishes the same questions under a new key; the revoked analyst gets 403 and cannot open answers that arrive after", async () => {
    const before = await respond("ar");
    // What the analyst keeps from before: the key they opened while they had access.
    const kept = await analyst.browser.json<{ keys: { publicKey: string; sealedKey: string }[] }>(
      "GET",
      `/api/org/surveys/${SLUG}/key`,
    );
    const keptKey = openSurveyKey(kept.keys[0]?.sealedKey ?? "", analyst.keyPair);
    expect(keptKey?.publicKey).toBe(firstKey.publicKey);

    const { status, key } = await revoke(analyst);
    expect(status).toBe(201);
    const versions = await versionsOnDisk();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]?.publicKey).toBe(key.publicKey);
    expect({ ...versions[1]?.definition, version: 1 }).toEqual(versions[0]?.definition);
    expect(await keyCopiesOnDisk(analyst.id)).toBe(0);

    const after = await respond("bs");
    for (const path of ["responses", "key"]) {
      const res = await analyst.browser.request("GET", `/api/org/surveys/${SLUG}/${path}`);
      expect(res.status, path).toBe(403);
    }
    const disk = await ciphertextsOnDisk();
    const versionsNow = versions.map((v) => v.definition);
    const keptOpen = keptKey ? openKey(keptKey) : null;
    if (!keptOpen) throw new Error("the kept key did not decode");
    // Off the disk, the key the analyst kept opens the earlier answer and not the later one.
    expect(open(disk.get(before) ?? "", keptOpen, versionsNow).ok).toBe(true);
    expect(open(disk.get(after) ?? "", keptOpen, versionsNow)).toMatchObject({
      ok: false,
      detail: "wrong_key_or_tampered",
    });

    // The owner, who keeps access, opens both with the copies the route gives them.
    const own = await owner.browser.json<{ keys: { publicKey: string; sealedKey: string }[] }>(
      "GET",
      `/api/org/surveys/${SLUG}/key`,
    );
    expect(own.keys.map((k) => k.publicKey)).toEqual([key.publicKey, firstKey.publicKey]);
    const ownKeys = own.keys.flatMap((k) => {
      const pair = openSurveyKey(k.sealedKey, owner.keyPair);
      const decoded = pair && openKey(pair);
      return decoded ? [decoded] : [];
    });
    const page = await owner.browser.json<{ responses: { id: string; ciphertext: string }[] }>(
      "GET",
      `/api/org/surveys/${SLUG}/responses`,
    );
    const opened = page.responses.map((r) => openWithAny(r.ciphertext, ownKeys, versionsNow));
    expect(opened.map((o) => (o.ok ? o.envelope.answers.org_country : null)).sort()).toEqual([
      "ar",
      "bs",
    ]);
  });

  it("gives the revoked analyst access again only with the new key, sealed by an owner", async () => {
    await revoke(analyst);
    const own = await owner.browser.json<{ keys: { publicKey: string; sealedKey: string }[] }>(
      "GET",
      `/api/org/surveys/${SLUG}/key`,
    );
    const reseal = (k: { sealedKey: string }) => {
      const pair = openSurveyKey(k.sealedKey, owner.keyPair);
      if (!pair) throw new Error("owner's copy did not open");
      return {
        publicKey: pair.publicKey,
        sealedKey: sealSurveyKey(pair, analyst.keyPair.publicKey),
      };
    };
    const [current, old] = own.keys;
    if (!current || !old) throw new Error("expected two keys");
    const path = `/api/org/surveys/${SLUG}/analysts/${analyst.id}`;
    // Only the old key: no access to what arrives now, so refused.
    const oldOnly = await owner.browser.request("PUT", path, { keys: [reseal(old)] });
    expect(oldOnly.status).toBe(400);
    expect(await oldOnly.json()).toMatchObject({ error: { code: "current_key_missing" } });
    // A key that is not the survey's: refused, naming it.
    const stranger = generateKeyPair();
    const foreign = await owner.browser.request("PUT", path, {
      keys: [reseal(current), { publicKey: stranger.publicKey, sealedKey: "A".repeat(120) }],
    });
    expect(foreign.status).toBe(400);
    expect(await foreign.json()).toMatchObject({ error: { code: "unknown_key" } });
    expect(
      (await analyst.browser.request("GET", `/api/org/surveys/${SLUG}/responses`)).status,
    ).toBe(403);
    const both = await owner.browser.request("PUT", path, { keys: [reseal(current), reseal(old)] });
    expect(both.status).toBe(200);
    expect(
      (await analyst.browser.request("GET", `/api/org/surveys/${SLUG}/responses`)).status,
    ).toBe(200);
  });

  it("refuses a rotation that would drop a member quietly, leave nobody, reuse a key or revoke a stranger — and changes nothing", async () => {
    const rotate = (body: unknown) =>
      owner.browser.request("POST", `/api/org/surveys/${SLUG}/rotations`, body);
    const key = generateKeyPair();
    const sealTo = (p: Person) => ({
      memberId: p.id,
      sealedKey: sealSurveyKey(key, p.keyPair.publicKey),
    });

    // Sealed to the owner only, revoking nobody: the analyst would lose access unannounced.
    const quiet = await rotate({
      publicKey: key.publicKey,
      sealedKeys: [sealTo(owner)],
      revoke: [],
    });
    expect(quiet.status).toBe(409);
    expect(await quiet.json()).toMatchObject({
      error: { code: "holders_changed" },
      missing: [analyst.id],
    });
    // Sealed to someone without access too: nobody gains access through a rotation.
    const added = await rotate({
      publicKey: key.publicKey,
      sealedKeys: [sealTo(owner), sealTo(analyst), sealTo(newcomer)],
      revoke: [],
    });
    expect(added.status).toBe(409);
    expect(await added.json()).toMatchObject({ extra: [newcomer.id] });
    const nobody = await rotate({
      publicKey: key.publicKey,
      sealedKeys: [sealTo(analyst)],
      revoke: [owner.id, analyst.id],
    });
    expect(nobody.status).toBe(409);
    expect(await nobody.json()).toMatchObject({ error: { code: "nobody_left" } });
    const reused = await rotate({
      publicKey: firstKey.publicKey,
      sealedKeys: [sealTo(owner)],
      revoke: [analyst.id],
    });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: { code: "key_reused" } });
    const stranger = await rotate({
      publicKey: key.publicKey,
      sealedKeys: [sealTo(owner), sealTo(analyst)],
      revoke: [newcomer.id],
    });
    expect(stranger.status).toBe(404);
    const malformed = await rotate({ publicKey: "not a key", sealedKeys: [], revoke: [] });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { field: "$.publicKey" } });

    expect(await versionsOnDisk()).toHaveLength(1);
    expect(
      (await analyst.browser.request("GET", `/api/org/surveys/${SLUG}/responses`)).status,
    ).toBe(200);
  });

  it("keeps a designer's publishing of the draft on the newest key after a rotation", async () => {
    const { key } = await revoke(analyst);
    const draft = { ...seedSurvey("cso-program-awareness"), slug: SLUG };
    await designer.browser.json("PUT", `/api/org/surveys/${SLUG}/draft`, {
      definition: { ...draft, title: { ...draft.title, en: "Legal aid, second round" } },
    });
    const published = await designer.browser.json<{ version: number }>(
      "POST",
      `/api/org/surveys/${SLUG}/versions`,
      {},
    );
    expect(published.version).toBe(3);
    expect((await versionsOnDisk()).at(-1)?.publicKey).toBe(key.publicKey);
    // A designer never reads, rotation or not.
    const res = await designer.browser.request("GET", `/api/org/surveys/${SLUG}/key`);
    expect(res.status).toBe(403);
  });

  it("answers another organization's owner 404 on every key route, as for a missing survey", async () => {
    const outsider = await signUp(app, "Otra", "owner@otra.example");
    for (const [method, path, body] of [
      ["GET", `/api/org/surveys/${SLUG}/access`, undefined],
      ["GET", `/api/org/surveys/${SLUG}/key`, undefined],
      ["GET", `/api/org/surveys/${SLUG}/responses`, undefined],
      [
        "POST",
        `/api/org/surveys/${SLUG}/rotations`,
        { publicKey: "x", sealedKeys: [], revoke: [] },
      ],
    ] as const) {
      const res = await outsider.browser.request(method, path, body);
      expect(res.status, path).toBe(404);
    }
  });
});
