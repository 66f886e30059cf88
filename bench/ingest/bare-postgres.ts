// The bare servers' PostgreSQL storage (bare-server.ts), on the bench's cluster with fsync and
// synchronous_commit on, through `pg`, the driver Voz uses: one connection, one transaction per
// batch, one savepoint per response. `layout` stores the rows as Voz lays them out (partsOf).
import pg from "pg";
import { partsOf } from "../../server/db/responses";
import type { BareStore } from "./bare-server";

export async function barePostgres(url: string, layout: boolean): Promise<BareStore> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    "create table if not exists responses (id text primary key, ciphertext text not null, received_on text not null)",
  );
  await client.query(
    "create table if not exists parts (key text primary key, id text not null, part integer not null, parts integer not null, ciphertext text not null, received_on text not null)",
  );
  await client.query("create table if not exists days (day text primary key, n integer not null)");
  const insert = async (response: { id: string; ciphertext: string }, day: string) => {
    if (!layout) {
      await client.query({
        name: "whole",
        text: "insert into responses values ($1, $2, $3)",
        values: [response.id, response.ciphertext, day],
      });
      return;
    }
    for (const { key, part, parts, slice } of partsOf(
      response.id,
      response.ciphertext,
      Number.POSITIVE_INFINITY,
    )) {
      await client.query({
        name: "part",
        text: "insert into parts values ($1, $2, $3, $4, $5, $6)",
        values: [key, response.id, part, parts, slice, day],
      });
    }
    await client.query({
      name: "day",
      text: "insert into days values ($1, 1) on conflict (day) do update set n = days.n + 1",
      values: [day],
    });
  };
  const table = layout ? "parts where part = 0" : "responses";
  const size = async () =>
    Number((await client.query("select pg_database_size(current_database()) as n")).rows[0].n);
  // The empty database's own catalogue is not the responses' size.
  const empty = await size();
  return {
    async storeBatch(batch, day) {
      const stored: boolean[] = [];
      await client.query("begin");
      for (const response of batch) {
        try {
          await client.query("savepoint one");
          await insert(response, day);
          await client.query("release savepoint one");
          stored.push(true);
        } catch {
          await client.query("rollback to savepoint one");
          stored.push(false);
        }
      }
      await client.query("commit");
      return stored;
    },
    storedRows: async () =>
      Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n),
    storedBytes: async () => (await size()) - empty,
  };
}
