// The rewrite in key order (postgres-rewrite.ts) copies the tables while submissions go on and
// holds them only for the swap: a batch sent to another instance while the copy runs is stored
// before the rewrite ends, and what was stored, spent, triaged or deleted meanwhile comes out of
// the swap as it went in, under the names the migrations gave. Read beside the app with the
// driver, from pg_stat_activity, pg_constraint and pg_indexes.
import { randomBytes, randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { generateKeyPair } from "../../client/lib/crypto";
import { changeRows, storedRows } from "../../test/database";
import { SLUG, twoInstances } from "../../test/two-instances";
import { arrivalOrderForgotten, type Db, today } from "./client";
import { createCodes } from "./codes";
import { connectionOf } from "./connection";
import { addReply, createChannel, triageMessage } from "./feedback";
import { forgetPostgresArrivalOrder } from "./postgres-rewrite";
import { ResponseWriter } from "./responses";

const CHANNEL = "red-apoyo";
const two = twoInstances("voz-rewrite-");
let a: Db;
let b: Db;
let location = "";
beforeEach(() => {
  ({ a, b, location } = two);
});

// As long as a sealed passport response (4,844 characters) and as random, so kept in the TOAST
// table uncompressed.
const ciphertext = () => randomBytes(3633).toString("base64");
const poolOf = (db: Db) => {
  const connection = connectionOf(db);
  if (connection.dialect !== "postgres") throw new Error("not PostgreSQL");
  return connection.pool;
};

/**
 * Rows stored before a rewrite, so that its copy outlasts what a test does meanwhile on a loaded
 * machine: with 3,000 the writes of the second test below were overtaken by the rewrite's end
 * once in four runs at load 4.
 */
const COPIED = 10_000;

/** `n` stored responses, written in bulk beside the app, with their day's count. */
async function stored(n: number): Promise<void> {
  const pool = poolOf(a);
  for (let at = 0; at < n; at += 500) {
    const ids = Array.from({ length: Math.min(500, n - at) }, () => randomUUID());
    await pool.query(
      `insert into response_parts (slug, key, id, part, parts, ciphertext, received_on)
       select $1, id, id, 0, 1, $2, $3 from unnest($4::text[]) as id`,
      [SLUG, ciphertext(), today(), ids],
    );
  }
  await pool.query("insert into response_days (slug, day, responses) values ($1, $2, $3)", [
    SLUG,
    today(),
    n,
  ]);
}

/** Whether some backend is copying response_parts in key order (a rewrite, before or now). */
const copying = async () =>
  (
    await poolOf(b).query(
      `select 1 from pg_stat_activity
        where state = 'active' and query ilike '%from response_parts order by%'
          and query not ilike '%pg_stat_activity%'`,
    )
  ).rows.length > 0;

/** The rewrite, started, with whether it has ended yet. */
function rewriteOn(db: Db) {
  const state = { ended: false };
  const done = forgetPostgresArrivalOrder(poolOf(db)).finally(() => {
    state.ended = true;
  });
  return { state, done };
}

describe("the rewrite in key order on PostgreSQL", () => {
  it("stores a batch sent to another instance while it copies the tables", async () => {
    await stored(COPIED);
    await changeRows(location, "update response_rewrites set responses = 0");
    const rewrite = rewriteOn(a);
    await expect.poll(copying, { timeout: 30_000, interval: 5 }).toBe(true);
    const batch = Array.from({ length: 10 }, () => ({
      id: randomUUID(),
      slug: SLUG,
      ciphertext: ciphertext(),
    }));
    const writer = new ResponseWriter(b);
    const results = await Promise.all(batch.map((r) => writer.store(r)));
    const endedFirst = rewrite.state.ended;
    expect(results).toEqual(batch.map(() => "stored"));
    // Stored and answered while the rewrite still ran: it did not hold the batch to its end.
    expect(endedFirst).toBe(false);
    expect(await rewrite.done).toBe(true);
    const ids = batch.map((r) => r.id);
    const after = await storedRows<{ n: number }>(
      location,
      "select count(*)::int as n from response_parts where id = any(?)",
      ids,
    );
    expect(after).toEqual([{ n: 10 }]);
  });

  it("answers the batch that set it off at its commit, and ends after", async () => {
    await stored(COPIED);
    await changeRows(location, "update response_rewrites set responses = 0");
    const writer = new ResponseWriter(a);
    const batch = Array.from({ length: 10 }, () => ({
      id: randomUUID(),
      slug: SLUG,
      ciphertext: ciphertext(),
    }));
    expect(await Promise.all(batch.map((r) => writer.store(r)))).toEqual(batch.map(() => "stored"));
    const rewrittenAt = () => storedRows(location, "select responses from response_rewrites");
    // Answered before the rewrite it set off has swapped the tables (COPIED rows to copy).
    expect(await rewrittenAt()).toEqual([{ responses: "0" }]);
    await arrivalOrderForgotten(a);
    expect(await rewrittenAt()).toEqual([{ responses: String(COPIED + 10) }]);
  });

  it("keeps what was stored, spent, triaged, replied and deleted while it copied, under the migrations' names", async () => {
    await stored(COPIED);
    const codes = (await createCodes(a, SLUG, 4)) ?? [];
    await changeRows(
      location,
      "insert into organizations (id, name, created_on) values ('org', 'Red de Apoyo', '2026-12-01')",
    );
    await createChannel(a, "org", {
      slug: CHANNEL,
      publicKey: generateKeyPair().publicKey,
      sensitivePublicKey: generateKeyPair().publicKey,
      keys: [],
    });
    const messages = Array.from({ length: 12 }, () => randomUUID());
    for (const id of messages) {
      await changeRows(
        location,
        `insert into feedback_messages (id, slug, sensitive, ciphertext, lookup, month)
         values (?, ?, false, ?, ?, '2026-12')`,
        id,
        CHANNEL,
        ciphertext(),
        randomUUID(),
      );
    }
    const [triaged, replied, unreplied] = messages;
    await addReply(a, unreplied ?? "", ciphertext());
    await addReply(a, unreplied ?? "", ciphertext());
    const [gone] = await storedRows<{ id: string }>(
      location,
      "select id from response_parts order by key limit 1",
    );
    const names = () =>
      storedRows(
        location,
        `select conrelid::regclass::text as table, conname, contype, convalidated,
                pg_get_constraintdef(oid) as def
           from pg_constraint
          where conrelid = any(?::regclass[]) or confrelid = any(?::regclass[])
         union all
         select tablename, indexname, 'index', true, indexdef from pg_indexes
          where tablename = any(?)
          order by 1, 2, 3`,
        ...Array.from({ length: 3 }, () => [
          "response_parts",
          "invitation_codes",
          "feedback_messages",
          "feedback_replies",
        ]),
      );
    const before = await names();

    await changeRows(location, "update response_rewrites set responses = 0, feedback_messages = 0");
    const rewrite = rewriteOn(a);
    await expect.poll(copying, { timeout: 30_000, interval: 5 }).toBe(true);
    // Meanwhile, on the other instance and beside it: a response admitted by a code (the code's
    // row deleted), a response deleted, a message triaged, a reply written, a reply deleted.
    const admitted = { id: randomUUID(), slug: SLUG, ciphertext: ciphertext(), code: codes[0] };
    expect(await new ResponseWriter(b).store(admitted)).toBe("stored");
    await changeRows(location, "delete from response_parts where id = ?", gone?.id);
    await triageMessage(b, triaged ?? "", { status: "closed" });
    await addReply(b, replied ?? "", ciphertext());
    await changeRows(
      location,
      "delete from feedback_replies where message_id = ? and number = 1",
      unreplied,
    );
    const endedFirst = rewrite.state.ended;
    // Every row as it stands now, read before the swap (which waits for nothing more); the
    // responses by a hash of each row, so that the swap need not wait half a second for 48 MB.
    const rows = () =>
      Promise.all([
        storedRows(
          location,
          "select id, md5(r::text) as row from response_parts r order by slug, key",
        ),
        storedRows(location, "select * from invitation_codes order by slug, code_hash"),
        storedRows(location, "select * from feedback_messages order by id"),
        storedRows(location, "select * from feedback_replies order by message_id, number"),
      ]);
    const expected = await rows();
    expect(endedFirst).toBe(false);
    expect(await rewrite.done).toBe(true);

    expect(await rows()).toEqual(expected);
    const [parts, codesLeft, triage, replies] = expected;
    expect(parts).toHaveLength(COPIED);
    expect(parts?.some((r) => r.id === admitted.id)).toBe(true);
    expect(parts?.some((r) => r.id === gone?.id)).toBe(false);
    expect(codesLeft).toHaveLength(3);
    expect(triage?.find((m) => m.id === triaged)?.status).toBe("closed");
    expect(replies?.map((r) => `${r.message_id} ${r.number}`).sort()).toEqual(
      [`${replied} 1`, `${unreplied} 2`].sort(),
    );
    expect(await names()).toEqual(before);
    // The rows that came during the copy lie after the copied ones, in key order, under the
    // swap's one xmin; the copied ones under the copy's.
    const heap = await storedRows<{ id: string; xmin: string }>(
      location,
      "select id, xmin::text as xmin from response_parts order by ctid",
    );
    expect(heap.at(-1)?.id).toBe(admitted.id);
    expect(new Set(heap.slice(0, -1).map((r) => r.xmin)).size).toBe(1);
    expect(heap.at(-1)?.xmin).not.toBe(heap[0]?.xmin);
    expect(
      await storedRows(location, "select responses, feedback_messages from response_rewrites"),
    ).toEqual([{ responses: String(COPIED + 1), feedback_messages: "12" }]);
    // Nothing of the copy is left behind.
    expect(
      await storedRows(
        location,
        "select relname from pg_class where relname like '%rewrite' and relnamespace = 'public'::regnamespace",
      ),
    ).toEqual([]);
  });
  it("carries what changes all through it, before the swap and in it, each transaction's rows in key order", async () => {
    await stored(COPIED);
    const codes = (await createCodes(a, SLUG, 3_000)) ?? [];
    const expected = new Set(
      (await storedRows<{ id: string }>(location, "select id from response_parts")).map(
        (r) => r.id,
      ),
    );
    await changeRows(location, "update response_rewrites set responses = 0");
    const rewrite = rewriteOn(a);
    // Another instance stores responses, each admitted by a code (whose row is deleted), and
    // stored ones are deleted beside it, from the copy's start to the rewrite's end: through the
    // copy, every pass that carries rows over before the swap, and the swap.
    const writer = new ResponseWriter(b);
    let spent = 0;
    const storing = Array.from({ length: 8 }, async () => {
      while (!rewrite.state.ended && spent < codes.length) {
        const id = randomUUID();
        const code = codes[spent++];
        expect(await writer.store({ id, slug: SLUG, ciphertext: ciphertext(), code })).toBe(
          "stored",
        );
        expected.add(id);
      }
    });
    const deleting = (async () => {
      while (!rewrite.state.ended) {
        const [id] = [...expected].slice(-3 - Math.floor(Math.random() * 20));
        if (!id) continue;
        await poolOf(b).query("delete from response_parts where id = $1", [id]);
        expected.delete(id);
      }
    })();
    expect(await rewrite.done).toBe(true);
    await Promise.all([...storing, deleting]);

    const heap = await storedRows<{ id: string; key: string; xmin: string }>(
      location,
      "select id, key, xmin::text as xmin from response_parts order by ctid",
    );
    expect(heap.map((r) => r.id).sort()).toEqual([...expected].sort());
    const left = await storedRows<{ n: number }>(
      location,
      "select count(*)::int as n from invitation_codes",
    );
    expect(left).toEqual([{ n: codes.length - spent }]);
    // The heap in runs of one transaction each, every run in key order: the copy's, then each
    // pass's and the swap's (and batches stored after it, each in key order as it commits).
    const runs: (typeof heap)[] = [];
    for (const row of heap) {
      const run = runs.at(-1);
      if (run?.[0]?.xmin === row.xmin) run.push(row);
      else runs.push([row]);
    }
    expect(new Set(runs.map((run) => run[0]?.xmin)).size).toBe(runs.length);
    for (const run of runs) {
      const keys = run.map((r) => r.key);
      expect(keys).toEqual([...keys].sort());
    }
    expect(runs[0]?.length).toBeGreaterThan(COPIED / 2);
  });

  it("drops a copy left by a process that died between copy and swap, and rewrites", async () => {
    await stored(100);
    // What such a process leaves: a new table filled in key order, with a row deleted since.
    await changeRows(
      location,
      `create table response_parts_rewrite (like response_parts including all excluding indexes);
       insert into response_parts_rewrite select * from response_parts order by slug, key;
       alter table response_parts_rewrite add constraint response_parts_slug_key_pk_rewrite
         primary key (slug, key);
       delete from response_parts where key = (select min(key) from response_parts)`,
    );
    await changeRows(location, "update response_rewrites set responses = 0");
    expect(await forgetPostgresArrivalOrder(poolOf(a))).toBe(true);
    expect(await storedRows(location, "select count(*)::int as n from response_parts")).toEqual([
      { n: 99 },
    ]);
    expect(
      await storedRows(location, "select to_regclass('response_parts_rewrite') as copy"),
    ).toEqual([{ copy: null }]);
  });

  it("makes again and checks a foreign key that a process dying after its swap left unchecked", async () => {
    await stored(100);
    const keys = () =>
      storedRows<{ name: string; def: string; convalidated: boolean }>(
        location,
        `select conname as name, pg_get_constraintdef(oid) as def, convalidated from pg_constraint
          where contype = 'f' and conrelid = 'response_parts'::regclass order by conname`,
      );
    const before = await keys();
    expect(before.length).toBeGreaterThan(0);
    // What the swap leaves until its check: the same key, NOT VALID.
    for (const { name, def } of before) {
      await changeRows(
        location,
        `alter table response_parts drop constraint "${name}";
         alter table response_parts add constraint "${name}" ${def} not valid`,
      );
    }
    expect((await keys()).map((k) => k.convalidated)).toEqual(before.map(() => false));
    await changeRows(location, "update response_rewrites set responses = 0");
    expect(await forgetPostgresArrivalOrder(poolOf(a))).toBe(true);
    expect(await keys()).toEqual(before);
  });

  it("stores ciphertexts as they come, never compressed, before and after it", async () => {
    // A real ciphertext never compresses; this one would, so it shows whether PostgreSQL tries.
    const compressible = "A".repeat(4_844);
    await stored(20);
    const writer = new ResponseWriter(a);
    const ids = [randomUUID(), randomUUID()];
    expect(await writer.store({ id: ids[0] as string, slug: SLUG, ciphertext: compressible })).toBe(
      "stored",
    );
    const compressed = () =>
      storedRows(
        location,
        "select id, pg_column_compression(ciphertext) as method from response_parts where id = any(?) order by id",
        ids,
      );
    const storage = () =>
      storedRows(
        location,
        `select attrelid::regclass::text as "table", attstorage as storage from pg_attribute
          where attname = 'ciphertext' and attrelid::regclass::text in
                ('response_parts', 'feedback_messages', 'feedback_replies')
          order by 1`,
      );
    const external = ["feedback_messages", "feedback_replies", "response_parts"].map((table) => ({
      table,
      storage: "e",
    }));
    expect(await storage()).toEqual(external);
    // The store may have set a rewrite off (20 responses stored, none rewritten): while it
    // runs, the pool starts no other, so it is waited for.
    await arrivalOrderForgotten(a);
    await changeRows(location, "update response_rewrites set responses = 0");
    expect(await forgetPostgresArrivalOrder(poolOf(a))).toBe(true);
    expect(await writer.store({ id: ids[1] as string, slug: SLUG, ciphertext: compressible })).toBe(
      "stored",
    );
    // Copied by the rewrite, and stored into the table it made.
    expect(await storage()).toEqual(external);
    expect(await compressed()).toEqual([...ids].sort().map((id) => ({ id, method: null })));
    expect(
      await storedRows(
        location,
        "select count(*)::int as n from response_parts where ciphertext = ?",
        compressible,
      ),
    ).toEqual([{ n: 2 }]);
  });
});
