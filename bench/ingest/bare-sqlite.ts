// The bare servers' SQLite storage (bare-server.ts), with Voz's durability: WAL,
// synchronous=FULL. `private` adds what Voz's storage does for DESIGN §9.7 and costs disk, not
// CPU: secure_delete and the write-ahead log checkpointed and cut to zero before the 201s of
// each commit. `layout` stores into Voz's own tables (its migrations and connection settings)
// as Voz lays them out (partsOf, a count per day), and takes the steps of Voz's rebuild in key
// order (server/db/sqlite-rebuild.ts) in the pauses, as Voz does, so that Voz against it measures
// Voz's request path alone, and it against `private` what the layout costs the disk. `parts` is
// `layout` without the rebuild: against it, `layout` shows what the rebuild alone costs.
import { existsSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { sqliteOf } from "../../server/db/client";
import { partChars, partsOf } from "../../server/db/responses";
import { openSqlite } from "../../server/db/sqlite";
import { rebuildStep, underWay } from "../../server/db/sqlite-rebuild";
import { useTablesOf } from "../../server/db/tables";
import type { BareResponse, BareStore } from "./bare-server";
import { SLUG } from "./body";

export type BareStorage = "plain" | "private" | "parts" | "layout";

export function bareSqlite(dbPath: string, storage: BareStorage): BareStore {
  return storage === "layout" || storage === "parts"
    ? layoutStore(dbPath, storage === "layout")
    : wholeStore(dbPath, storage);
}

/** Each response whole in one row. */
function wholeStore(dbPath: string, storage: "plain" | "private"): BareStore {
  const sqlite = new Database(dbPath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  const cutsLog = storage === "private";
  if (cutsLog) {
    sqlite.pragma("secure_delete = ON");
    sqlite.pragma("journal_size_limit = 0");
  }
  sqlite.exec(
    "create table if not exists responses (id text primary key, ciphertext text not null, received_on text not null) without rowid",
  );
  const insert = sqlite.prepare("insert into responses values (?, ?, ?)");
  return groupCommit(sqlite, dbPath, {
    insert: (response, day) => insert.run(response.id, response.ciphertext, day),
    afterCommit: () => {
      if (cutsLog) sqlite.pragma("wal_checkpoint(TRUNCATE)");
    },
    count: sqlite.prepare("select count(*) as n from responses"),
  });
}

/**
 * A file in Voz's tables and settings (openSqlite) with one open survey `slug`, and its responses
 * stored as Voz lays them out: parts (partsOf), and a count per day.
 */
export function vozLayout(dbPath: string, slug: string) {
  useTablesOf("sqlite");
  const db = openSqlite(dbPath);
  const sqlite = sqliteOf(db);
  const chars = partChars(db);
  sqlite
    .prepare("insert into surveys (slug, state, created_on) values (?, 'open', '2026-12-04')")
    .run(slug);
  const insertPart = sqlite.prepare(
    "insert into response_parts (slug, key, id, part, parts, ciphertext, received_on) values (?, ?, ?, ?, ?, ?, ?)",
  );
  const countDay = sqlite.prepare(
    "insert into response_days (slug, day, responses) values (?, ?, ?) on conflict do update set responses = responses + excluded.responses",
  );
  return {
    sqlite,
    store(id: string, ciphertext: string, day: string): void {
      for (const { key, part, parts, slice } of partsOf(id, ciphertext, chars)) {
        insertPart.run(slug, key, id, part, parts, slice, day);
      }
    },
    count(day: string, responses: number): void {
      countDay.run(slug, day, responses);
    },
    /** What Voz does after each commit, before its 201s (DESIGN §9.7): the log emptied. */
    cut(): void {
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
    },
    /** A step of the rebuild as Voz takes it, the log cut after; whether one is still under way. */
    step(): boolean {
      rebuildStep(sqlite);
      this.cut();
      return underWay(sqlite);
    },
  };
}

/** Voz's tables, settings and (`rebuilds`) rebuild, without its request path. */
function layoutStore(dbPath: string, rebuilds: boolean): BareStore {
  const layout = vozLayout(dbPath, SLUG);
  const { sqlite } = layout;
  return groupCommit(sqlite, dbPath, {
    insert(response, day) {
      layout.store(response.id, response.ciphertext, day);
      layout.count(day, 1);
    },
    afterCommit: () => layout.cut(),
    count: sqlite.prepare("select count(*) as n from response_parts where part = 0"),
    ...(rebuilds ? { pause: () => layout.step() } : {}),
  });
}

/** A batch in one transaction, one savepoint per response, as Voz stores one. */
function groupCommit(
  sqlite: Database.Database,
  dbPath: string,
  store: {
    insert(response: BareResponse, day: string): void;
    afterCommit(): void;
    count: Database.Statement;
    pause?(): boolean;
  },
): BareStore {
  return {
    ...(store.pause ? { pause: store.pause } : {}),
    storeBatch(batch, day) {
      const stored: boolean[] = [];
      sqlite.exec("BEGIN IMMEDIATE");
      for (const response of batch) {
        try {
          sqlite.exec("SAVEPOINT one");
          store.insert(response, day);
          sqlite.exec("RELEASE one");
          stored.push(true);
        } catch {
          sqlite.exec("ROLLBACK TO one; RELEASE one");
          stored.push(false);
        }
      }
      sqlite.exec("COMMIT");
      store.afterCommit();
      return stored;
    },
    storedRows: async () => (store.count.get() as { n: number }).n,
    async storedBytes() {
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
      return [dbPath, `${dbPath}-wal`].reduce(
        (sum, f) => sum + (existsSync(f) ? statSync(f).size : 0),
        0,
      );
    },
  };
}
