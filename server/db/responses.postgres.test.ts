// Two instances storing into one PostgreSQL database at the same moment (issue 17): what one
// does must hold against what the other does — an id stored once, a cap never passed, a code
// spent once — and a retry that reaches the other instance is answered as a retry, never 5xx.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { beforeEach, describe, expect, it } from "vitest";
import { generateKeyPair } from "../../client/lib/crypto";
import { changeRows, storedRows } from "../../test/database";
import { inOneUtcDay, seedSurvey } from "../../test/harness";
import { SLUG, twoInstances } from "../../test/two-instances";
import { arrivalOrderForgotten, closeDatabase, type Db, openDatabase } from "./client";
import { createCodes } from "./codes";
import { connectionOf } from "./connection";
import { forgetPostgresArrivalOrder } from "./postgres-rewrite";
import { ResponseWriter } from "./responses";
import { publishSurveyVersion, setDailyCap } from "./surveys";
import { deleteSurvey } from "./workspace";

const two = twoInstances("voz-race-");
let a: Db;
let b: Db;
let location = "";
beforeEach(() => {
  ({ a, b, location } = two);
});

// Shaped like a sealed envelope is enough here: the storage never opens one.
const ciphertext = () => Buffer.from(randomUUID().repeat(10)).toString("base64");
const rowsOf = async (id: string) =>
  storedRows(location, "select id from response_parts where id = ? and part = 0", id);

describe("the layout on PostgreSQL", () => {
  // The heap keeps commit order whatever the rows look like (docs/promises.md), so SQLite's
  // page-sized parts would only cost here: a response is one row, whole.
  it("keeps a response of the passport survey's length in one row", async () => {
    const id = randomUUID();
    const long = Buffer.from(randomUUID().repeat(100)).toString("base64");
    expect(await new ResponseWriter(a).store({ id, slug: SLUG, ciphertext: long })).toBe("stored");
    const rows = await storedRows<{ key: string; part: number; parts: number; ciphertext: string }>(
      location,
      "select key, part, parts, ciphertext from response_parts where id = ?",
      id,
    );
    expect(rows).toEqual([{ key: id, part: 0, parts: 1, ciphertext: long }]);
  });
});

describe("two instances storing at once", () => {
  it("store an id sent to both once, and answer the other as a retry", async () => {
    for (let round = 0; round < 20; round++) {
      const response = { id: randomUUID(), slug: SLUG, ciphertext: ciphertext() };
      const results = await Promise.all([
        new ResponseWriter(a).store(response),
        new ResponseWriter(b).store(response),
      ]);
      expect(results.sort()).toEqual(["duplicate", "stored"]);
      expect(await rowsOf(response.id)).toHaveLength(1);
    }
  });

  it("keep other bytes under a taken id out, whichever instance got there first", async () => {
    const id = randomUUID();
    const results = await Promise.all([
      new ResponseWriter(a).store({ id, slug: SLUG, ciphertext: ciphertext() }),
      new ResponseWriter(b).store({ id, slug: SLUG, ciphertext: ciphertext() }),
    ]);
    expect(results.sort()).toEqual(["conflict", "stored"]);
  });

  it("never pass a daily cap together", async () => {
    await inOneUtcDay();
    await setDailyCap(a, SLUG, 5);
    const writers = [new ResponseWriter(a), new ResponseWriter(b)];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        writers[i % 2]?.store({ id: randomUUID(), slug: SLUG, ciphertext: ciphertext() }),
      ),
    );
    expect(results.filter((r) => r === "stored")).toHaveLength(5);
    expect(results.filter((r) => r === "over_cap")).toHaveLength(7);
  });

  it("spend a code once, and answer a retry of the response it admitted as a retry", async () => {
    const [code] = (await createCodes(a, SLUG, 1)) ?? [];
    if (!code) throw new Error("no code");
    const [first, second] = [
      { id: randomUUID(), slug: SLUG, ciphertext: ciphertext(), code },
      { id: randomUUID(), slug: SLUG, ciphertext: ciphertext(), code },
    ];
    const race = await Promise.all([
      new ResponseWriter(a).store(first),
      new ResponseWriter(b).store(second),
    ]);
    const admitted = race[0] === "stored" ? first : second;
    expect([...race].sort()).toEqual(["code_invalid", "stored"]);
    const retries = await Promise.all([
      new ResponseWriter(a).store(admitted),
      new ResponseWriter(b).store(admitted),
    ]);
    expect(retries).toEqual(["duplicate", "duplicate"]);

    // The same response sent to both before either stored it: one stores, one is its retry.
    const [fresh] = (await createCodes(a, SLUG, 1)) ?? [];
    const both = { id: randomUUID(), slug: SLUG, ciphertext: ciphertext(), code: fresh };
    const twice = await Promise.all([
      new ResponseWriter(a).store(both),
      new ResponseWriter(b).store(both),
    ]);
    expect(twice.sort()).toEqual(["duplicate", "stored"]);
  });
});

