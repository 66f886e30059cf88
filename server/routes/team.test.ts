// Running a team (issue 16), tried as the people involved would: a link reused, revoked or
// expired says so before the form; a removed member is locked out of every route and of every
// answer that arrives after; a demoted analyst likewise; a new passphrase rewraps the same key.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, type KeyPair, open, openKey, seal } from "../../client/lib/crypto";
import {
  createMemberKey,
  loginSecret,
  openSurveyKey,
  rewrapMemberKey,
  sealSurveyKey,
  unwrapMemberKey,
} from "../../client/lib/keyring";
import type { Survey } from "../../surveys/schema";
import { changeRows, storedRows } from "../../test/database";
import { STORED_RESPONSES, seededDatabase, seedSurvey } from "../../test/harness";
import {
  Browser,
  invite,
  openFeedbackChannel,
  openSurvey,
  type Person,
  readyCrypto,
  signUp,
} from "../../test/workspace-client";
import { createApp } from "../app";

let app: ReturnType<typeof createApp>;
let dbPath: string;
let cleanup: () => void;
let owner: Person;
let keeper: Person;
let surveys = 0;
let people = 0;

beforeAll(async () => {
  await readyCrypto();
  const seeded = await seededDatabase();
  cleanup = seeded.cleanup;
  dbPath = seeded.dbPath;
  app = createApp({ db: seeded.db, log: () => {}, loginLimit: { limit: 1000, windowMs: 60_000 } });
  owner = await signUp(app, "Casa del Migrante", "owner@casa.example");
  keeper = await invite(app, owner, "analyst", "keeper@casa.example");
}, 120_000);
afterAll(() => cleanup());

const newPerson = (role: string) => invite(app, owner, role, `person-${++people}@casa.example`);

const onDisk = <T>(sql: string, ...params: unknown[]) => storedRows<T>(dbPath, sql, ...params);

/** A survey of the organization, its key sealed to `readers`; its slug and key. */
async function surveyReadBy(readers: Person[]): Promise<{ slug: string; key: KeyPair }> {
  const slug = `casa-${++surveys}`;
  const key = await openSurvey(owner, { ...seedSurvey("cso-program-awareness"), slug }, readers);
  return { slug, key };
}

