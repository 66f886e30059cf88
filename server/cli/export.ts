import { responsesOf } from "../db/responses";
import { findSurvey } from "../db/surveys";
import { CliError, type Command, DEFAULT_DB, parseCommandArgs } from "./command";
import { withDatabase } from "./files";

export const exportCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    { db: { type: "string", default: DEFAULT_DB } },
    1,
  );
  const slug = positionals[0] as string;
  return await withDatabase(values.db, true, (db) => {
    if (!findSurvey(db, slug)) throw new CliError(`no survey "${slug}" in ${values.db}`);
    return responsesOf(db, slug)
      .map((r) => JSON.stringify({ id: r.id, ciphertext: r.ciphertext, receivedOn: r.receivedOn }))
      .join("\n");
  });
};
