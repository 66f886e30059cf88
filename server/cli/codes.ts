import { createCodes } from "../db/codes";
import { CliError, type Command, DEFAULT_DB, parseCommandArgs } from "./command";
import { withDatabase } from "./files";

/** Prints N new one-time codes and makes the survey require one. They are shown only once. */
export const codesCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    { n: { type: "string" }, db: { type: "string", default: DEFAULT_DB } },
    1,
  );
  const n = Number(values.n);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) {
    throw new CliError("codes needs --n <how many>, from 1 to 100000");
  }
  const slug = positionals[0] as string;
  const codes = await withDatabase(values.db, "existing", (db) => createCodes(db, slug, n));
  if (!codes) throw new CliError(`no survey "${slug}" in ${values.db}`);
  return codes.join("\n");
};
