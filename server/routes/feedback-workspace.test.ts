// The feedback channel's workspace routes: who may open, read, triage and publish, what another
// organization gets (404, always), bad input (4xx naming the field), and the publish gate.
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, toBase64 } from "../../client/lib/crypto";
import {
  newReplyCode,
  replyKey,
  replyLookup,
  sealCoding,
  sealMessage,
  sealReply,
} from "../../client/lib/feedback";
import { feedbackPublication } from "../../client/lib/feedback-tables";
import { sealSurveyKey } from "../../client/lib/keyring";
import { fakeClientBuild, openChannelOn, seededDatabase } from "../../test/harness";
import {
  type FeedbackKeys,
  invite,
  openFeedbackChannel,
  type Person,
  readyCrypto,
  signUp,
} from "../../test/workspace-client";
import { createApp } from "../app";
import type { Db } from "../db/client";

const SLUG = "casa-migrante";
let app: ReturnType<typeof createApp>;
let cleanup: () => Promise<void>;
let seededDb: Db;
let owner: Person;
let analyst: Person;
let designer: Person;
let outsider: Person;
let channel: FeedbackKeys;
let messageId: string;

async function postMessage(slug: string, keys: FeedbackKeys, sensitive = false): Promise<string> {
  const code = newReplyCode();
  const id = randomUUID();
  const ciphertext = sealMessage(
    {
      category: sensitive ? "sensitive" : "complaint",
      message: "mensaje de prueba",
      replyKey: toBase64(replyKey(code)),
    },
    sensitive ? keys.sensitive.publicKey : keys.general.publicKey,
  );
  const res = await app.request(`http://localhost/api/feedback/${slug}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id, ciphertext, sensitive, lookup: replyLookup(code) }),
  });
  if (res.status !== 201) throw new Error(`message not stored: ${await res.text()}`);
  return id;
}

beforeAll(async () => {
  await readyCrypto();
  const seeded = await seededDatabase();
  seededDb = seeded.db;
  cleanup = seeded.cleanup;
  app = createApp({ db: seeded.db, log: () => {}, loginLimit: { limit: 1000, windowMs: 60_000 } });
  owner = await signUp(app, "Casa Migrante", "owner@casa.example");
  analyst = await invite(app, owner, "analyst", "analyst@casa.example");
  designer = await invite(app, owner, "designer", "designer@casa.example");
  outsider = await signUp(app, "Otra", "owner@otra.example");
  channel = await openFeedbackChannel(owner, SLUG, [analyst]);
  messageId = await postMessage(SLUG, channel);
}, 60_000);
afterAll(() => cleanup());

const sealed = () => "A".repeat(120);
const reply = () => sealReply("respuesta", replyKey(newReplyCode()));

describe("opening a channel", () => {
  it("is refused when a key kind would be sealed to nobody, or to someone who may not hold it", async () => {
    const other = await signUp(app, "Tercera", "owner@tercera.example");
    const colleague = await invite(app, other, "designer", "designer@tercera.example");
    const keys = {
      publicKey: generateKeyPair().publicKey,
      sensitivePublicKey: generateKeyPair().publicKey,
    };
    const open = (body: unknown) => other.browser.request("PUT", "/api/org/feedback", body);

    const onlyGeneral = await open({
      slug: "tercera",
      ...keys,
      keys: [{ memberId: other.id, kind: "general", sealedKey: sealed() }],
    });
    expect(onlyGeneral.status).toBe(400);
    expect(await onlyGeneral.json()).toMatchObject({
      error: { code: "sealed_keys_required", field: "$.keys" },
    });

    // The owner has not taken the safeguarding role: the sensitive key may not go to them.
    const notSafeguarding = await open({
      slug: "tercera",
      ...keys,
      keys: [
        { memberId: other.id, kind: "general", sealedKey: sealed() },
        { memberId: other.id, kind: "sensitive", sealedKey: sealed() },
      ],
    });
    expect(await notSafeguarding.json()).toMatchObject({
      error: { code: "not_eligible", field: "$.keys[1].memberId" },
    });
    const designerKey = await open({
      slug: "tercera",
      ...keys,
      keys: [{ memberId: colleague.id, kind: "general", sealedKey: sealed() }],
    });
    expect(await designerKey.json()).toMatchObject({
      error: { code: "not_eligible", field: "$.keys[0].memberId" },
    });
    const strangerKey = await open({
      slug: "tercera",
      ...keys,
      keys: [{ memberId: owner.id, kind: "general", sealedKey: sealed() }],
    });
    expect(strangerKey.status).toBe(400);

    await other.browser.json("PUT", `/api/org/members/${other.id}/safeguarding`, {
      safeguarding: true,
    });
    const taken = await open({
      slug: SLUG,
      ...keys,
      keys: [
        { memberId: other.id, kind: "general", sealedKey: sealed() },
        { memberId: other.id, kind: "sensitive", sealedKey: sealed() },
      ],
    });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ error: { code: "slug_taken", field: "$.slug" } });
  });

  it("happens once per organization", async () => {
    const again = await owner.browser.request("PUT", "/api/org/feedback", {
      slug: "casa-dos",
      publicKey: channel.general.publicKey,
      sensitivePublicKey: channel.sensitive.publicKey,
      keys: [
        { memberId: owner.id, kind: "general", sealedKey: sealed() },
        { memberId: owner.id, kind: "sensitive", sealedKey: sealed() },
      ],
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "channel_exists" } });
  });

  it("starts with the default humanitarian frame, which the owner can replace", async () => {
    const info = await analyst.browser.json<{ frame: { code: string }[]; members: unknown[] }>(
      "GET",
      "/api/org/feedback",
    );
    expect(info.frame.map((c) => c.code)).toContain("sea");
    expect(info.members).toHaveLength(3);
    const frame = [{ code: "fees", label: { es: "Cobros indebidos", en: "Undue fees" } }];
    await owner.browser.json("PUT", "/api/org/feedback/frame", { frame });
    const after = await analyst.browser.json<{ frame: unknown }>("GET", "/api/org/feedback");
    expect(after.frame).toEqual(frame);
  });
});

describe("the expected reply time", () => {
  // The page as served around a build (a manifest is all the server reads), whatever dist holds.
  const build = fakeClientBuild();
  afterAll(() => rmSync(build, { recursive: true, force: true }));
  const page = async (slug: string) => {
    const served = createApp({ db: seededDb, log: () => {}, clientDir: build });
    const res = await served.request(`http://localhost/f/${slug}?lang=es`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it("is set by the owner and shown on the channel's public page and its API", async () => {
    const set = await owner.browser.request("PUT", "/api/org/feedback/reply-time", {
      replyDays: 7,
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ replyDays: 7 });
    const info = await analyst.browser.json<{ replyDays: unknown }>("GET", "/api/org/feedback");
    expect(info.replyDays).toBe(7);
    const open = await app.request(`http://localhost/api/feedback/${SLUG}`);
    expect(await open.json()).toMatchObject({ replyDays: 7 });
    expect(await page(SLUG)).toContain("una respuesta suele tardar 7 días");

    await owner.browser.json("PUT", "/api/org/feedback/reply-time", { replyDays: null });
    expect(await page(SLUG)).not.toContain("suele tardar");
  });

  it.each([
    [{ replyDays: 0 }],
    [{ replyDays: 91 }],
    [{ replyDays: 2.5 }],
    [{ replyDays: "7" }],
    [{}],
  ])("refuses %j with 400 naming $.replyDays and keeps the stored time", async (body) => {
    await owner.browser.json("PUT", "/api/org/feedback/reply-time", { replyDays: 3 });
    const res = await owner.browser.request("PUT", "/api/org/feedback/reply-time", body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: "$.replyDays" } });
    const info = await owner.browser.json<{ replyDays: unknown }>("GET", "/api/org/feedback");
    expect(info.replyDays).toBe(3);
  });

  it("is the owner's to set: analysts and designers get 403", async () => {
    for (const member of [analyst, designer]) {
      const res = await member.browser.request("PUT", "/api/org/feedback/reply-time", {
        replyDays: 30,
      });
      expect(res.status).toBe(403);
    }
    expect(await page(SLUG)).not.toContain("30 días");
  });

  it("cannot reach another organization's channel: its owner sets only their own", async () => {
    await owner.browser.json("PUT", "/api/org/feedback/reply-time", { replyDays: 4 });
    const lone = await signUp(app, "Sin canal", "owner@sincanal.example");
    const none = await lone.browser.request("PUT", "/api/org/feedback/reply-time", {
      replyDays: 60,
    });
    expect(none.status).toBe(404);
    expect(await none.json()).toMatchObject({ error: { code: "no_channel" } });
    await openFeedbackChannel(lone, "sin-canal");
    await lone.browser.json("PUT", "/api/org/feedback/reply-time", { replyDays: 60 });
    expect(await page(SLUG)).toContain("suele tardar 4 días");
    expect(await page("sin-canal")).toContain("suele tardar 60 días");
  });
});

