import { readFileSync } from "node:fs";
import readXlsxFile from "read-excel-file/node";
import { surveyFromXlsForm } from "../../client/lib/xlsform/import";
import { parseNewSurvey } from "../../surveys/limits";
import { CliError, type Command, parseCommandArgs } from "./command";

/**
 * `import-xlsform <form.xlsx> [--slug s] [--title t]` (DESIGN §6): the survey JSON on stdout;
 * on stderr one JSON line per construct and column not carried over, with its rows
 * `{"sheet","rows","column","construct","message"}`, then the survey's validation errors in the
 * same shape. Exit 0 when the survey validates, 1 otherwise.
 */
export const importXlsFormCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    { slug: { type: "string" }, title: { type: "string" }, db: { type: "string" } },
    1,
  );
  const path = positionals[0] as string;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>;
  try {
    sheets = await readXlsxFile(bytes);
  } catch (error) {
    throw new CliError(`${path} is not an .xlsx file: ${(error as Error).message}`);
  }
  const { survey, problems } = surveyFromXlsForm(sheets, {
    ...(values.slug === undefined ? {} : { slug: values.slug }),
    ...(values.title === undefined ? {} : { title: values.title }),
  });
  // The caps too (surveys/limits.ts), as validate, export-xlsform and the workspace's save:
  // "valid" here and refused there was a survey no one could save.
  const parsed = parseNewSurvey(survey);
  const invalid = parsed.ok
    ? []
    : parsed.errors.map((e) => ({
        sheet: "",
        rows: [],
        column: "",
        construct: "survey not valid",
        message: `${e.path}: ${e.message}${e.path === "$.slug" ? " (give --slug)" : e.path.startsWith("$.title") ? " (give --title)" : ""}`,
      }));
  return {
    stdout: JSON.stringify(survey, null, 2),
    stderr: [...problems, ...invalid].map((line) => JSON.stringify(line)).join("\n"),
    code: parsed.ok ? 0 : 1,
  };
};
