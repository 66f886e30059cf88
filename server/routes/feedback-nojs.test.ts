// The feedback channel without JavaScript through the real app and a real database: a person
// fills the <noscript> form of /f/:slug as a browser would post it (test/plain-form.ts, written
// apart from the pages), the server seals the message to the channel's key, a member opens it and
// replies, and the person reads the reply by typing the code into the plain reply form. Then what
// a tampered post, a repeated post, a guesser and a copy of the database get, and the sizes.
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KeyPair, openKey } from "../../client/lib/crypto";
import {
  normalizeReplyCode,
  openMessage,
  replyKey,
  replyKeyFromMessage,
  replyLookup,
  sealReply,
} from "../../client/lib/feedback";
import { openSurveyKey } from "../../client/lib/keyring";
import { NOSCRIPT_CSS } from "../../client/respondent/page";
import { storedBytes, storedRows } from "../../test/database";
import { fakeClientBuild, inOneLimitWindow, seededDatabase } from "../../test/harness";
import {
  barButtons,
  type Control,
  type Fill,
  noscriptForm,
  readForm,
  submit,
} from "../../test/plain-form";
import {
  invite,
  openFeedbackChannel,
  type Person,
  readyCrypto,
  signUp,
} from "../../test/workspace-client";
import { type AppDeps, createApp } from "../app";
import type { Db } from "../db/client";

const SLUG = "red-nojs";
const MESSAGE = "Canary-plain-msg: nos cobraron 40 soles\npor el formulario & <gratuito>";
const PROGRAM = "Canary-plain-program";
const REPLY = "Canary-plain-reply: el cobro fue indebido & no se repetirá";

let db: Db;
let dbPath: string;
let clientDir: string;
let cleanup: () => Promise<void>;
let app: ReturnType<typeof createApp>;
const logs: string[] = [];
let owner: Person;
let analyst: Person;

const appWith = (deps: Partial<AppDeps> = {}) =>
  createApp({
    db,
    clientDir,
    log: (entry) => logs.push(JSON.stringify(entry)),
    loginLimit: { limit: 1000, windowMs: 60_000 },
    replyLookupLimit: { limit: 1000, windowMs: 60_000 },
    submissionLimit: { limit: 1000, windowMs: 60_000 },
    ...deps,
  });

beforeAll(async () => {
  await readyCrypto();
  ({ db, dbPath, cleanup } = await seededDatabase());
  clientDir = fakeClientBuild();
  app = appWith();
  owner = await signUp(app, "Red No JS", "owner@nojs-feedback.example");
  analyst = await invite(app, owner, "analyst", "analyst@nojs-feedback.example");
  await openFeedbackChannel(owner, SLUG, [analyst]);
  await owner.browser.json("PUT", "/api/org/feedback/reply-time", { replyDays: 5 });
}, 60_000);
afterAll(async () => {
  await cleanup();
  rmSync(clientDir, { recursive: true, force: true });
});

interface Client {
  request(url: string, init?: RequestInit): Response | Promise<Response>;
}

interface Shown {
  status: number;
  html: string;
  /** Bytes of the posted body and of the page that came back. */
  requestBytes: number;
  responseBytes: number;
}

/** The <noscript> form of the channel's page, as a browser without JavaScript shows it. */
async function plainPage(path = `/f/${SLUG}`, client: Client = app): Promise<string> {
  const res = await client.request(`http://localhost${path}`, {
    headers: { "accept-language": "es-CL" },
  });
  expect(res.status).toBe(200);
  return noscriptForm(await res.text());
}