describe("another organization", () => {
  it("gets 404 from every route about this organization's channel, even with its own channel", async () => {
    const theirs = await openFeedbackChannel(outsider, "otra-org");
    const b = outsider.browser;
    const attempts: [string, string, unknown?][] = [
      ["PATCH", `/api/org/feedback/messages/${messageId}`, { status: "closed" }],
      ["POST", `/api/org/feedback/messages/${messageId}/replies`, { ciphertext: reply() }],
      ["PUT", `/api/org/feedback/keys/${analyst.id}`, { kind: "general", sealedKey: sealed() }],
      ["DELETE", `/api/org/feedback/keys/${analyst.id}?kind=general`],
      ["PUT", `/api/org/members/${analyst.id}/safeguarding`, { safeguarding: true }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await b.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(JSON.stringify(await res.json())).not.toContain("ciphertext");
    }
    const listed = await b.json<{ messages: { id: string }[] }>(
      "GET",
      "/api/org/feedback/messages",
    );
    expect(listed.messages.map((m) => m.id)).not.toContain(messageId);
    const own = await b.json<{ slug: string; members: { email: string }[] }>(
      "GET",
      "/api/org/feedback",
    );
    expect(own.slug).toBe("otra-org");
    expect(own.members.map((m) => m.email)).toEqual(["owner@otra.example"]);
    expect(theirs.general.publicKey).not.toBe(channel.general.publicKey);
  });

  it("gets 404 everywhere when it has no channel", async () => {
    const lone = await signUp(app, "Sola", "owner@sola.example");
    for (const [method, path] of [
      ["GET", "/api/org/feedback"],
      ["GET", "/api/org/feedback/key"],
      ["GET", "/api/org/feedback/messages"],
      ["DELETE", "/api/org/feedback/publications/current"],
    ] as const) {
      const res = await lone.browser.request(method, path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "no_channel" } });
    }
  });
});