describe("two instances storing batches over the same surveys", () => {
  const SLUGS = ["survey-a", "survey-b", "survey-c", "survey-d"];
  const countsOf = async () =>
    Object.fromEntries(
      (
        await storedRows<{ slug: string; n: number }>(
          location,
          "select slug, sum(responses)::int as n from response_days group by slug",
        )
      ).map((r) => [r.slug, r.n]),
    );
  const storedIds = async () =>
    (
      await storedRows<{ id: string; n: number }>(
        location,
        "select id, count(*)::int as n from response_parts where part = 0 group by id",
      )
    ).map((r) => `${r.id}:${r.n}`);

  beforeEach(async () => {
    for (const slug of SLUGS) {
      await publishSurveyVersion(
        a,
        { ...seedSurvey(SLUG), slug },
        generateKeyPair().publicKey,
        "open",
      );
    }
  });

  it("lose and duplicate nothing when both store into every survey at once, from the first count of the day on", async () => {
    const writers = [new ResponseWriter(a), new ResponseWriter(b)];
    const sent: { id: string; slug: string }[] = [];
    const results: Promise<string>[] = [];
    // Waves of a few responses each, to each instance, over the surveys in shuffled order, so
    // the two instances' batches overlap on every survey's count row; the first wave creates
    // the day's rows on both at once, as at midnight.
    for (let wave = 0; wave < 30; wave++) {
      for (const writer of writers) {
        const slugs = [...SLUGS].sort(() => Math.random() - 0.5);
        for (const slug of slugs) {
          const response = { id: randomUUID(), slug, ciphertext: ciphertext() };
          sent.push(response);
          results.push(writer.store(response));
        }
      }
      if (wave % 3 === 2) await Promise.all(results.slice(-8));
    }
    const settled = await Promise.allSettled(results);
    expect(settled.filter((s) => s.status === "rejected")).toEqual([]);
    expect(settled.map((s) => (s.status === "fulfilled" ? s.value : s.reason))).toEqual(
      sent.map(() => "stored"),
    );
    expect((await storedIds()).sort()).toEqual(sent.map((r) => `${r.id}:1`).sort());
    expect(await countsOf()).toEqual(Object.fromEntries(SLUGS.map((slug) => [slug, 60])));
  });

  it("store a batch again, whole, when PostgreSQL picks it as a deadlock's victim", async () => {
    const [first, second] = SLUGS as [string, string];
    const seed = new ResponseWriter(a);
    await Promise.all(
      [first, second].map((slug) =>
        seed.store({ id: randomUUID(), slug, ciphertext: ciphertext() }),
      ),
    );
    // The batch's connections check for deadlocks 3 s into a wait, the other transaction only
    // after 30 s: the circle closes well within 3 s, so the batch is the one PostgreSQL undoes.
    const database = new URL(location).pathname.slice(1);
    await changeRows(location, `alter database ${database} set deadlock_timeout = '3s'`);
    const instance = await openDatabase(location);
    const other = new pg.Client({ connectionString: location });
    await other.connect();
    try {
      await other.query("set deadlock_timeout = '30s'");
      await other.query("begin");
      const lock = (slug: string) =>
        other.query("select responses from response_days where slug = $1 for update", [slug]);
      await lock(second);
      const writer = new ResponseWriter(instance);
      const batch = [first, second, first].map((slug) => ({
        id: randomUUID(),
        slug,
        ciphertext: ciphertext(),
      }));
      const stored = Promise.all(batch.map((response) => writer.store(response)));
      // The batch holds the first survey's count and waits for the second's, held here…
      await expect
        .poll(async () => {
          const [row] = await storedRows<{ n: number }>(
            location,
            "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
          );
          return row?.n;
        })
        .toBe(1);
      // …and this transaction now waits for the first's: a circle, which PostgreSQL breaks by
      // undoing the batch's transaction, so this lock is granted.
      const closed = await lock(first).then(
        () => "granted",
        (error: { code?: string }) => `refused ${error.code}`,
      );
      expect(closed).toBe("granted");
      await other.query("commit");
      expect(await stored).toEqual(["stored", "stored", "stored"]);
    } finally {
      await other.end();
      await closeDatabase(instance);
    }
    expect(await countsOf()).toEqual({ [first]: 3, [second]: 2 });
    expect(await storedIds()).toHaveLength(5);
    expect((await storedIds()).every((row) => row.endsWith(":1"))).toBe(true);
  });
});

