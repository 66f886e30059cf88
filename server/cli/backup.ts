import { existsSync } from "node:fs";
import { backupDatabase } from "../db/client";
import { isPostgresUrl } from "../db/postgres";
import { CliError, type Command, DEFAULT_DB, parseCommandArgs } from "./command";

/** SQLite's online backup: safe while the server is running and writing. */
export const backupCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    { db: { type: "string", default: DEFAULT_DB } },
    1,
  );
  const target = positionals[0] as string;
  if (isPostgresUrl(values.db)) {
    throw new CliError(
      "backup copies a SQLite file; on PostgreSQL use pg_dump (docs/deploy-postgres.md)",
    );
  }
  if (!existsSync(values.db)) throw new CliError(`no database at ${values.db}`);
  if (existsSync(target)) throw new CliError(`${target} exists; refusing to overwrite it`);
  const pages = await backupDatabase(values.db, target);
  return `${target} (${pages} pages)`;
};