describe("roles", () => {
  it("keeps designers away from the messages and their keys", async () => {
    for (const [method, path, body] of [
      ["GET", "/api/org/feedback/messages", undefined],
      ["GET", "/api/org/feedback/key", undefined],
      ["PATCH", `/api/org/feedback/messages/${messageId}`, { status: "closed" }],
      ["POST", `/api/org/feedback/messages/${messageId}/replies`, { ciphertext: reply() }],
    ] as const) {
      const res = await designer.browser.request(method, path, body);
      expect(res.status, path).toBe(403);
    }
  });

  it("lets a designer with the safeguarding role read sensitive reports only", async () => {
    const sensitiveId = await postMessage(SLUG, channel, true);
    await owner.browser.json("PUT", `/api/org/members/${designer.id}/safeguarding`, {
      safeguarding: true,
    });
    const refused = await owner.browser.request("PUT", `/api/org/feedback/keys/${designer.id}`, {
      kind: "general",
      sealedKey: sealSurveyKey(channel.general, designer.keyPair.publicKey),
    });
    expect(refused.status).toBe(400);
    await owner.browser.json("PUT", `/api/org/feedback/keys/${designer.id}`, {
      kind: "sensitive",
      sealedKey: sealSurveyKey(channel.sensitive, designer.keyPair.publicKey),
    });
    const keys = await designer.browser.json("GET", "/api/org/feedback/key");
    expect(Object.keys(keys)).toEqual(["sensitive"]);
    const listed = await designer.browser.json<{ messages: { id: string; sensitive: boolean }[] }>(
      "GET",
      "/api/org/feedback/messages",
    );
    expect(listed.messages.every((m) => m.sensitive)).toBe(true);
    expect(listed.messages.map((m) => m.id)).toContain(sensitiveId);

    // Taking the role away takes the key with it.
    await owner.browser.json("PUT", `/api/org/members/${designer.id}/safeguarding`, {
      safeguarding: false,
    });
    expect((await designer.browser.request("GET", "/api/org/feedback/key")).status).toBe(403);
    await owner.browser.json("PUT", `/api/org/members/${designer.id}/safeguarding`, {
      safeguarding: true,
    });
    expect((await designer.browser.request("GET", "/api/org/feedback/key")).status).toBe(403);
    await owner.browser.json("PUT", `/api/org/members/${designer.id}/safeguarding`, {
      safeguarding: false,
    });
  });
});

