// The feedback channel end to end through the real app and a real SQLite file: a person sends
// a sealed message, members triage and reply in their "browsers", the person reads the reply
// with the code; and what a wrong code, a guesser, a replay or a copy of the database get.
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postMessage, sealDraft } from "../../client/feedback/send";
import { type KeyPair, openKey, toBase64 } from "../../client/lib/crypto";
import {
  type Category,
  newReplyCode,
  openCoding,
  openMessage,
  openReply,
  replyKey,
  replyKeyFromMessage,
  replyLookup,
  sealCoding,
  sealMessage,
  sealReply,
} from "../../client/lib/feedback";
import { feedbackPublication } from "../../client/lib/feedback-tables";
import { openSurveyKey } from "../../client/lib/keyring";
import { columnsOf, storedBytes, storedRows } from "../../test/database";
import { inOneLimitWindow, openChannelOn, seededDatabase } from "../../test/harness";
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

const SLUG = "red-apoyo";
const COMPLAINT = "Canary-complaint: nos cobraron 40 soles por el formulario gratuito";
const REPLY = "Canary-reply: el cobro fue indebido; escríbanos de nuevo si vuelve a pasar";

let app: ReturnType<typeof createApp>;
let db: Db;
let dbPath: string;
let cleanup: () => Promise<void>;
const logs: string[] = [];
let owner: Person;
let analyst: Person;
let channel: FeedbackKeys;

beforeAll(async () => {
  await readyCrypto();
  const seeded = await seededDatabase();
  ({ db, dbPath, cleanup } = seeded);
  app = createApp({
    db,
    log: (entry) => logs.push(JSON.stringify(entry)),
    loginLimit: { limit: 1000, windowMs: 60_000 },
    replyLookupLimit: { limit: 1000, windowMs: 60_000 },
  });
  owner = await signUp(app, "Red de Apoyo", "owner@feedback.example");
  analyst = await invite(app, owner, "analyst", "analyst@feedback.example");
  channel = await openFeedbackChannel(owner, SLUG, [analyst]);
}, 60_000);
afterAll(() => cleanup());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

/** What the person's page does on submit: a code, the sealed message, its lookup. */
function compose(category: Category, message: string, country?: string) {
  const code = newReplyCode();
  const sealed = sealMessage(
    { category, message, replyKey: toBase64(replyKey(code)), ...(country ? { country } : {}) },
    category === "sensitive" ? channel.sensitive.publicKey : channel.general.publicKey,
  );
  return {
    code,
    body: {
      id: randomUUID(),
      ciphertext: sealed,
      sensitive: category === "sensitive",
      lookup: replyLookup(code),
    },
  };
}

async function sendMessage(category: Category, message: string) {
  const composed = compose(category, message);
  const res = await post(`/api/feedback/${SLUG}/messages`, composed.body);
  expect(res.status, await res.clone().text()).toBe(201);
  return composed;
}

/** A member's browser: fetch the sealed channel key and open it with the personal key. */
async function channelKey(person: Person, kind: "general" | "sensitive"): Promise<KeyPair> {
  const keys = await person.browser.json<Record<string, string>>("GET", "/api/org/feedback/key");
  const sealed = keys[kind];
  if (!sealed) throw new Error(`${person.email} has no ${kind} key`);
  const pair = openSurveyKey(sealed, person.keyPair);
  if (!pair) throw new Error("the sealed key did not open");
  return pair;
}

interface Listed {
  id: string;
  sensitive: boolean;
  ciphertext: string;
  month: string;
  status: string;
  assignee: string | null;
  coding: string | null;
  replies: number;
}
const list = async (person: Person) =>
  (await person.browser.json<{ messages: Listed[] }>("GET", "/api/org/feedback/messages")).messages;