/** Posts a body to where the page's form says, as the browser would. */
async function postForm(
  html: string,
  body: URLSearchParams | string,
  client: Client = app,
  headers: Record<string, string> = {},
): Promise<Shown> {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error("the page's form has no action");
  const text = body.toString();
  const res = await client.request(`http://localhost${action}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      // Chromium's own form, under our no-referrer policy.
      origin: "null",
      "sec-fetch-site": "same-origin",
      ...headers,
    },
    body: text,
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    html: bytes.toString("utf8"),
    requestBytes: Buffer.byteLength(text),
    responseBytes: bytes.length,
  };
}

/** Fills the page's form by the words on screen and sends it, by a button of the form or its bar. */
const send = (html: string, fill: Fill, client: Client = app) =>
  postForm(html, submit([...barButtons(html), ...readForm(html)], fill), client);

const writing = (message: string, category = "Una queja", extra: Partial<Fill> = {}): Fill => ({
  choose: [{ words: category }],
  typeAt: { "Su mensaje": message, ...extra.typeAt },
  ...(extra.pick ? { pick: extra.pick } : {}),
  press: "Enviar",
});

/** The reply code a "sent" page shows, or null. */
const codeOn = (html: string) => /data-code="([0-9A-Z-]{24})"/.exec(html)?.[1] ?? null;

interface Listed {
  id: string;
  sensitive: boolean;
  ciphertext: string;
}
const listed = async (person: Person) =>
  (await person.browser.json<{ messages: Listed[] }>("GET", "/api/org/feedback/messages")).messages;

async function channelKey(person: Person, kind: "general" | "sensitive"): Promise<KeyPair> {
  const keys = await person.browser.json<Record<string, string>>("GET", "/api/org/feedback/key");
  const pair = openSurveyKey(keys[kind] ?? "", person.keyPair);
  if (!pair) throw new Error(`${person.email} holds no ${kind} key`);
  return pair;
}

/** The message a member opens for the `lookup` of this code. */
async function openedFor(code: string, person: Person, kind: "general" | "sensitive") {
  const [row] = (await storedRows(
    dbPath,
    "select id from feedback_messages where lookup = ?",
    replyLookup(code),
  )) as { id: string }[];
  const found = (await listed(person)).find((m) => m.id === row?.id);
  if (!found) return null;
  const key = openKey(await channelKey(person, kind));
  if (!key) throw new Error("unreachable");
  return { id: found.id, opened: openMessage(found.ciphertext, key) };
}

const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

describe("the feedback page without JavaScript", () => {
  it("holds a form in <noscript> that says it is less private and posts every field", async () => {
    const res = await app.request(`http://localhost/f/${SLUG}?lang=es`);
    const html = await res.text();
    // The script's copy is hidden by one inline style, which the page's CSP allows by its hash.
    expect(html).toContain(`<noscript><style>${NOSCRIPT_CSS}</style></noscript>`);
    expect(res.headers.get("content-security-policy")).toContain(hash(NOSCRIPT_CSS));
    const form = noscriptForm(html);
    expect(form).toContain("Versión sencilla: menos privada.");
    expect(form).toContain('href="#why"');
    // Nothing there says the message is encrypted on the phone: here it is not.
    expect(form).not.toContain("Su mensaje se cifra en este teléfono");
    expect(form).not.toMatch(/javascript/i);
    expect(form).toContain("suele tardar 5 días");
    const names = readForm(form).map((c: Control) => c.name);
    expect([...new Set(names)]).toEqual([
      "lang",
      "id",
      "category",
      "country",
      "program",
      "message",
      "go",
    ]);
  });

  it("seals a message the organization opens to exactly what was written, and the code reads the reply", async () => {
    const page = await plainPage();
    const sent = await send(
      page,
      writing(MESSAGE, "Una queja", {
        pick: { "País (opcional)": "Perú" },
        typeAt: { "Programa o servicio (opcional)": PROGRAM },
      }),
    );
    expect(sent.status).toBe(201);
    expect(sent.html).toContain("Mensaje enviado");
    expect(sent.html).toContain("suele tardar 5 días");
    const code = codeOn(sent.html);
    if (!code) throw new Error("no reply code on the sent page");
    expect(normalizeReplyCode(code)).not.toBeNull();

    const found = await openedFor(code, analyst, "general");
    if (!found?.opened.ok) throw new Error("the analyst cannot open the message");
    const { replyKey: carried, ...written } = found.opened.message;
    expect(written).toEqual({
      category: "complaint",
      country: "pe",
      program: PROGRAM,
      message: MESSAGE,
    });
    expect(carried).toBe(Buffer.from(replyKey(code)).toString("base64"));

    const key = replyKeyFromMessage(found.opened.message);
    if (!key) throw new Error("no reply key");
    const replied = await analyst.browser.request(
      "POST",
      `/api/org/feedback/messages/${found.id}/replies`,
      { ciphertext: sealReply(REPLY, key) },
    );
    expect(replied.status).toBe(201);

    // Typed as a person might: lower case, spaces for dashes.
    const replyPage = await plainPage(`/f/${SLUG}/reply`);
    const read = await send(replyPage, {
      typeAt: { "Código de respuesta": code.toLowerCase().replace(/-/g, " ") },
      press: "Leer",
    });
    expect(read.status).toBe(200);
    expect(read.html).toContain("Respuestas");
    expect(read.html).toContain("Canary-plain-reply: el cobro fue indebido &amp; no se repetirá");
    // The code is not written back into the page.
    expect(read.html).not.toContain(code);
  });

  it("seals a sensitive report to the safeguarding key only", async () => {
    const sent = await send(
      await plainPage(),
      writing("Un voluntario pide favores", "Un reporte delicado Abuso, explotación o fraude."),
    );
    expect(sent.status).toBe(201);
    const code = codeOn(sent.html) ?? "";
    expect(await openedFor(code, analyst, "general")).toBeNull();
    const byOwner = await openedFor(code, owner, "sensitive");
    expect(byOwner?.opened).toMatchObject({ ok: true, message: { category: "sensitive" } });
    const general = openKey(await channelKey(owner, "general"));
    const row = (await listed(owner)).find((m) => m.id === byOwner?.id);
    if (!general || !row) throw new Error("unreachable");
    expect(row.sensitive).toBe(true);
    expect(openMessage(row.ciphertext, general)).toMatchObject({ ok: false });
  });

  it("shows a person's slips on the form again, the message kept, each at its field, and stores nothing", async () => {
    const before = (await listed(owner)).length;
    const page = await plainPage();
    const noCategory = await send(page, {
      typeAt: { "Su mensaje": "Sin categoría <b>" },
      press: "Enviar",
    });
    expect(noCategory.status).toBe(400);
    expect(noCategory.html).toContain("Elija qué quiere enviar.");
    expect(noCategory.html).toMatch(
      /<fieldset class="question" aria-describedby="plain-feedback-category-error">/,
    );
    const again = readForm(noCategory.html);
    expect(again.find((c) => c.name === "message")?.value).toBe("Sin categoría <b>");
    // The same id rides on, so the corrected form stores once.
    expect(again.find((c) => c.name === "id")?.value).toBe(
      readForm(page).find((c) => c.name === "id")?.value,
    );
    const empty = await send(page, writing("   "));
    expect(empty.status).toBe(400);
    expect(empty.html).toMatch(
      /aria-describedby="plain-feedback-message-hint plain-feedback-message-error"/,
    );
    expect(empty.html).toContain("Escriba su mensaje.");
    const invisible = await send(page, writing("\u200b\u200b"));
    expect(invisible.status).toBe(400);
    expect(invisible.html).toContain("Escriba su mensaje.");
    expect(await listed(owner)).toHaveLength(before);
    const fixed = await send(noCategory.html, writing("Sin categoría <b>"));
    expect(fixed.status).toBe(201);
  });

  it("on a refused form, the bar's languages post the draft back: the form in that language, all kept, nothing checked or sent", async () => {
    const before = (await listed(owner)).length;
    const refused = await send(await plainPage(), {
      typeAt: { "Su mensaje": MESSAGE, "Programa o servicio (opcional)": PROGRAM },
      pick: { "País (opcional)": "Perú" },
      press: "Enviar",
    });
    expect(refused.status).toBe(400);
    // A link would lose the draft: the languages are buttons of the form here.
    expect(barButtons(refused.html).map((b) => b.words)).toContain("English");
    const english = await send(refused.html, { press: "English" });
    expect(english.status).toBe(200);
    expect(english.html).toContain('<html lang="en" dir="ltr">');
    expect(english.html).not.toContain('class="error"');
    const form = readForm(english.html);
    expect(form.find((c) => c.name === "message")?.value).toBe(MESSAGE);
    expect(form.find((c) => c.name === "program")?.value).toBe(PROGRAM);
    expect(form.find((c) => c.name === "country")?.value).toBe("pe");
    expect(await listed(owner)).toHaveLength(before);
    // Sent from there, once, as written.
    const sent = await send(english.html, { choose: [{ words: "A complaint" }], press: "Send" });
    expect(sent.status).toBe(201);
    const opened = await openedFor(codeOn(sent.html) ?? "", analyst, "general");
    expect(opened?.opened).toMatchObject({
      ok: true,
      message: { category: "complaint", country: "pe", program: PROGRAM, message: MESSAGE },
    });
  });

  it("stores a form sent twice once, and says so the second time", async () => {
    const page = await plainPage();
    const first = await send(page, writing("Dos veces"));
    const second = await send(page, writing("Dos veces"));
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.html).toContain("Este mensaje ya se envió.");
    expect(codeOn(second.html)).toBeNull();
    const id = readForm(page).find((c) => c.name === "id")?.value ?? "";
    expect(
      await storedRows(dbPath, "select id from feedback_messages where id = ?", id),
    ).toHaveLength(1);
  });

  it("says what a wrong or incomplete code means, keeping what was typed", async () => {
    const replyPage = await plainPage(`/f/${SLUG}/reply`);
    const unknown = await send(replyPage, {
      typeAt: { "Código de respuesta": "K7QF-2M9D-8XTA-PW3C-HN5E" },
      press: "Leer",
    });
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain("No hay ningún mensaje con este código.");
    expect(readForm(unknown.html).find((c) => c.name === "code")?.value).toBe(
      "K7QF-2M9D-8XTA-PW3C-HN5E",
    );
    const short = await send(replyPage, {
      typeAt: { "Código de respuesta": "K7QF-2M9D" },
      press: "Leer",
    });
    expect(short.status).toBe(400);
    expect(short.html).toContain("Ese código no está completo");
    // The bar's languages post the code typed back, in the language chosen, looking nothing up.
    const english = await send(short.html, { press: "English" });
    expect(english.status).toBe(200);
    expect(english.html).toContain('<html lang="en" dir="ltr">');
    expect(english.html).not.toContain('class="error"');
    expect(readForm(english.html).find((c) => c.name === "code")?.value).toBe("K7QF-2M9D");
  });
});

