// A migrations folder as an earlier version shipped it, to make database files of that version
// and check that the current code upgrades them (openDatabase migrates on open).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

const migrations = join("server", "db", "migrations");

/** Copies the migrations up to and including `lastTag` into `into`; returns the folder. */
export function migrationsUpTo(into: string, lastTag: string): string {
  const folder = join(into, `migrations-${lastTag}`);
  mkdirSync(join(folder, "meta"), { recursive: true });
  const journal = JSON.parse(readFileSync(join(migrations, "meta", "_journal.json"), "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  const last = journal.entries.find((e) => e.tag === lastTag);
  if (!last) throw new Error(`no migration ${lastTag}`);
  journal.entries = journal.entries.filter((e) => e.idx <= last.idx);
  for (const { tag, idx } of journal.entries) {
    copyFileSync(join(migrations, `${tag}.sql`), join(folder, `${tag}.sql`));
    const snapshot = `${String(idx).padStart(4, "0")}_snapshot.json`;
    copyFileSync(join(migrations, "meta", snapshot), join(folder, "meta", snapshot));
  }
  writeFileSync(join(folder, "meta", "_journal.json"), JSON.stringify(journal));
  return folder;
}

/**
 * `dir`/voz.db as the version whose last migration is `lastTag` made it, open to be filled as
 * that version would have; close it before the current code opens the file.
 */
export function fileOfVersion(
  dir: string,
  lastTag: string,
): { path: string; old: Database.Database } {
  const path = join(dir, "voz.db");
  const old = new Database(path);
  old.pragma("journal_mode = WAL");
  migrate(drizzle(old), { migrationsFolder: migrationsUpTo(dir, lastTag) });
  return { path, old };
}
