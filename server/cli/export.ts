import { responsePage } from "../db/response-pages";
import { findSurvey } from "../db/surveys";
import { CliError, type Command, DEFAULT_DB, parseCommandArgs } from "./command";
import { withDatabase } from "./files";

const PAGE = 1000;

export const exportCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    { db: { type: "string", default: DEFAULT_DB } },
    1,
  );
  const slug = positionals[0] as string;
  return await withDatabase(values.db, "read", async (db) => {
    if (!(await findSurvey(db, slug))) throw new CliError(`no survey "${slug}" in ${values.db}`);
    const lines: string[] = [];
    for (let page = await responsePage(db, slug, "", PAGE); page.length > 0; ) {
      for (const r of page) {
        lines.push(
          JSON.stringify({ id: r.id, ciphertext: r.ciphertext, receivedOn: r.receivedOn }),
        );
      }
      page = await responsePage(db, slug, page.at(-1)?.id ?? "", PAGE);
    }
    return lines.join("\n");
  });
};
