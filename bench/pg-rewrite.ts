// npm run bench:pg-rewrite [-- --sizes 10000,100000]: how long PostgreSQL's rewrite in key order
// (server/db/postgres-rewrite.ts) takes, and so how long every instance's submissions wait for
// it, at each size of stored responses. A throwaway cluster with fsync on, as deployed; the
// responses are sealed like real ones (one passport survey response, sealed once and copied
// under fresh ids: the rewrite copies bytes, it never opens them).
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import type pg from "pg";
import { generateKeyPair, ready, seal } from "../client/lib/crypto";
import { closeDatabase, openDatabase, today } from "../server/db/client";
import { connectionOf } from "../server/db/connection";
import { forgetPostgresArrivalOrder } from "../server/db/postgres-rewrite";
import { ResponseWriter } from "../server/db/responses";
import { publishSurveyVersion } from "../server/db/surveys";
import { seedSurvey } from "../test/harness";
import { startCluster } from "../test/postgres";

/** Whether an exclusive advisory lock (only a rewrite takes one) is granted. */
async function rewriteHoldsItsLock(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query(
    "select 1 from pg_locks where locktype = 'advisory' and mode = 'ExclusiveLock' and granted",
  );
  return rows.length > 0;
}

const { values } = parseArgs({
  options: { sizes: { type: "string", default: "10000,100000" } },
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
    // Another instance on the same database submits once the rewrite holds its lock alone.
    const other = await openDatabase(cluster.url(name));
    const writer = new ResponseWriter(other);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const rewriting = forgetPostgresArrivalOrder(pool);
    while (!(await rewriteHoldsItsLock(pool))) await new Promise((r) => setTimeout(r, 5));
    const asked = performance.now();
    const stored = await writer.store({ id: randomUUID(), slug: SLUG, ciphertext });
    const waited = performance.now() - asked;
    const rewrote = await rewriting;
    const ms = performance.now() - started;
    await closeDatabase(other);
    const { rows } = await pool.query<{ bytes: string }>(
      "select pg_total_relation_size('response_parts') as bytes",
    );
    const used = process.cpuUsage(cpu);
    console.log(
      `${size} responses (${(Number(rows[0]?.bytes) / 1e6).toFixed(1)} MB with index, ciphertext ${ciphertext.length} chars): rewrite ${rewrote ? "done" : "NOT done"} in ${ms.toFixed(0)} ms by the clock (this process's CPU ${((used.user + used.system) / 1000).toFixed(0)} ms); a submission on another instance ${stored} after ${waited.toFixed(0)} ms`,
    );
    await closeDatabase(db);
  }
} finally {
  cluster.stop();
}