describe("the feedback channel, end to end", () => {
  it("carries a complaint to a member and the member's reply back to the person holding the code", async () => {
    const info = await app.request(`http://localhost/api/feedback/${SLUG}`);
    expect(await info.json()).toMatchObject({
      slug: SLUG,
      orgName: "Red de Apoyo",
      publicKey: channel.general.publicKey,
      sensitivePublicKey: channel.sensitive.publicKey,
      categories: ["question", "suggestion", "complaint", "thanks", "sensitive"],
    });

    const { code, body } = await sendMessage("complaint", COMPLAINT);

    // The analyst lists it, opens it in the browser, and finds the reply key inside.
    const listed = (await list(analyst)).find((m) => m.id === body.id);
    expect(listed).toMatchObject({ status: "new", assignee: null, coding: null, replies: 0 });
    expect(listed?.month).toBe(new Date().toISOString().slice(0, 7));
    const key = openKey(await channelKey(analyst, "general"));
    if (!key || !listed) throw new Error("unreachable");
    const opened = openMessage(listed.ciphertext, key);
    if (!opened.ok) throw new Error(`did not open: ${opened.reason}`);
    expect(opened.message).toMatchObject({ category: "complaint", message: COMPLAINT });

    const coding = sealCoding({ codes: ["quality_complaint", "fraud"] }, channel.general.publicKey);
    const patch = await analyst.browser.request("PATCH", `/api/org/feedback/messages/${body.id}`, {
      status: "in_progress",
      assignee: analyst.id,
      coding,
    });
    expect(patch.status, await patch.clone().text()).toBe(200);

    const reply = replyKeyFromMessage(opened.message);
    if (!reply) throw new Error("no reply key in the message");
    const sent = await analyst.browser.request(
      "POST",
      `/api/org/feedback/messages/${body.id}/replies`,
      { ciphertext: sealReply(REPLY, reply) },
    );
    expect(sent.status, await sent.clone().text()).toBe(201);

    const triaged = (await list(owner)).find((m) => m.id === body.id);
    expect(triaged).toMatchObject({ status: "answered", assignee: analyst.id, replies: 1 });
    expect(openCoding(triaged?.coding ?? "", key)).toEqual({
      codes: ["quality_complaint", "fraud"],
    });

    // The person comes back with only the code.
    const typed = code.toLowerCase().replace(/-/g, " ");
    const res = await post(`/api/feedback/${SLUG}/replies`, { lookup: replyLookup(typed) });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const answer = (await res.json()) as {
      status: string;
      replies: { ciphertext: string; day: string }[];
    };
    expect(answer.status).toBe("answered");
    expect(answer.replies).toHaveLength(1);
    expect(answer.replies[0]?.day).toBe(new Date().toISOString().slice(0, 10));
    expect(openReply(answer.replies[0]?.ciphertext ?? "", replyKey(typed))).toBe(REPLY);
    expect(openReply(answer.replies[0]?.ciphertext ?? "", replyKey(newReplyCode()))).toBeNull();
  });

  it("answers a wrong code with 404 and nothing else", async () => {
    await sendMessage("question", "¿Dónde renuevo el PTP?");
    const res = await post(`/api/feedback/${SLUG}/replies`, {
      lookup: replyLookup(newReplyCode()),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: "unknown_code", message: "no message has this reply code" },
    });
  });

  it("does not read a code's replies at another organization's channel", async () => {
    const { code } = await sendMessage("thanks", "Gracias por la orientación");
    const other = await signUp(app, "Otra Org", "owner@other-feedback.example");
    await openFeedbackChannel(other, "otra-org");
    const res = await post("/api/feedback/otra-org/replies", { lookup: replyLookup(code) });
    expect(res.status).toBe(404);
  });

  it("stores a replayed message once and gives the same receipt; other bytes under its id get 409", async () => {
    const { body } = compose("suggestion", "Abran los sábados");
    const first = await post(`/api/feedback/${SLUG}/messages`, body);
    const again = await post(`/api/feedback/${SLUG}/messages`, body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    const receipt = ((await first.json()) as { receipt: string }).receipt;
    expect(((await again.json()) as { receipt: string }).receipt).toBe(receipt);
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const rows = await storedRows(dbPath, "select id from feedback_messages where id = ?", body.id);
    expect(rows).toHaveLength(1);

    const other = compose("suggestion", "Abran los domingos").body;
    const conflict = await post(`/api/feedback/${SLUG}/messages`, { ...other, id: body.id });
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ error: { code: "id_taken", field: "$.id" } });
    const reused = await post(`/api/feedback/${SLUG}/messages`, {
      ...other,
      lookup: body.lookup,
    });
    expect(reused.status).toBe(409);
    expect(await reused.json()).toMatchObject({ error: { field: "$.lookup" } });
  });

  it("refuses an altered ciphertext whose shape broke, and one that kept its shape never opens", async () => {
    const { body } = compose("complaint", "alterado");
    const truncated = body.ciphertext.slice(0, -8);
    const res = await post(`/api/feedback/${SLUG}/messages`, { ...body, ciphertext: truncated });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: "$.ciphertext" } });

    // The server cannot open anything, so a flipped bit is stored; the member sees it unreadable.
    const bytes = Buffer.from(body.ciphertext, "base64");
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    const flipped = { ...body, ciphertext: bytes.toString("base64") };
    expect((await post(`/api/feedback/${SLUG}/messages`, flipped)).status).toBe(201);
    const listed = (await list(analyst)).find((m) => m.id === body.id);
    const key = openKey(await channelKey(analyst, "general"));
    if (!key || !listed) throw new Error("unreachable");
    expect(openMessage(listed.ciphertext, key)).toMatchObject({ ok: false, reason: "unreadable" });
  });

  it("keeps a sensitive report away from members without the safeguarding role", async () => {
    const { body } = await sendMessage("sensitive", "Un voluntario pide favores a cambio de ayuda");
    expect((await list(analyst)).some((m) => m.id === body.id)).toBe(false);
    const listed = (await list(owner)).find((m) => m.id === body.id);
    expect(listed?.sensitive).toBe(true);
    const key = openKey(await channelKey(owner, "sensitive"));
    if (!key || !listed) throw new Error("unreachable");
    expect(openMessage(listed.ciphertext, key)).toMatchObject({ ok: true });
    // The general key does not open it: sealing to the sensitive key is what protects it.
    const general = openKey(await channelKey(owner, "general"));
    if (!general) throw new Error("unreachable");
    expect(openMessage(listed.ciphertext, general)).toMatchObject({ ok: false });

    const patch = await analyst.browser.request("PATCH", `/api/org/feedback/messages/${body.id}`, {
      status: "closed",
    });
    expect(patch.status).toBe(404);
    const reply = await analyst.browser.request(
      "POST",
      `/api/org/feedback/messages/${body.id}/replies`,
      { ciphertext: sealReply("x", replyKey(newReplyCode())) },
    );
    expect(reply.status).toBe(404);
    // Same answer as for an id that does not exist: nothing says the report is there.
    const missing = await analyst.browser.request(
      "PATCH",
      `/api/org/feedback/messages/${randomUUID()}`,
      { status: "closed" },
    );
    expect(await reply.json()).toEqual(await missing.json());
    const assign = await owner.browser.request("PATCH", `/api/org/feedback/messages/${body.id}`, {
      assignee: analyst.id,
    });
    expect(assign.status).toBe(400);
    expect(await assign.json()).toMatchObject({ error: { field: "$.assignee" } });
    expect((await analyst.browser.request("GET", "/api/org/feedback/key")).status).toBe(200);
    expect(
      await analyst.browser.json<Record<string, string>>("GET", "/api/org/feedback/key"),
    ).not.toHaveProperty("sensitive");
  });

  it("posts a sensitive report exactly as long as any other message, so its size does not tell", async () => {
    // What the person's page does (client/feedback/send.ts), with fetch wired to the real app; an
    // observer of the connection sees each body's length.
    const bodies: string[] = [];
    const fetched = globalThis.fetch;
    globalThis.fetch = (async (path: string, init: RequestInit) => {
      bodies.push(String(init.body));
      return app.request(`http://localhost${path}`, init);
    }) as typeof fetch;
    const channelOnPage = {
      slug: SLUG,
      orgName: "Red de Apoyo",
      publicKey: channel.general.publicKey,
      sensitivePublicKey: channel.sensitive.publicKey,
      categories: [],
      replyDays: null,
    };
    const ids: Record<string, string> = {};
    try {
      for (const category of ["sensitive", "complaint"] as const) {
        const draft = { category, country: "", program: "", message: "Misma longitud" };
        const sealed = await sealDraft(channelOnPage, draft);
        if (!sealed.ok) throw new Error(sealed.reason);
        expect(await postMessage(sealed.item)).toMatchObject({ ok: true });
        ids[category] = sealed.item.id;
      }
    } finally {
      globalThis.fetch = fetched;
    }
    const [sensitive = "", complaint = ""] = bodies;
    expect(new TextEncoder().encode(sensitive).length).toBe(
      new TextEncoder().encode(complaint).length,
    );
    // And the server still reads which is which.
    const listed = await list(owner);
    expect(listed.find((m) => m.id === ids.sensitive)?.sensitive).toBe(true);
    expect(listed.find((m) => m.id === ids.complaint)?.sensitive).toBe(false);
  });
});

