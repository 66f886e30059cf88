import { existsSync } from "node:fs";
import { isPostgresUrl } from "../db/postgres";
import { isBusy, repageSqlite } from "../db/sqlite";
import { CliError, type Command, DEFAULT_DB, parseCommandArgs } from "./command";

/**
 * Gives a SQLite file made before 5 December the pages a new file has (server/db/sqlite.ts
 * SQLITE_PAGE_SIZE), with the server stopped: its responses are then stored one row each, at
 * about twice the rate (docs/measured/ingest.md).
 */
export const repageCommand: Command = async (argv) => {
  const { values } = parseCommandArgs(argv, { db: { type: "string", default: DEFAULT_DB } }, 0);
  if (isPostgresUrl(values.db)) {
    throw new CliError("repage changes a SQLite file's pages; PostgreSQL has nothing to repage");
  }
  if (!existsSync(values.db)) throw new CliError(`no database at ${values.db}`);
  let pages: { from: number; to: number };
  try {
    pages = repageSqlite(values.db);
  } catch (error) {
    if (!isBusy(error)) throw error;
    throw new CliError(`${values.db} is in use: stop the server, then run repage again`);
  }
  return pages.from === pages.to
    ? `${values.db} already has ${pages.to}-byte pages`
    : `${values.db}: ${pages.from}-byte pages, now ${pages.to}`;
};