describe("who sees members' emails and safeguarding roles", () => {
  it("owners do; a designer sees names and roles only, never an email or who handles safeguarding", async () => {
    await owner.browser.json("PUT", `/api/org/members/${analyst.id}/safeguarding`, {
      safeguarding: true,
    });
    try {
      for (const path of ["/api/org/feedback", "/api/org/analysts"]) {
        const asOwner = await (await owner.browser.request("GET", path)).text();
        expect(asOwner, path).toContain("owner@casa.example");
        expect(asOwner, path).toContain("analyst@casa.example");

        const res = await designer.browser.request("GET", path);
        expect(res.status, path).toBe(200);
        const text = await res.text();
        // The first owner has no invitation name: only an email could name them.
        expect(text, path).not.toContain("owner@casa.example");
        expect(text, path).not.toMatch(/"email"|"safeguarding"/);
      }
      // A safeguarding member hands sensitive reports on: they see who else may take one,
      // and still no email.
      const asReader = await analyst.browser.json<{ members: Record<string, unknown>[] }>(
        "GET",
        "/api/org/feedback",
      );
      expect(JSON.stringify(asReader)).not.toContain("owner@casa.example");
      expect(asReader.members.find((m) => m.id === analyst.id)).toMatchObject({
        safeguarding: true,
        role: "analyst",
      });
      expect(asReader.members.every((m) => !("email" in m))).toBe(true);
    } finally {
      await owner.browser.json("PUT", `/api/org/members/${analyst.id}/safeguarding`, {
        safeguarding: false,
      });
    }
  });
});