describe("bad input on the public routes", () => {
  const cases: [string, string, unknown, number, string][] = [
    ["messages", "not json", "{", 400, "$"],
    ["messages", "no id", { id: undefined }, 400, "$.id"],
    ["messages", "a made-up id", { id: "1" }, 400, "$.id"],
    ["messages", "plain text for ciphertext", { ciphertext: "hola" }, 400, "$.ciphertext"],
    ["messages", "a string for sensitive", { sensitive: "no" }, 400, "$.sensitive"],
    [
      "messages",
      "the code itself for lookup",
      { lookup: "K7QF-2M9D-8XTA-PW3C-HN5E" },
      400,
      "$.lookup",
    ],
    ["messages", "an extra field", { name: "Ana" }, 400, "$.name"],
    ["replies", "not json", "[", 400, "$"],
    ["replies", "no lookup", {}, 400, "$.lookup"],
    ["replies", "upper-case hex", { lookup: "A".repeat(64) }, 400, "$.lookup"],
    ["replies", "an extra field", { lookup: "a".repeat(64), code: "x" }, 400, "$.code"],
  ];
  for (const [route, what, patch, status, field] of cases) {
    it(`${route}: ${what} → ${status} naming ${field}`, async () => {
      const valid = route === "messages" ? compose("question", "hola").body : {};
      const body = typeof patch === "string" ? patch : { ...valid, ...(patch as object) };
      const res = await post(`/api/feedback/${SLUG}/${route}`, body);
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ error: { field } });
    });
  }

  it("answers 415 to a body that is not JSON, 413 to one too large, 404 to an unknown channel", async () => {
    const form = await post(`/api/feedback/${SLUG}/messages`, "a=b", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(415);
    const huge = await post(`/api/feedback/${SLUG}/messages`, {
      ...compose("question", "x").body,
      ciphertext: "A".repeat(70_000),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { field: "$" } });
    for (const res of [
      await app.request("http://localhost/api/feedback/nadie"),
      await post("/api/feedback/nadie/messages", compose("question", "x").body),
      await post("/api/feedback/nadie/replies", { lookup: "a".repeat(64) }),
      await app.request("http://localhost/f/nadie/results"),
    ]) {
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "unknown_channel" } });
    }
  });
});