async function respond(slug: string, country: string): Promise<string> {
  const res = await app.request(`http://localhost/api/surveys/${slug}`);
  const { survey, publicKey } = (await res.json()) as { survey: Survey; publicKey: string };
  const id = randomUUID();
  const answers = { org_country: country, registered: "no", knows_program: "no" };
  const sent = await app.request(`http://localhost/api/surveys/${slug}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id,
      ciphertext: seal({ v: 1, survey: slug, version: survey.version, answers }, publicKey, survey),
    }),
  });
  expect(sent.status).toBe(201);
  return id;
}

interface ToRotate {
  surveys: { slug: string; holders: { id: string; publicKey: string }[] }[];
}

/** What the owner's browser sends to take `member`'s reading away: a new key per survey. */
async function rotationsWithout(member: Person) {
  const { surveys: list } = await owner.browser.json<ToRotate>(
    "GET",
    `/api/org/members/${member.id}/surveys`,
  );
  return list.map((s) => {
    const key = generateKeyPair();
    return {
      slug: s.slug,
      publicKey: key.publicKey,
      sealedKeys: s.holders.map((h) => ({
        memberId: h.id,
        sealedKey: sealSurveyKey(key, h.publicKey),
      })),
    };
  });
}

const check = (token: string) =>
  new Browser(app).request("POST", "/api/invitations/check", { token });

describe("invitations", () => {
  it("carry a name and a role, are listed while pending, and the join page learns the organization and role before its form", async () => {
    const made = await owner.browser.json<{ id: string; token: string }>(
      "POST",
      "/api/org/invitations",
      { name: "Lucía Pérez", role: "analyst" },
    );
    const pending = await owner.browser.json<{ invitations: { id: string; name: string }[] }>(
      "GET",
      "/api/org/invitations",
    );
    expect(pending.invitations).toContainEqual(
      expect.objectContaining({ id: made.id, name: "Lucía Pérez", role: "analyst" }),
    );
    const res = await check(made.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      organization: "Casa del Migrante",
      name: "Lucía Pérez",
      role: "analyst",
    });
    // Checking does not spend it.
    expect((await check(made.token)).status).toBe(200);
    // Nothing in the pending list lets anyone rebuild the link.
    expect(JSON.stringify(pending)).not.toContain(made.token);
  });

  it("refuse a name left empty, naming the field", async () => {
    const res = await owner.browser.request("POST", "/api/org/invitations", {
      name: "  ",
      role: "analyst",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: "$.name" } });
  });

  it("say at once that a link was revoked, used, expired or never existed — and joining with it fails the same way", async () => {
    const make = (name: string) =>
      owner.browser.json<{ id: string; token: string }>("POST", "/api/org/invitations", {
        name,
        role: "designer",
      });
    const revoked = await make("Revocada");
    expect(
      (await owner.browser.request("DELETE", `/api/org/invitations/${revoked.id}`)).status,
    ).toBe(204);
    const pending = await owner.browser.json<{ invitations: { id: string }[] }>(
      "GET",
      "/api/org/invitations",
    );
    expect(pending.invitations.map((i) => i.id)).not.toContain(revoked.id);
    // Revoking twice, or another organization's invitation: nothing pending by that id.
    expect(
      (await owner.browser.request("DELETE", `/api/org/invitations/${revoked.id}`)).status,
    ).toBe(404);

    const used = await make("Usada");
    const join = (token: string, email: string) => {
      const passphrase = "a long enough passphrase";
      const wrappedKey = createMemberKey(passphrase);
      return new Browser(app).request("POST", "/api/join", {
        token,
        email,
        password: loginSecret(email, passphrase),
        publicKey: wrappedKey.publicKey,
        wrappedKey,
      });
    };
    expect((await join(used.token, "usada@casa.example")).status).toBe(201);

    const expired = await make("Vencida");
    await changeRows(dbPath, "UPDATE invitations SET expires_at = 1 WHERE id = ?", expired.id);

    for (const [token, status, code] of [
      [revoked.token, 410, "invitation_revoked"],
      [used.token, 410, "invitation_used"],
      [expired.token, 410, "invitation_expired"],
      ["x".repeat(43), 404, "invitation_unknown"],
    ] as const) {
      const before = await check(token);
      expect(before.status, code).toBe(status);
      expect(await before.json()).toMatchObject({ error: { code, field: "$.token" } });
      const after = await join(token, `${code}@casa.example`);
      expect(after.status, code).toBe(status);
      expect(await after.json()).toMatchObject({ error: { code } });
    }
    expect(await onDisk("SELECT 1 FROM members WHERE email LIKE 'invitation_%'")).toEqual([]);
  });

  it("give the joining member the name the owner wrote", async () => {
    const joined = await newPerson("analyst");
    const { members } = await owner.browser.json<{ members: { id: string; name: string }[] }>(
      "GET",
      "/api/org/members",
    );
    expect(members.find((m) => m.id === joined.id)?.name).toBe(`Invited as ${joined.email}`);
  });
});

describe("removing a member", () => {
  it("ends their sessions, deletes their key copies, rotates what they could read; they get 401 everywhere and cannot open answers that arrive after", async () => {
    const leaving = await newPerson("analyst");
    const a = await surveyReadBy([owner, keeper, leaving]);
    const b = await surveyReadBy([owner, leaving]);
    const unrelated = await surveyReadBy([owner, keeper]);
    await openFeedbackChannel(owner, "casa-feedback", [leaving]);
    const before = await respond(a.slug, "ar");

    // Without rotating b (or with a survey they cannot read), the removal is refused whole.
    const rotations = await rotationsWithout(leaving);
    expect(rotations.map((r) => r.slug).sort()).toEqual([a.slug, b.slug]);
    const partial = await owner.browser.request("POST", `/api/org/members/${leaving.id}/removal`, {
      rotations: rotations.filter((r) => r.slug === a.slug),
    });
    expect(partial.status).toBe(409);
    expect(await partial.json()).toMatchObject({
      error: { code: "rotations_mismatch" },
      missing: [b.slug],
    });
    expect((await leaving.browser.request("GET", "/api/me")).status).toBe(200);

    const removed = await owner.browser.request("POST", `/api/org/members/${leaving.id}/removal`, {
      rotations,
    });
    expect(removed.status).toBe(200);

    // Every route they could use, with the session cookie they still hold.
    for (const [method, path] of [
      ["GET", "/api/me"],
      ["GET", "/api/org/surveys"],
      ["GET", `/api/org/surveys/${a.slug}`],
      ["GET", `/api/org/surveys/${a.slug}/key`],
      ["GET", `/api/org/surveys/${a.slug}/responses`],
      ["GET", "/api/org/feedback/key"],
      ["GET", "/api/org/feedback/messages"],
      ["POST", "/api/logout"],
    ] as const) {
      const res = await leaving.browser.request(method, path);
      expect(res.status, path).toBe(401);
    }
    // And every other route of the workspace's API, read off the app's own router, so a route
    // added later is checked too.
    const routes = app.routes.filter(
      (r) => r.method !== "ALL" && (r.path === "/api/me" || r.path.startsWith("/api/org/")),
    );
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const path = route.path.replace(/:slug\b/g, a.slug).replace(/:\w+/g, "x");
      const res = await leaving.browser.request(
        route.method,
        path,
        route.method === "GET" ? undefined : {},
      );
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
    }
    const login = await new Browser(app).request("POST", "/api/login", {
      email: leaving.email,
      password: loginSecret(leaving.email, leaving.passphrase),
    });
    expect(login.status).toBe(401);
    for (const table of [
      "members WHERE id",
      "sessions WHERE member_id",
      "survey_keys WHERE member_id",
      "feedback_keys WHERE member_id",
    ]) {
      expect(await onDisk(`SELECT 1 FROM ${table} = ?`, leaving.id), table).toEqual([]);
    }

    // The surveys they could read went on under new keys; the other one did not change.
    const versions = async (slug: string) =>
      (
        await onDisk<{ version: number; public_key: string }>(
          "SELECT version, public_key FROM survey_versions WHERE slug = ? ORDER BY version",
          slug,
        )
      ).map((v) => v.version);
    expect(await versions(a.slug)).toEqual([1, 2]);
    expect(await versions(b.slug)).toEqual([1, 2]);
    expect(await versions(unrelated.slug)).toEqual([1]);

    // The key they could have kept opens the answer from before, not the one after.
    const after = await respond(a.slug, "bs");
    const definitions = (
      await onDisk<{ definition: string }>(
        "SELECT definition FROM survey_versions WHERE slug = ?",
        a.slug,
      )
    ).map((r) => JSON.parse(r.definition) as Survey);
    const ciphertext = async (id: string) =>
      (
        await onDisk<{ ciphertext: string }>(
          `SELECT ciphertext FROM (${STORED_RESPONSES}) AS stored WHERE id = ?`,
          id,
        )
      )[0]?.ciphertext ?? "";
    const kept = openKey(a.key);
    if (!kept) throw new Error("survey key did not decode");
    expect(open(await ciphertext(before), kept, definitions).ok).toBe(true);
    expect(open(await ciphertext(after), kept, definitions).ok).toBe(false);
    // The keeper, still a reader, got the new key and reads the new answer.
    const grants = await keeper.browser.json<{ keys: { publicKey: string; sealedKey: string }[] }>(
      "GET",
      `/api/org/surveys/${a.slug}/key`,
    );
    const newest = openSurveyKey(grants.keys[0]?.sealedKey ?? "", keeper.keyPair);
    const newestKey = newest && openKey(newest);
    if (!newestKey) throw new Error("the keeper's new copy did not open");
    expect(open(await ciphertext(after), newestKey, definitions).ok).toBe(true);
  });

  it("refuses to remove yourself or someone of another organization", async () => {
    const self = await owner.browser.request("POST", `/api/org/members/${owner.id}/removal`, {
      rotations: [],
    });
    expect(self.status).toBe(409);
    expect(await self.json()).toMatchObject({ error: { code: "yourself" } });
    const outsider = await signUp(app, "Otra", `outsider-${++people}@otra.example`);
    const foreign = await owner.browser.request("POST", `/api/org/members/${outsider.id}/removal`, {
      rotations: [],
    });
    expect(foreign.status).toBe(404);
    expect((await outsider.browser.request("GET", "/api/me")).status).toBe(200);
  });
});

describe("changing roles", () => {
  it("demoting an analyst to designer rotates what they could read and ends their reading; promoting needs no rotation", async () => {
    const analyst = await newPerson("analyst");
    const survey = await surveyReadBy([owner, analyst]);
    const path = `/api/org/members/${analyst.id}/role`;
    const without = await owner.browser.request("PUT", path, { role: "designer", rotations: [] });
    expect(without.status).toBe(409);
    expect(
      (await analyst.browser.request("GET", `/api/org/surveys/${survey.slug}/key`)).status,
    ).toBe(200);
    const demoted = await owner.browser.request("PUT", path, {
      role: "designer",
      rotations: await rotationsWithout(analyst),
    });
    expect(demoted.status).toBe(200);
    expect(await demoted.json()).toEqual({ versions: [{ slug: survey.slug, version: 2 }] });
    expect(await onDisk("SELECT 1 FROM survey_keys WHERE member_id = ?", analyst.id)).toEqual([]);
    // Still a member, now a designer: edits, never reads.
    expect((await analyst.browser.request("GET", "/api/org/surveys")).status).toBe(200);
    expect(
      (await analyst.browser.request("GET", `/api/org/surveys/${survey.slug}/key`)).status,
    ).toBe(403);
    // Back to analyst: allowed without rotation, and it gives no key by itself.
    const extra = await owner.browser.request("PUT", path, {
      role: "analyst",
      rotations: [{ slug: survey.slug, ...(await rotationsWithout(owner))[0] }],
    });
    expect(extra.status).toBe(409);
    const promoted = await owner.browser.request("PUT", path, { role: "analyst", rotations: [] });
    expect(promoted.status).toBe(200);
    const after = await analyst.browser.request("GET", `/api/org/surveys/${survey.slug}/responses`);
    expect(after.status).toBe(403);
  });

  it("refuses an unknown role, naming the field", async () => {
    const person = await newPerson("designer");
    const res = await owner.browser.request("PUT", `/api/org/members/${person.id}/role`, {
      role: "admin",
      rotations: [],
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: "$.role" } });
  });
});

describe("changing one's passphrase", () => {
  it("rewraps the same key: the old secret stops working, the new one logs in, other sessions end, sealed survey keys still open", async () => {
    const member = await newPerson("analyst");
    const survey = await surveyReadBy([owner, member]);
    const elsewhere = new Browser(app);
    await elsewhere.json("POST", "/api/login", {
      email: member.email,
      password: loginSecret(member.email, member.passphrase),
    });
    expect((await elsewhere.request("GET", "/api/me")).status).toBe(200);

    const passphrase = "a new and longer passphrase";
    const body = {
      password: loginSecret(member.email, member.passphrase),
      newPassword: loginSecret(member.email, passphrase),
      wrappedKey: rewrapMemberKey(member.keyPair, passphrase),
    };
    const wrong = await member.browser.request("PUT", "/api/me/passphrase", {
      ...body,
      password: loginSecret(member.email, "not the passphrase at all"),
    });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ error: { code: "wrong_passphrase" } });
    const otherKey = await member.browser.request("PUT", "/api/me/passphrase", {
      ...body,
      wrappedKey: createMemberKey(passphrase),
    });
    expect(otherKey.status).toBe(400);
    expect(await otherKey.json()).toMatchObject({ error: { code: "key_changed" } });

    expect((await member.browser.request("PUT", "/api/me/passphrase", body)).status).toBe(200);
    expect((await member.browser.request("GET", "/api/me")).status).toBe(200);
    expect((await elsewhere.request("GET", "/api/me")).status).toBe(401);
    const login = (secret: string) =>
      new Browser(app).request("POST", "/api/login", { email: member.email, password: secret });
    expect((await login(loginSecret(member.email, member.passphrase))).status).toBe(401);
    expect((await login(body.newPassword)).status).toBe(200);

    // Off the disk: the stored wrapping opens with the new passphrase only, to the same pair.
    const stored = JSON.parse(
      (
        await onDisk<{ wrapped_key: string }>(
          "SELECT wrapped_key FROM members WHERE id = ?",
          member.id,
        )
      )[0]?.wrapped_key ?? "null",
    );
    expect(unwrapMemberKey(stored, member.passphrase)).toMatchObject({ ok: false });
    const opened = unwrapMemberKey(stored, passphrase);
    expect(opened.ok && opened.keyPair.secretKey).toBe(member.keyPair.secretKey);
    const grants = await member.browser.json<{ keys: { sealedKey: string }[] }>(
      "GET",
      `/api/org/surveys/${survey.slug}/key`,
    );
    if (!opened.ok) throw new Error("unreachable");
    expect(openSurveyKey(grants.keys[0]?.sealedKey ?? "", opened.keyPair)?.publicKey).toBe(
      survey.key.publicKey,
    );
  });
});