describe("bad input on the workspace routes", () => {
  const cases: [string, () => string, unknown, string][] = [
    ["GET", () => `/api/org/feedback/messages?cursor=${"f".repeat(65)}`, undefined, "cursor"],
    ["PUT", () => "/api/org/feedback", { slug: "A B" }, "$.slug"],
    ["PUT", () => "/api/org/feedback", { slug: "abc", publicKey: "x" }, "$.publicKey"],
    [
      "PUT",
      () => `/api/org/feedback/keys/${analyst.id}`,
      { kind: "all", sealedKey: sealed() },
      "$.kind",
    ],
    [
      "PUT",
      () => `/api/org/feedback/keys/${analyst.id}`,
      { kind: "general", sealedKey: "x" },
      "$.sealedKey",
    ],
    [
      "PUT",
      () => `/api/org/feedback/keys/${randomUUID()}`,
      { kind: "general", sealedKey: sealed() },
      "memberId",
    ],
    ["DELETE", () => `/api/org/feedback/keys/${analyst.id}?kind=all`, undefined, "kind"],
    [
      "PUT",
      () => `/api/org/members/${analyst.id}/safeguarding`,
      { safeguarding: "yes" },
      "$.safeguarding",
    ],
    [
      "PUT",
      () => `/api/org/members/${randomUUID()}/safeguarding`,
      { safeguarding: true },
      "memberId",
    ],
    ["PATCH", () => `/api/org/feedback/messages/${messageId}`, { status: "done" }, "$.status"],
    [
      "PATCH",
      () => `/api/org/feedback/messages/${messageId}`,
      { coding: "codes: fees" },
      "$.coding",
    ],
    [
      "PATCH",
      () => `/api/org/feedback/messages/${messageId}`,
      { assignee: randomUUID() },
      "$.assignee",
    ],
    ["PATCH", () => `/api/org/feedback/messages/${messageId}`, {}, "$"],
    ["PATCH", () => `/api/org/feedback/messages/${messageId}`, { note: "x" }, "$.note"],
    ["PATCH", () => `/api/org/feedback/messages/${randomUUID()}`, { status: "closed" }, "id"],
    [
      "POST",
      () => `/api/org/feedback/messages/${messageId}/replies`,
      { ciphertext: "hola" },
      "$.ciphertext",
    ],
    [
      "POST",
      () => `/api/org/feedback/messages/${messageId}/replies`,
      { text: "hola" },
      "$.ciphertext",
    ],
    ["PUT", () => "/api/org/feedback/frame", { frame: [] }, "$.frame"],
    [
      "PUT",
      () => "/api/org/feedback/frame",
      { frame: [{ code: "Fees!", label: {} }] },
      "$.frame[0].code",
    ],
    ["POST", () => "/api/org/feedback/publications", { statements: [] }, "$.publication"],
    [
      "POST",
      () => "/api/org/feedback/publications",
      { publication: {}, statements: [] },
      "$.publication.format",
    ],
    [
      "POST",
      () => "/api/org/feedback/publications",
      { publication: {}, statements: [{ text: { es: "" }, month: "2026-01" }] },
      "$.statements[0].text.es",
    ],
  ];
  for (const [method, path, body, field] of cases) {
    it(`${method} ${path
      .toString()
      .match(/`(.*)`|"(.*)"/)
      ?.slice(1)
      .find(Boolean)} ${JSON.stringify(body)} → 4xx naming ${field}`, async () => {
      const res = await owner.browser.request(method, path(), body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(await res.json()).toMatchObject({ error: { field } });
    });
  }

  it("answers 400 to a body that is not JSON on every route that takes one", async () => {
    for (const [method, path] of [
      ["PUT", "/api/org/feedback"],
      ["PUT", `/api/org/feedback/keys/${analyst.id}`],
      ["PUT", `/api/org/members/${analyst.id}/safeguarding`],
      ["PATCH", `/api/org/feedback/messages/${messageId}`],
      ["POST", `/api/org/feedback/messages/${messageId}/replies`],
      ["PUT", "/api/org/feedback/frame"],
      ["POST", "/api/org/feedback/publications"],
    ] as const) {
      const res = await owner.browser.request(method, path, undefined, {
        "content-type": "application/json",
      });
      expect(res.status, path).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "malformed_json", field: "$" } });
    }
  });
});