describe("bad input on the forms without JavaScript", () => {
  const valid = async () => submit(readForm(await plainPage()), writing("hola"));
  const cases: [string, (body: URLSearchParams) => void, string][] = [
    ["an unknown category token", (b) => b.set("category", "9"), "category"],
    ["a category by name", (b) => b.set("category", "complaint"), "category"],
    ["a country the publications do not have", (b) => b.set("country", "zz"), "country"],
    ["no id", (b) => b.delete("id"), "id"],
    ["a made-up id", (b) => b.set("id", "1"), "id"],
    ["a language the page does not speak", (b) => b.set("lang", "qu"), "lang"],
    ["an extra field", (b) => b.set("name", "Ana"), "name"],
    ["a field twice", (b) => b.append("category", "1"), "category"],
    ["no button", (b) => b.delete("go"), "go"],
    ["a language the bar does not offer", (b) => b.set("go", "l9"), "go"],
    ["a message past 4000 characters", (b) => b.set("message", "x".repeat(4001)), "message"],
    ["a program past 200 characters", (b) => b.set("program", "x".repeat(201)), "program"],
    ["a NUL in the message", (b) => b.set("message", "a\u0000b"), "message"],
  ];
  for (const [what, change, field] of cases) {
    it(`${what} → 400 naming ${field}, nothing stored`, async () => {
      const before = (await listed(owner)).length;
      const body = await valid();
      change(body);
      const res = await postForm(await plainPage(), body);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.html)).toMatchObject({ error: { field } });
      expect(await listed(owner)).toHaveLength(before);
    });
  }

  it("a code past 40 characters → 400 naming code", async () => {
    const page = await plainPage(`/f/${SLUG}/reply`);
    const res = await postForm(page, new URLSearchParams({ lang: "es", code: "K".repeat(41) }));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.html)).toMatchObject({ error: { field: "code" } });
  });

  it("refuses JSON (415), another site's post (403), too large a form (413) and an unknown channel (404)", async () => {
    const page = await plainPage();
    const body = await valid();
    const json = await postForm(page, JSON.stringify({ message: "x" }), app, {
      "content-type": "application/json",
    });
    expect(json.status).toBe(415);
    expect(JSON.parse(json.html)).toMatchObject({ error: { field: "content-type" } });
    const foreign = await postForm(page, body, app, {
      origin: "https://evil.example",
      "sec-fetch-site": "cross-site",
    });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.html)).toMatchObject({ error: { code: "cross_origin" } });
    const huge = await postForm(page, `${body}&program=${"x".repeat(70_000)}`);
    expect(huge.status).toBe(413);
    const nobody = await postForm(page.replace(`/f/${SLUG}/nojs`, "/f/nadie/nojs"), body);
    expect(nobody.status).toBe(404);
  });
});

