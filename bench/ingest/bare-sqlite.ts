// The bare servers' SQLite storage (bare-server.ts), with Voz's durability: WAL,
// synchronous=FULL. `private` adds what Voz's storage does for DESIGN §9.7 and costs disk, not
// CPU: secure_delete and the write-ahead log checkpointed and cut to zero before the 201s of
// each commit. `layout` also stores the rows as Voz lays them out (partsOf) and rebuilds the file
// in key order as Voz does (server/db/rebuilds.ts), so that Voz against it measures
// Voz's request path alone, and it against `private` what the layout costs the disk.
import { existsSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { rebuildIsDue } from "../../server/db/rebuilds";
import { partsOf } from "../../server/db/responses";
import type { BareResponse, BareStore } from "./bare-server";

export type BareStorage = "plain" | "private" | "layout";

export function bareSqlite(dbPath: string, storage: BareStorage): BareStore {
  const sqlite = new Database(dbPath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  const cutsLog = storage !== "plain";
  if (cutsLog) {
    sqlite.pragma("secure_delete = ON");
    sqlite.pragma("journal_size_limit = 0");
  }
  sqlite.exec(
    "create table if not exists responses (id text primary key, ciphertext text not null, received_on text not null) without rowid",
  );
  sqlite.exec(
    "create table if not exists parts (key text primary key, id text not null, part integer not null, parts integer not null, ciphertext text not null, received_on text not null) without rowid",
  );
  sqlite.exec(
    "create table if not exists days (day text primary key, n integer not null) without rowid",
  );
  const insertWhole = sqlite.prepare("insert into responses values (?, ?, ?)");
  const insertPart = sqlite.prepare("insert into parts values (?, ?, ?, ?, ?, ?)");
  const countDay = sqlite.prepare(
    "insert into days values (?, 1) on conflict (day) do update set n = n + 1",
  );
  const insert = (response: BareResponse, day: string) => {
    if (storage !== "layout") return insertWhole.run(response.id, response.ciphertext, day);
    for (const { key, part, parts, slice } of partsOf(response.id, response.ciphertext, "sqlite")) {
      insertPart.run(key, response.id, part, parts, slice, day);
    }
    return countDay.run(day);
  };
  const count = sqlite.prepare(
    storage === "layout"
      ? "select count(*) as n from parts where part = 0"
      : "select count(*) as n from responses",
  );
  // Responses stored, and at the last rebuild: the file is fresh, and only this process writes.
  let responses = 0;
  let rebuiltAt = 0;
  const rebuildIfGrown = () => {
    if (rebuildIsDue(responses, rebuiltAt)) {
      sqlite.exec("VACUUM");
      rebuiltAt = responses;
    }
  };
  return {
    storeBatch(batch, day) {
      const stored: boolean[] = [];
      sqlite.exec("BEGIN IMMEDIATE");
      for (const response of batch) {
        try {
          sqlite.exec("SAVEPOINT one");
          insert(response, day);
          sqlite.exec("RELEASE one");
          stored.push(true);
        } catch {
          sqlite.exec("ROLLBACK TO one; RELEASE one");
          stored.push(false);
        }
      }
      sqlite.exec("COMMIT");
      responses += stored.filter(Boolean).length;
      if (storage === "layout") rebuildIfGrown();
      if (cutsLog) sqlite.pragma("wal_checkpoint(TRUNCATE)");
      return stored;
    },
    storedRows: async () => (count.get() as { n: number }).n,
    async storedBytes() {
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
      return [dbPath, `${dbPath}-wal`].reduce(
        (sum, f) => sum + (existsSync(f) ? statSync(f).size : 0),
        0,
      );
    },
  };
}
