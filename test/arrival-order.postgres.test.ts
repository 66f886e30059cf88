// DESIGN §9.7 on PostgreSQL, tried as someone holding a copy of the cluster's files would:
// responses stored through Voz's group commit, then the table's heap file read as bytes (after
// a checkpoint) and every response id found at its offset, and every row's xmin read with the
// driver. PostgreSQL appends rows to a heap in the order they are written, whatever their key,
// and stamps each with the id of the transaction that wrote it, so between two rewrites
// (server/db/postgres-rewrite.ts) the responses stored since the last one lie in the order of
// their commits; those of one group commit in the order of their random ids. Each rewrite puts
// every row in key order under one xmin, and leaves no spent code's deleted row in the heap
// (docs/promises.md#arrival-order). Tests that need no rewrite to happen say so in the database
// (response_rewrites), as a database where one has just happened would.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateKeyPair, ready, seal } from "../client/lib/crypto";
import { newReplyCode, replyLookup, sealMessage } from "../client/lib/feedback";
import { createApp } from "../server/app";
import { arrivalOrderForgotten, closeDatabase, type Db, openDatabase } from "../server/db/client";
import { createCodes } from "../server/db/codes";
import { addReply, createChannel, repliesByLookup, triageMessage } from "../server/db/feedback";
import { REBUILD_MIN_RESPONSES } from "../server/db/rebuilds";
import { ResponseWriter } from "../server/db/responses";
import { publishSurveyVersion } from "../server/db/surveys";
import { changeRows, freshDatabase, storedRows } from "./database";
import { chanceSpread, findAll, offsetsOf, spearman, UUID } from "./disk";
import { seedSurvey } from "./harness";

const SLUG = "passport-access";
let dir = "";
let location = "";
let drop: () => Promise<void>;
let db: Db;
let publicKey = "";