describe("guessing reply codes", () => {
  it("is stopped with 429 and Retry-After once a client passes the limit", {
    timeout: 120_000,
  }, async () => {
    await inOneLimitWindow();
    const strict = createApp({
      db,
      log: () => {},
      // A client of its own: on PostgreSQL the count is kept in the database all tests share.
      clientAddress: () => "198.51.100.31",
      replyLookupLimit: { limit: 3, windowMs: 60_000 },
    });
    const guess = () =>
      strict.request(`http://localhost/api/feedback/${SLUG}/replies`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ lookup: replyLookup(newReplyCode()) }),
      });
    for (let i = 0; i < 3; i++) expect((await guess()).status).toBe(404);
    const stopped = await guess();
    expect(stopped.status).toBe(429);
    expect(Number(stopped.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await stopped.json()).toMatchObject({ error: { code: "rate_limited" } });
  });

  it("stops even right codes once over the limit, so a guesser learns nothing from the answer", {
    timeout: 120_000,
  }, async () => {
    await inOneLimitWindow();
    const { code } = await sendMessage("question", "¿Atienden en Arequipa?");
    const strict = createApp({
      db,
      log: () => {},
      clientAddress: () => "198.51.100.32",
      replyLookupLimit: { limit: 1, windowMs: 60_000 },
    });
    const ask = (lookup: string) =>
      strict.request(`http://localhost/api/feedback/${SLUG}/replies`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ lookup }),
      });
    expect((await ask(replyLookup(newReplyCode()))).status).toBe(404);
    expect((await ask(replyLookup(code))).status).toBe(429);
  });
});

describe("what the server keeps", () => {
  it("cannot read any message or reply from the database file, its WAL or its logs", async () => {
    const { code } = await sendMessage("complaint", COMPLAINT);
    app.flushLogs();
    const everything = Buffer.concat([await storedBytes(dbPath), Buffer.from(logs.join("\n"))]);
    for (const secret of [
      "Canary-complaint",
      "Canary-reply",
      code,
      code.replace(/-/g, ""),
      toBase64(replyKey(code)),
    ]) {
      expect(everything.includes(secret), secret).toBe(false);
    }
    // The lookup is stored, as it must be to find the replies, but never logged.
    expect(logs.join("\n")).not.toContain(replyLookup(code));
    expect(logs.some((line) => line.includes("/api/feedback/:slug/replies"))).toBe(true);
  });

  it("has no column for an address, a browser, a cookie or a time finer than the month", async () => {
    const columns = async (table: string) => (await columnsOf(dbPath, table)).sort();
    expect(await columns("feedback_messages")).toEqual([
      "assignee",
      "ciphertext",
      "coding",
      "id",
      "lookup",
      "month",
      "sensitive",
      "slug",
      "status",
    ]);
    expect(await columns("feedback_replies")).toEqual([
      "ciphertext",
      "day",
      "message_id",
      "number",
    ]);
    const months = await storedRows(dbPath, "select distinct month from feedback_messages");
    for (const { month } of months as { month: string }[]) expect(month).toMatch(/^\d{4}-\d{2}$/);
  });
});

