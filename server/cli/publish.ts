import { withdrawCurrent } from "../db/publications";
import { findSurvey } from "../db/surveys";
import { publish } from "../publish";
import { CliError, type Command, DEFAULT_DB, parseCommandArgs } from "./command";
import { readJsonFile, withDatabase } from "./files";

/**
 * `publish <publication.json>`: puts a publication through the same gate as the HTTP route,
 * for surveys opened from files, which have no organization to publish through.
 */
export const publishCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    { db: { type: "string", default: DEFAULT_DB } },
    1,
  );
  const file = positionals[0] as string;
  const input = readJsonFile(file);
  const slug = (input as { survey?: unknown } | null)?.survey;
  if (typeof slug !== "string") throw new CliError(`${file}: $.survey: must name the survey`);
  const db = values.db;
  const result = await withDatabase(db, true, async (handle) => {
    if (!(await findSurvey(handle, slug))) throw new CliError(`no survey "${slug}" in ${db}`);
    return publish(handle, slug, input);
  });
  if (result.ok) return `/r/${slug} (publication ${result.number})`;
  if (result.reason === "invalid") {
    throw new CliError(result.errors.map((e) => `${file}: ${e.path}: ${e.message}`).join("\n"));
  }
  if (result.reason === "wrong_shape") {
    throw new CliError(
      result.problems.map((p) => `${file}: table ${p.table}: ${p.message}`).join("\n"),
    );
  }
  throw new CliError(
    [
      `${file}: refused — these cells would let someone single out fewer than k respondents:`,
      ...result.findings.map((f) => `  table ${f.table} ${JSON.stringify(f.key)}: ${f.problem}`),
    ].join("\n"),
  );
};

export const withdrawCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    { db: { type: "string", default: DEFAULT_DB } },
    1,
  );
  const slug = positionals[0] as string;
  const withdrawn = await withDatabase(values.db, true, (db) => withdrawCurrent(db, slug));
  if (withdrawn === undefined) throw new CliError(`nothing is published for "${slug}"`);
  return `withdrew publication ${withdrawn} of ${slug}`;
};