describe("a survey deleted while its first response is stored", () => {
  const LONELY = "lonely-survey";
  const waiting = async () => {
    const [row] = await storedRows<{ n: number }>(
      location,
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
    );
    return row?.n;
  };

  it("is kept, and the deletion answered has_responses, when the response commits first", async () => {
    const survey = { ...seedSurvey(SLUG), slug: LONELY };
    await publishSurveyVersion(a, survey, generateKeyPair().publicKey, "open");
    // The first response's count, written and not yet committed: deleteSurvey looks, sees no
    // response, and waits on the survey's row for this transaction to end.
    const storing = new pg.Client({ connectionString: location });
    await storing.connect();
    try {
      await storing.query("begin");
      await storing.query(
        "insert into response_days (slug, day, responses) values ($1, '2026-12-05', 1)",
        [LONELY],
      );
      const deleting = deleteSurvey(b, LONELY);
      deleting.catch(() => {});
      await expect.poll(waiting).toBe(1);
      await storing.query("commit");
      // Before: the delete broke the responses' foreign key, a 500 for the workspace.
      expect(await deleting).toEqual({ ok: false, reason: "has_responses" });
    } finally {
      await storing.end();
    }
    expect(
      await storedRows(location, "select slug from surveys where slug = ?", LONELY),
    ).toHaveLength(1);
  });

  it("answers unknown_survey to a response for a survey that is gone, not an error", async () => {
    const response = { id: randomUUID(), slug: "never-was", ciphertext: ciphertext() };
    expect(await new ResponseWriter(a).store(response)).toBe("unknown_survey");
    expect(await rowsOf(response.id)).toHaveLength(0);
  });
});

describe("two instances and the rewrite in key order", () => {
  const rewrittenAt = async () =>
    Number(
      (await storedRows<{ n: string }>(location, "select responses as n from response_rewrites"))[0]
        ?.n,
    );
  const poolOf = (db: Db) => {
    const connection = connectionOf(db);
    if (connection.dialect !== "postgres") throw new Error("not PostgreSQL");
    return connection.pool;
  };

  it("rewrite once when both find a rewrite due at the same moment", async () => {
    await changeRows(location, "update response_rewrites set responses = 1000000");
    const writer = new ResponseWriter(a);
    await Promise.all(
      Array.from({ length: 15 }, () =>
        writer.store({ id: randomUUID(), slug: SLUG, ciphertext: ciphertext() }),
      ),
    );
    await changeRows(location, "update response_rewrites set responses = 0");
    const done = await Promise.all([
      forgetPostgresArrivalOrder(poolOf(a)),
      forgetPostgresArrivalOrder(poolOf(b)),
    ]);
    expect(done.filter(Boolean)).toHaveLength(1);
    expect(await rewrittenAt()).toBe(15);
  });

  it("lose and duplicate nothing while both store and rewrite by turns", async () => {
    const writers = [new ResponseWriter(a), new ResponseWriter(b)];
    const sent: string[] = [];
    for (let round = 0; round < 20; round++) {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => {
          const id = randomUUID();
          sent.push(id);
          return writers[i % 2]?.store({ id, slug: SLUG, ciphertext: ciphertext() });
        }),
      );
      expect(results.every((r) => r === "stored")).toBe(true);
    }
    await Promise.all([arrivalOrderForgotten(a), arrivalOrderForgotten(b)]);
    const stored = await storedRows<{ id: string }>(
      location,
      "select id from response_parts where part = 0 order by id",
    );
    expect(stored.map((r) => r.id)).toEqual(sent.sort());
    // Rewritten along the way, by one instance or the other: 200 responses, the last rewrite at
    // 181 or later (rebuilds.ts: due at a tenth more than the one before).
    expect(await rewrittenAt()).toBeGreaterThan(180);
  });
});
