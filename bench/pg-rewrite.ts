// npm run bench:pg-rewrite [-- --sizes 10000,100000 --writers 16]: how long PostgreSQL's
// rewrite in key order (server/db/postgres-rewrite.ts) takes in all, and how long of it every
// instance's submissions wait (the swap, which holds REWRITE_LOCK alone), at each size of stored
// responses, while another instance stores responses all through it (`--writers` submissions
// at a time, each sent when the one before is answered): the rows that come during the copy are
// what the catch-up carries over, and the slowest of those submissions is what a respondent
// meets. A throwaway cluster with fsync on, as deployed; the responses are sealed like real ones
// (one passport survey response, sealed once and copied under fresh ids: the rewrite copies
// bytes, it never opens them).
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import type pg from "pg";
import { generateKeyPair, ready, seal } from "../client/lib/crypto";
import { closeDatabase, openDatabase, today } from "../server/db/client";
import { connectionOf } from "../server/db/connection";
import { forgetPostgresArrivalOrder, REWRITE_LOCK } from "../server/db/postgres-rewrite";
import { ResponseWriter } from "../server/db/responses";
import { publishSurveyVersion } from "../server/db/surveys";
import { seedSurvey } from "../test/harness";
import { startCluster } from "../test/postgres";

/** Whether the rewrite holds REWRITE_LOCK alone (its swap), which every batch waits for. */
async function rewriteHoldsItsLock(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query(
    `select 1 from pg_locks where locktype = 'advisory' and mode = 'ExclusiveLock' and granted
        and classid = 0 and objid = $1 and objsubid = 1`,
    [REWRITE_LOCK],
  );
  return rows.length > 0;
}

/**
 * How long the rewrite holds REWRITE_LOCK alone, polled every millisecond from its own
 * connection until `done` settles: the time submissions stand still (to a millisecond or two).
 */
async function heldFor(pool: pg.Pool, done: Promise<unknown>): Promise<number> {
  let ended = false;
  void done.finally(() => {
    ended = true;
  });
  let from = 0;
  let held = 0;
  while (!ended) {
    const now = performance.now();
    if (await rewriteHoldsItsLock(pool)) from ||= now;
    else if (from) {
      held += now - from;
      from = 0;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  return held + (from ? performance.now() - from : 0);
}

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000" },
    writers: { type: "string", default: "16" },
  },
});
const SLUG = "passport-access";
const ROWS_PER_INSERT = 1000;

await ready();
const cluster = startCluster({ durable: true });
try {
  for (const size of values.sizes.split(",").map(Number)) {
    const name = `bench_${size}`;
    cluster.sql(`create database ${name}`);
    const db = await openDatabase(cluster.url(name));
    const { publicKey } = generateKeyPair();
    const survey = seedSurvey(SLUG);
    await publishSurveyVersion(db, survey, publicKey, "open");
    const ciphertext = seal(
      { v: 1, survey: SLUG, version: 1, answers: { country: "cl", age_group: "25_34" } } as never,
      publicKey,
      survey,
    );
    const connection = connectionOf(db);
    if (connection.dialect !== "postgres") throw new Error("not PostgreSQL");
    const { pool } = connection;
    for (let at = 0; at < size; at += ROWS_PER_INSERT) {
      const n = Math.min(ROWS_PER_INSERT, size - at);
      const ids = Array.from({ length: n }, () => randomUUID());
      await pool.query(
        `insert into response_parts (slug, key, id, part, parts, ciphertext, received_on)
         select $1, id, id, 0, 1, $2, $3 from unnest($4::text[]) as id`,
        [SLUG, ciphertext, today(), ids],
      );
    }
    await pool.query("insert into response_days (slug, day, responses) values ($1, $2, $3)", [
      SLUG,
      today(),
      size,
    ]);
    await pool.query("checkpoint");
    // Another instance on the same database submits all through the rewrite, and the lock's
    // holding is watched from a connection of its own.
    const other = await openDatabase(cluster.url(name));
    const otherConnection = connectionOf(other);
    if (otherConnection.dialect !== "postgres") throw new Error("not PostgreSQL");
    const writer = new ResponseWriter(other);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const rewriting = forgetPostgresArrivalOrder(pool);
    const held = heldFor(otherConnection.pool, rewriting);
    let rewritten = false;
    void rewriting.finally(() => {
      rewritten = true;
    });
    const waits: number[] = [];
    const writing = Array.from({ length: Number(values.writers) }, async () => {
      while (!rewritten) {
        const asked = performance.now();
        await writer.store({ id: randomUUID(), slug: SLUG, ciphertext });
        waits.push(performance.now() - asked);
      }
    });
    const rewrote = await rewriting;
    const ms = performance.now() - started;
    await Promise.all(writing);
    const swap = await held;
    await closeDatabase(other);
    const { rows } = await pool.query<{ bytes: string }>(
      "select pg_total_relation_size('response_parts') as bytes",
    );
    const used = process.cpuUsage(cpu);
    waits.sort((x, y) => x - y);
    const p99 = waits[Math.floor(waits.length * 0.99)] ?? 0;
    console.log(
      `${size} responses (${(Number(rows[0]?.bytes) / 1e6).toFixed(1)} MB with index, ciphertext ${ciphertext.length} chars): rewrite ${rewrote ? "done" : "NOT done"} in ${ms.toFixed(0)} ms by the clock (this process's CPU, the writers' included, ${((used.user + used.system) / 1000).toFixed(0)} ms), submissions held ${swap.toFixed(0)} ms of it; another instance stored ${waits.length} meanwhile, ${values.writers} at a time: p99 ${p99.toFixed(0)} ms, slowest ${(waits.at(-1) ?? 0).toFixed(0)} ms`,
    );
    await closeDatabase(db);
  }
} finally {
  cluster.stop();
}
