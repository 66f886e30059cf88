import { writeFileSync } from "node:fs";
import writeXlsxFile from "write-excel-file/node";
import { surveyToXlsForm } from "../../client/lib/xlsform/export";
import { CliError, type Command, parseCommandArgs } from "./command";
import { readSurvey } from "./files";

/**
 * `export-xlsform <survey.json> --out <form.xlsx>` (DESIGN §6): the same survey as an XLSForm
 * for KoboToolbox or ODK; prints the path written, and on stderr what ODK will not take as is.
 */
export const exportXlsFormCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    { out: { type: "string" }, db: { type: "string" } },
    1,
  );
  if (!values.out) throw new CliError("export-xlsform needs --out <form.xlsx>");
  const survey = readSurvey(positionals[0] as string);
  const { sheets, warnings } = surveyToXlsForm(survey);
  const bytes = await writeXlsxFile(sheets).toBuffer();
  try {
    writeFileSync(values.out, bytes);
  } catch (error) {
    throw new CliError(
      `cannot write ${values.out}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  return { stdout: values.out, stderr: warnings.join("\n"), code: 0 };
};