describe("the person's pages", () => {
  it("render the channel with the built entry, answer 503 before a build and 404 for no channel", async () => {
    const dir = mkdtempSync(join(tmpdir(), "voz-feedback-build-"));
    try {
      mkdirSync(join(dir, ".vite"));
      const unbuilt = createApp({ db, log: () => {}, clientDir: dir });
      expect((await unbuilt.request(`http://localhost/f/${SLUG}`)).status).toBe(503);
      writeFileSync(
        join(dir, ".vite", "manifest.json"),
        JSON.stringify({
          "client/respondent/main.tsx": { file: "assets/respondent-abc.js" },
          "client/coordinator/main.tsx": { file: "assets/coordinator-abc.js" },
          "client/public/results.css": { file: "assets/results-abc.css" },
          "client/feedback/main.tsx": { file: "assets/feedback-abc.js", css: ["assets/f.css"] },
        }),
      );
      const built = createApp({ db, log: () => {}, clientDir: dir });
      for (const path of [`/f/${SLUG}`, `/f/${SLUG}/reply`]) {
        const res = await built.request(`http://localhost${path}`, {
          headers: { "accept-language": "pt-BR,pt;q=0.9" },
        });
        expect(res.status, path).toBe(200);
        expect(res.headers.get("cache-control")).toBe("no-store");
        expect(res.headers.get("set-cookie")).toBeNull();
        const html = await res.text();
        expect(html).toContain('src="/assets/feedback-abc.js"');
        expect(html).toContain(channel.general.publicKey);
        expect(html).toMatch(/<html lang="pt"/);
      }
      const none = await built.request("http://localhost/f/nadie");
      expect(none.status).toBe(404);
      expect(none.headers.get("content-type")).toContain("text/html");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the you said — we did page", () => {
  it("says so when nothing is published, then shows statements and tables with no count below k", async () => {
    const empty = await app.request(`http://localhost/f/${SLUG}/results?lang=en`);
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain("Nothing has been published yet.");

    const messages = [
      ...Array.from({ length: 9 }, () => ({ category: "complaint", month: "2026-10" })),
      ...Array.from({ length: 2 }, () => ({ category: "question", month: "2026-10" })),
      ...Array.from({ length: 7 }, () => ({ category: "suggestion", month: "2026-10" })),
    ];
    await openChannelOn(db, SLUG, "2026-09-01");
    const { months } = await owner.browser.json<{ months: string[] }>("GET", "/api/org/feedback");
    const { publication } = await feedbackPublication(SLUG, messages, { k: 3, months });
    const statements = [
      {
        text: {
          en: "We stopped all fees at the Lima office.",
          es: "Eliminamos todo cobro en Lima.",
        },
        month: "2026-11",
      },
    ];
    const res = await owner.browser.request("POST", "/api/org/feedback/publications", {
      publication,
      statements,
    });
    expect(res.status, await res.clone().text()).toBe(201);

    const page = await app.request(`http://localhost/f/${SLUG}/results?lang=en`);
    const html = await page.text();
    expect(html).toContain("We stopped all fees at the Lima office.");
    expect(html).toContain("Complaint");
    // The organization is named; the hidden mark is explained once, not in every cell.
    expect(html).toMatch(/<p class="org">[^<]+<\/p>/);
    // In the channel's words: people wrote messages; nobody here responded to a survey.
    expect(html.match(/hidden to protect the people who wrote/g)).toHaveLength(1);
    expect(html).toMatch(/Share of all \d+ messages\./);
    expect(html).not.toMatch(/respondent|responses/i);
    expect(html).toContain("October 2026");
    // Every number in a table cell is 0 or at least k.
    const counts = [...html.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(counts.length).toBeGreaterThan(0);
    for (const n of counts) expect(n === 0 || n >= 3, String(n)).toBe(true);
    expect(html).not.toContain("sensitive");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
  });
});