describe("publishing you said — we did", () => {
  const messages = [
    ...Array.from({ length: 8 }, () => ({ category: "complaint", month: "2026-09" })),
    ...Array.from({ length: 6 }, () => ({ category: "suggestion", month: "2026-09" })),
    ...Array.from({ length: 2 }, () => ({ category: "complaint", month: "2026-10" })),
    ...Array.from({ length: 7 }, () => ({ category: "suggestion", month: "2026-10" })),
  ];
  const statements = [{ text: { es: "Abrimos los sábados." }, month: "2026-10" }];

  let months: string[] = [];
  beforeAll(async () => {
    await openChannelOn(seededDb, SLUG, "2026-09-01");
    ({ months } = await owner.browser.json<{ months: string[] }>("GET", "/api/org/feedback"));
  });

  it("counts the months from the channel's opening to the last closed month", () => {
    // The test's clock is the machine's: at least September to November 2026 have closed.
    expect(months.slice(0, 3)).toEqual(["2026-09", "2026-10", "2026-11"]);
    expect((months.at(-1) ?? "") < new Date().toISOString().slice(0, 7)).toBe(true);
  });

  it("refuses a publication whose month axis is not the channel's window", async () => {
    const { publication } = await feedbackPublication(SLUG, messages, {
      k: 3,
      months: ["2026-09", "2026-10"],
    });
    const res = await owner.browser.request("POST", "/api/org/feedback/publications", {
      publication,
      statements: [],
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain("month lacks");
  });

  it("refuses a publication that shows a count of 2 and accepts it suppressed", async () => {
    const { publication: safe } = await feedbackPublication(SLUG, messages, { k: 3, months });
    const [table] = safe.tables;
    if (!table) throw new Error("no table");
    // The same tables with every count shown, as a careless or hostile client would send them.
    const { feedbackTables } = await import("../../client/lib/feedback-tables");
    const [counted] = feedbackTables(messages, { months });
    const unsafe = {
      ...safe,
      tables: [
        {
          ...table,
          cells: (counted?.cells ?? []).map((c) => ({
            key: c.key,
            count: c.count,
            suppressed: false,
          })),
        },
      ],
    };
    const refused = await analyst.browser.request("POST", "/api/org/feedback/publications", {
      publication: unsafe,
      statements,
    });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { error: { code: string }; cells: unknown[] };
    expect(body.error.code).toBe("unsafe_publication");
    expect(JSON.stringify(body.cells)).toContain("2026-10");

    const accepted = await analyst.browser.request("POST", "/api/org/feedback/publications", {
      publication: safe,
      statements,
    });
    expect(accepted.status, await accepted.clone().text()).toBe(201);
  });

  it("refuses counts of sensitive reports, free-text categories and another channel's name", async () => {
    const { publication: safe } = await feedbackPublication(SLUG, messages, { k: 3, months });
    const renamed = JSON.parse(
      JSON.stringify(safe).replaceAll('"suggestion"', '"sensitive"'),
    ) as typeof safe;
    const sensitive = await owner.browser.request("POST", "/api/org/feedback/publications", {
      publication: renamed,
      statements: [],
    });
    expect(sensitive.status).toBe(422);
    expect(await sensitive.json()).toMatchObject({ error: { code: "wrong_shape" } });
    const elsewhere = await owner.browser.request("POST", "/api/org/feedback/publications", {
      publication: { ...safe, survey: "otra-org" },
      statements: [],
    });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.json()).toMatchObject({ error: { field: "$.publication.survey" } });
  });

  it("withdraws the current publication", async () => {
    const withdrawn = await owner.browser.json<{ withdrawn: number }>(
      "DELETE",
      "/api/org/feedback/publications/current",
    );
    expect(withdrawn.withdrawn).toBeGreaterThan(0);
  });
});

describe("triage", () => {
  it("keeps status, assignee and a sealed coding, and nothing the server can read of them", async () => {
    const coding = sealCoding({ codes: ["fees"] }, channel.general.publicKey);
    await analyst.browser.json("PATCH", `/api/org/feedback/messages/${messageId}`, {
      status: "referred",
      assignee: owner.id,
      coding,
    });
    await analyst.browser.json("PATCH", `/api/org/feedback/messages/${messageId}`, {
      assignee: null,
    });
    const listed = await owner.browser.json<{
      messages: { id: string; status: string; assignee: string | null; coding: string }[];
    }>("GET", "/api/org/feedback/messages");
    const message = listed.messages.find((m) => m.id === messageId);
    expect(message).toMatchObject({ status: "referred", assignee: null, coding });
    expect(message?.coding).not.toContain("fees");
  });

  it("marks a new message answered by a reply, and leaves referred or closed as they were", async () => {
    const statusAfterReply = async (status: string) => {
      const id = await postMessage(SLUG, channel);
      await analyst.browser.json("PATCH", `/api/org/feedback/messages/${id}`, { status });
      await analyst.browser.json("POST", `/api/org/feedback/messages/${id}/replies`, {
        ciphertext: reply(),
      });
      const listed = await owner.browser.json<{ messages: { id: string; status: string }[] }>(
        "GET",
        "/api/org/feedback/messages",
      );
      return listed.messages.find((m) => m.id === id)?.status;
    };
    expect(await statusAfterReply("new")).toBe("answered");
    expect(await statusAfterReply("in_progress")).toBe("answered");
    // Was "answered": the person holding the reply code lost "referred" or "closed".
    expect(await statusAfterReply("referred")).toBe("referred");
    expect(await statusAfterReply("closed")).toBe("closed");
  });
});