describe("rate limits without JavaScript", () => {
  it("counts messages against the same budget as the script's route, and keeps the message when over", {
    timeout: 120_000,
  }, async () => {
    await inOneLimitWindow();
    const strict = appWith({
      clientAddress: () => "198.51.100.41",
      submissionLimit: { limit: 1, windowMs: 60_000 },
    });
    const page = await plainPage(`/f/${SLUG}`, strict);
    expect((await send(page, writing("uno"), strict)).status).toBe(201);
    const over = await send(
      await plainPage(`/f/${SLUG}`, strict),
      writing("dos, retenido"),
      strict,
    );
    expect(over.status).toBe(429);
    expect(over.html).toContain("Demasiados envíos desde esta conexión.");
    expect(readForm(over.html).find((c) => c.name === "message")?.value).toBe("dos, retenido");
    // The script's route now refuses this client too: one budget.
    const json = await strict.request(`http://localhost/api/feedback/${SLUG}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(429);
  });

  it("stops a guesser of codes after the lookup limit, right codes too", {
    timeout: 120_000,
  }, async () => {
    await inOneLimitWindow();
    const sent = await send(await plainPage(), writing("¿Atienden en Arequipa?"));
    const code = codeOn(sent.html) ?? "";
    const strict = appWith({
      clientAddress: () => "198.51.100.42",
      replyLookupLimit: { limit: 2, windowMs: 60_000 },
    });
    const page = await plainPage(`/f/${SLUG}/reply`, strict);
    const guess = (typed: string) =>
      send(page, { typeAt: { "Código de respuesta": typed }, press: "Leer" }, strict);
    expect((await guess("0000-0000-0000-0000-0000")).status).toBe(404);
    expect((await guess("0000-0000-0000-0000-0001")).status).toBe(404);
    const stopped = await guess(code);
    expect(stopped.status).toBe(429);
    expect(stopped.html).toContain("Demasiados intentos.");
    expect(stopped.html).not.toContain("Respuestas");
  });
});

describe("what the sizes and the database say", () => {
  it("answers every post with a page of one length, and posts differ only by what was typed", {
    timeout: 120_000,
  }, async () => {
    await inOneLimitWindow();
    const strict = appWith({
      clientAddress: () => "198.51.100.43",
      submissionLimit: { limit: 3, windowMs: 60_000 },
      replyLookupLimit: { limit: 3, windowMs: 60_000 },
    });
    const shown: Shown[] = [];
    const message = (fill: Fill) => async () => {
      shown.push(await send(await plainPage(`/f/${SLUG}`, strict), fill, strict));
    };
    // Sent thanks with no country, a sent sensitive report from Venezuela, a refused form, one
    // over the limit: the page says which, its length does not.
    const text = "mismo largo";
    const steps = [
      message(writing(text, "Un agradecimiento")),
      message(
        writing(text, "Un reporte delicado Abuso, explotación o fraude.", {
          pick: { "País (opcional)": "Venezuela" },
        }),
      ),
      message({ typeAt: { "Su mensaje": text }, press: "Enviar" }),
      message(writing(text, "Una pregunta")),
      message(writing(text, "Una sugerencia")),
    ];
    for (const step of steps) await step();
    // Switching language from the refused form posts as sending does; the page it answers has
    // the one length of that language's pages (each language has its own), as a refusal there.
    const english = await send(shown[2]?.html ?? "", { press: "English" }, strict);
    expect(english.status).toBe(200);
    expect(english.requestBytes).toBe(shown[2]?.requestBytes);
    const refused = await send(english.html, { press: "Send" }, strict);
    expect(refused.status).toBe(400);
    expect(english.responseBytes).toBe(refused.responseBytes);
    expect(shown.map((s) => s.status)).toEqual([201, 201, 400, 201, 429]);
    const code = codeOn(shown[0]?.html ?? "") ?? "";
    const replyPage = await plainPage(`/f/${SLUG}/reply`, strict);
    for (const typedCode of [code, "K7QF-2M9D-8XTA-PW3C-HN5E", "corto", code]) {
      shown.push(
        await send(
          replyPage,
          { typeAt: { "Código de respuesta": typedCode }, press: "Leer" },
          strict,
        ),
      );
    }
    expect(shown.slice(5).map((s) => s.status)).toEqual([200, 404, 400, 429]);
    // Switching language from the refused guesser's page is no guess: no lookup, so no 429; it
    // posts as the guess did, and answers with the English pages' one length.
    const switched = await send(shown[8]?.html ?? "", { press: "English" }, strict);
    expect(switched.status).toBe(200);
    expect(switched.requestBytes).toBe(shown[8]?.requestBytes);
    expect(switched.responseBytes).toBe(english.responseBytes);
    expect(new Set(shown.map((s) => s.responseBytes)).size).toBe(1);
    // Category, country and button tokens have one width: the same text gives the same post.
    expect(new Set(shown.slice(0, 5).map((s) => s.requestBytes)).size).toBe(1);
  });

  it("keeps no message, program, reply or code in the database file or the logs", async () => {
    const sent = await send(
      await plainPage(),
      writing(MESSAGE, "Una queja", { typeAt: { "Programa o servicio (opcional)": PROGRAM } }),
    );
    const code = codeOn(sent.html) ?? "";
    expect(code).not.toBe("");
    const replyPage = await plainPage(`/f/${SLUG}/reply`);
    await send(replyPage, { typeAt: { "Código de respuesta": code }, press: "Leer" });
    app.flushLogs();
    const everything = Buffer.concat([await storedBytes(dbPath), Buffer.from(logs.join("\n"))]);
    expect(everything.length).toBeGreaterThan(0);
    for (const secret of [
      "Canary-plain-msg",
      "nos cobraron 40 soles",
      PROGRAM,
      code,
      code.replace(/-/g, ""),
      Buffer.from(replyKey(code)).toString("base64"),
    ]) {
      expect(everything.includes(secret), secret).toBe(false);
    }
    // What the script's path stores, the lookup, is there: the test reads the right bytes.
    expect(everything.includes(replyLookup(code))).toBe(true);
  });
});