beforeEach(async () => {
  await ready();
  dir = mkdtempSync(join(tmpdir(), "voz-pg-order-"));
  ({ location, drop } = await freshDatabase(dir));
  db = await openDatabase(location);
  publicKey = generateKeyPair().publicKey;
  await publishSurveyVersion(db, seedSurvey(SLUG), publicKey, "open");
});
afterEach(async () => {
  await closeDatabase(db);
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

const response = () => ({
  id: randomUUID(),
  slug: SLUG,
  ciphertext: seal(
    { v: 1, survey: SLUG, version: 1, answers: { country: "cl" } },
    publicKey,
    seedSurvey(SLUG),
  ),
});

/** PostgreSQL's page size (BLCKSZ); a heap file is a sequence of such pages. */
const PAGE = 8192;

/** The bytes of a table's heap file as they are on disk now (after a checkpoint), and its path. */
async function heapOf(table: string): Promise<{ path: string; bytes: Buffer }> {
  const dataDir = process.env.VOZ_TEST_POSTGRES_DATA;
  if (!dataDir) throw new Error("no PostgreSQL data folder (test/postgres-setup.ts)");
  await changeRows(location, "checkpoint");
  const [file] = await storedRows<{ path: string }>(
    location,
    "select pg_relation_filepath(?::regclass) as path",
    table,
  );
  const path = join(dataDir, file?.path ?? "");
  return { path, bytes: readFileSync(path) };
}

/**
 * Ids (of responses, or of feedback messages) in the order their rows were written to the
 * table's heap file, read from its bytes: pages fill one after another, and a page's tuples are
 * laid from its end towards its start, so within a page a lower offset was written later.
 */
async function idsInHeap(table = "response_parts"): Promise<string[]> {
  const heap = (await heapOf(table)).bytes;
  const written = new Map<string, number>();
  for (const { text, offset } of findAll(heap, UUID)) {
    const rank = Math.floor(offset / PAGE) * PAGE + (PAGE - (offset % PAGE));
    written.set(text, Math.min(rank, written.get(text) ?? rank));
  }
  return [...written].sort((a, b) => a[1] - b[1]).map(([id]) => id);
}

/**
 * Response ids in the order their ciphertexts were written to the TOAST table's heap file: a
 * ciphertext of a few kB is kept there, cut in chunks, under a chunk id drawn from a counter.
 * Found by its first characters, which the first chunk starts with (base64 does not compress).
 */
async function idsInToast(
  responses: { id: string; ciphertext: string }[],
  table = "response_parts",
): Promise<string[]> {
  const [toast] = await storedRows<{ name: string }>(
    location,
    "select reltoastrelid::regclass::text as name from pg_class where relname = ?",
    table,
  );
  const { bytes } = await heapOf(toast?.name ?? "");
  const written = responses.flatMap(({ id, ciphertext }) =>
    offsetsOf(bytes, ciphertext.slice(0, 48)).map((offset) => ({
      id,
      rank: Math.floor(offset / PAGE) * PAGE + (PAGE - (offset % PAGE)),
    })),
  );
  return written.sort((a, b) => a.rank - b.rank).map((w) => w.id);
}

/**
 * Response ids in the order of their rows' xmin: the id of the (sub)transaction that wrote
 * them, which anyone opening the copy with PostgreSQL reads beside every row. Each response's
 * savepoint gets its own, in the order the responses were stored.
 */
async function idsByXmin(): Promise<string[]> {
  return (await xmins()).sort((a, b) => Number(a.xmin) - Number(b.xmin)).map((r) => r.id);
}

const xmins = () =>
  storedRows<{ id: string; xmin: string }>(
    location,
    "select id, xmin::text as xmin from response_parts where part = 0",
  );

/** As after a rewrite at a million responses: none is due while the test runs. */
const noRewriteDue = () => changeRows(location, "update response_rewrites set responses = 1000000");

/** As after a rewrite 9 responses ago: the next commit is followed by one (rebuilds.ts). */
const rewriteDueAtNext = () =>
  changeRows(
    location,
    `update response_rewrites set responses =
       (select coalesce(sum(responses), 0) from response_days) + 1 - ${REBUILD_MIN_RESPONSES}`,
  );

/** |Spearman| between the order `ids` arrived in and their places in `order`. */
const rankCorrelation = (ids: string[], order: string[]) =>
  Math.abs(spearman(ids.map((id, i) => [i, order.indexOf(id)] as const)));

/** Its spread by chance alone on the same places (test/disk.ts chanceSpread). */
const spreadByChance = (ids: string[], order: string[]) =>
  chanceSpread(ids.map((id, i) => ({ position: order.indexOf(id), arrival: i })));

/** What whoever printed a survey's codes can compute of each (server/db/codes.ts stores it). */
const codeHash = (code: string) =>
  createHash("sha256")
    .update(`voz-code/1\n${SLUG}\n${code.replaceAll("-", "")}`)
    .digest("base64");

/** The real app, with a submission limit no test here reaches. */
const appOn = (database: Db) =>
  createApp({ db: database, log: () => {}, submissionLimit: { limit: 1e6, windowMs: 60_000 } });

/**
 * Submits, then waits for the rewrite the commit set off, if any, which runs after the 201
 * (postgres-rewrite.ts): the copy of the files is taken once it has ended.
 */
async function post(app: ReturnType<typeof createApp>, body: Record<string, string>) {
  const res = await app.request(`/api/surveys/${SLUG}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await arrivalOrderForgotten(db);
  return res.status;
}

describe("a copy of a PostgreSQL cluster's files", () => {
  it("shows the responses of one group commit in the order of their ids, not of their arrival", async () => {
    await noRewriteDue();
    const writer = new ResponseWriter(db);
    const arrived = Array.from({ length: 60 }, response);
    // Sent in one turn of the event loop: one batch, one commit.
    const results = await Promise.all(arrived.map((r) => writer.store(r)));
    expect(results.every((r) => r === "stored")).toBe(true);
    const sorted = arrived.map((r) => r.id).sort();
    expect(await idsInHeap()).toEqual(sorted);
    expect(await idsByXmin()).toEqual(sorted);
  });

  it("orders responses stored since the last rewrite by arrival, and no longer once the next rewrite has run", async () => {
    // 1,000 in one commit, rewritten after it (rebuilds.ts: due at 10 and more); the next is
    // due when a tenth more have come, at the 100th of those sent one after another.
    const writer = new ResponseWriter(db);
    const first = Array.from({ length: 1000 }, response);
    await Promise.all(first.map((r) => writer.store(r)));
    await arrivalOrderForgotten(db);
    const [rewritten] = await storedRows<{ responses: string }>(
      location,
      "select responses from response_rewrites",
    );
    expect(Number(rewritten?.responses)).toBe(1000);
    const app = appOn(db);
    const arrived: string[] = [];
    const sent: { id: string; ciphertext: string }[] = [];
    for (let i = 0; i < 99; i++) {
      const r = response();
      expect(await post(app, { id: r.id, ciphertext: r.ciphertext })).toBe(201);
      arrived.push(r.id);
      sent.push(r);
    }
    const before = await storedRows<{ path: string }>(
      location,
      "select pg_relation_filepath('response_parts') as path",
    );
    const heapBefore = rankCorrelation(arrived, await idsInHeap());
    const xminBefore = rankCorrelation(arrived, await idsByXmin());
    const toastBefore = rankCorrelation(arrived, await idsInToast(sent));
    expect(heapBefore).toBeGreaterThan(0.9);
    expect(xminBefore).toBeGreaterThan(0.9);
    expect(toastBefore).toBeGreaterThan(0.9);

    const last = response();
    expect(await post(app, { id: last.id, ciphertext: last.ciphertext })).toBe(201);
    arrived.push(last.id);
    sent.push(last);
    const heap = await idsInHeap();
    const rho = rankCorrelation(arrived, heap);
    const limit = 4 * spreadByChance(arrived, heap);
    const toast = await idsInToast(sent);
    expect(toast.slice().sort()).toEqual(arrived.slice().sort());
    const rhoToast = rankCorrelation(arrived, toast);
    const limitToast = 4 * spreadByChance(arrived, toast);
    const byXmin = await xmins();
    console.log(
      `PostgreSQL, 99 commits after a rewrite: |Spearman| heap ${heapBefore.toFixed(3)}, xmin ${xminBefore.toFixed(3)}, TOAST ${toastBefore.toFixed(3)}; 100, rewritten: heap ${rho.toFixed(3)} (limit ${limit.toFixed(3)}), TOAST ${rhoToast.toFixed(3)} (limit ${limitToast.toFixed(3)}), xmins ${new Set(byXmin.map((r) => r.xmin)).size}`,
    );
    expect(rho).toBeLessThan(limit);
    expect(rhoToast).toBeLessThan(limitToast);
    expect(new Set(byXmin.map((r) => r.xmin)).size).toBe(1);
    // Every acknowledged response is still there, and nothing else.
    const everyId = [...first.map((r) => r.id), ...arrived].sort();
    expect(byXmin.map((r) => r.id).sort()).toEqual(everyId);
    expect(heap.slice().sort()).toEqual(everyId);
    // The old heap file is emptied at commit and unlinked at the checkpoint after it.
    const old = join(process.env.VOZ_TEST_POSTGRES_DATA ?? "", before[0]?.path ?? "");
    expect(!existsSync(old) || statSync(old).size === 0).toBe(true);
  });

  it("keeps a spent code's deleted row in the heap until a rewrite, then nowhere in the table's file", async () => {
    await noRewriteDue();
    const codes = (await createCodes(db, SLUG, 4)) ?? [];
    const app = appOn(db);
    const spent = codes.slice(0, 3);
    for (const code of spent) {
      const r = response();
      expect(await post(app, { id: r.id, ciphertext: r.ciphertext, code })).toBe(201);
    }
    const found = (bytes: Buffer, codes: string[]) =>
      codes.filter((code) => offsetsOf(bytes, codeHash(code)).length > 0);
    // What docs/promises.md says of PostgreSQL without a rewrite: the deleted rows are there.
    expect(found((await heapOf("invitation_codes")).bytes, spent)).toEqual(spent);

    await rewriteDueAtNext();
    const r = response();
    expect(await post(app, { id: r.id, ciphertext: r.ciphertext, code: codes[3] ?? "" })).toBe(201);
    const after = await heapOf("invitation_codes");
    expect(found(after.bytes, codes)).toEqual([]);
    expect(await storedRows(location, "select count(*)::int as n from invitation_codes")).toEqual([
      { n: 0 },
    ]);
  });

  it("keeps the unspent codes through a rewrite, and they still admit one response each", async () => {
    const codes = (await createCodes(db, SLUG, 3)) ?? [];
    const app = appOn(db);
    const r = response();
    expect(await post(app, { id: r.id, ciphertext: r.ciphertext, code: codes[0] ?? "" })).toBe(201);
    await rewriteDueAtNext();
    const s = response();
    expect(await post(app, { id: s.id, ciphertext: s.ciphertext, code: codes[1] ?? "" })).toBe(201);
    const unspent = [codes[2] ?? ""];
    expect((await heapOf("invitation_codes")).bytes.includes(codeHash(unspent[0] ?? ""))).toBe(
      true,
    );
    const again = response();
    expect(
      await post(app, { id: again.id, ciphertext: again.ciphertext, code: codes[1] ?? "" }),
    ).toBe(403);
    expect(
      await post(app, { id: again.id, ciphertext: again.ciphertext, code: unspent[0] ?? "" }),
    ).toBe(201);
  });

  it("leaves the rewrite to later when a reader holds the table, and stores the submission meanwhile", async () => {
    const app = appOn(db);
    await rewriteDueAtNext();
    const [at] = await storedRows<{ responses: string }>(
      location,
      "select responses from response_rewrites",
    );
    // A reader in a long transaction, as pg_dump is: it holds the table until it ends.
    const reader = new pg.Client({ connectionString: location });
    await reader.connect();
    try {
      await reader.query("begin");
      await reader.query("select count(*) from response_parts");
      const r = response();
      expect(await post(app, { id: r.id, ciphertext: r.ciphertext })).toBe(201);
      const [still] = await storedRows<{ responses: string }>(
        location,
        "select responses from response_rewrites",
      );
      expect(still).toEqual(at);
    } finally {
      await reader.query("commit");
      await reader.end();
    }
    // Not at the very next commit either: each instance waits a while before it tries again.
    const s = response();
    expect(await post(app, { id: s.id, ciphertext: s.ciphertext })).toBe(201);
    expect(await storedRows(location, "select responses from response_rewrites")).toEqual([at]);
  });
});

describe("a copy of a PostgreSQL cluster's files, for the feedback channel", () => {
  const CHANNEL = "red-apoyo";
  let channelKey = "";

  beforeEach(async () => {
    channelKey = generateKeyPair().publicKey;
    await changeRows(
      location,
      "insert into organizations (id, name, created_on) values ('org', 'Red de Apoyo', '2026-12-01')",
    );
    await createChannel(db, "org", {
      slug: CHANNEL,
      publicKey: channelKey,
      sensitivePublicKey: generateKeyPair().publicKey,
      keys: [],
    });
  });

  /** What the person's page posts: a random id, the sealed message, the lookup of its code. */
  function message() {
    const code = newReplyCode();
    // Long enough that its ciphertext is kept in the TOAST table, as a full message's is.
    const text = `Mensaje ${randomUUID()} `.repeat(80);
    return {
      code,
      body: {
        id: randomUUID(),
        ciphertext: sealMessage({ category: "complaint", message: text, replyKey: "" }, channelKey),
        sensitive: false,
        lookup: replyLookup(code),
      },
    };
  }

  async function send(app: ReturnType<typeof createApp>, body: ReturnType<typeof message>["body"]) {
    const res = await app.request(`/api/feedback/${CHANNEL}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    await arrivalOrderForgotten(db);
    return res.status;
  }

  const messageXmins = () =>
    storedRows<{ id: string; xmin: string }>(
      location,
      "select id, xmin::text as xmin from feedback_messages",
    );
  const byXmin = (rows: { id: string; xmin: string }[]) =>
    rows
      .slice()
      .sort((a, b) => Number(a.xmin) - Number(b.xmin))
      .map((r) => r.id);

  it("orders messages sent since the last rewrite by arrival, and no longer once the next rewrite has run", async () => {
    await changeRows(location, "update response_rewrites set feedback_messages = 1000000");
    const app = appOn(db);
    const sent: ReturnType<typeof message>[] = [];
    for (let i = 0; i < 99; i++) {
      const m = message();
      expect(await send(app, m.body)).toBe(201);
      sent.push(m);
    }
    const arrived = sent.map((m) => m.body.id);
    const heapBefore = rankCorrelation(arrived, await idsInHeap("feedback_messages"));
    const xminBefore = rankCorrelation(arrived, byXmin(await messageXmins()));
    const toastOf = () =>
      idsInToast(
        sent.map((m) => m.body),
        "feedback_messages",
      );
    const toastBefore = rankCorrelation(arrived, await toastOf());
    expect(heapBefore).toBeGreaterThan(0.9);
    expect(xminBefore).toBeGreaterThan(0.9);
    expect(toastBefore).toBeGreaterThan(0.9);

    // A coordinator's replies and triage on a few, as the workspace writes them (each
    // update writes a new row version, under its own xmin).
    for (const m of sent.slice(0, 5)) {
      await addReply(
        db,
        m.body.id,
        sealMessage({ category: "thanks", message: "r", replyKey: "" }, channelKey),
      );
      await triageMessage(db, m.body.id, { status: "in_progress" });
    }

    // As after a rewrite 9 messages ago: the 100th is followed by one (rebuilds.ts).
    await changeRows(
      location,
      `update response_rewrites set feedback_messages =
         (select count(*) from feedback_messages) + 1 - ${REBUILD_MIN_RESPONSES}`,
    );
    const last = message();
    expect(await send(app, last.body)).toBe(201);
    sent.push(last);
    arrived.push(last.body.id);
    const heap = await idsInHeap("feedback_messages");
    const rho = rankCorrelation(arrived, heap);
    const limit = 4 * spreadByChance(arrived, heap);
    const toast = await toastOf();
    expect(toast.slice().sort()).toEqual(arrived.slice().sort());
    const rhoToast = rankCorrelation(arrived, toast);
    const limitToast = 4 * spreadByChance(arrived, toast);
    const after = await messageXmins();
    const xminsAfter = new Set(after.map((r) => r.xmin)).size;
    console.log(
      `PostgreSQL feedback, 99 messages after a rewrite: |Spearman| heap ${heapBefore.toFixed(3)}, xmin ${xminBefore.toFixed(3)}, TOAST ${toastBefore.toFixed(3)}; 100, rewritten: heap ${rho.toFixed(3)} (limit ${limit.toFixed(3)}), TOAST ${rhoToast.toFixed(3)} (limit ${limitToast.toFixed(3)}), xmins ${xminsAfter}`,
    );
    expect(rho).toBeLessThan(limit);
    expect(rhoToast).toBeLessThan(limitToast);
    expect(xminsAfter).toBe(1);
    expect(
      await storedRows(location, "select feedback_messages as n from response_rewrites"),
    ).toEqual([{ n: "100" }]);
    // Every message and reply is still there, and nothing else; the replies' xmins are the rewrite's.
    expect(after.map((r) => r.id).sort()).toEqual(arrived.slice().sort());
    expect(heap.slice().sort()).toEqual(arrived.slice().sort());
    const replies = await storedRows<{ id: string; xmin: string }>(
      location,
      "select message_id as id, xmin::text as xmin from feedback_replies",
    );
    expect(replies.map((r) => r.id).sort()).toEqual(arrived.slice(0, 5).sort());
    expect(new Set([...replies, ...after].map((r) => r.xmin)).size).toBe(1);

    // The person still reads the reply with the code, and triage still writes.
    const first = sent[0];
    expect(await repliesByLookup(db, CHANNEL, first?.body.lookup ?? "")).toMatchObject({
      status: "in_progress",
      replies: [{ day: expect.any(String) }],
    });
    await triageMessage(db, first?.body.id ?? "", { status: "closed" });
    await addReply(
      db,
      first?.body.id ?? "",
      sealMessage({ category: "thanks", message: "s", replyKey: "" }, channelKey),
    );
    expect((await repliesByLookup(db, CHANNEL, first?.body.lookup ?? ""))?.replies).toHaveLength(2);
  });
});
