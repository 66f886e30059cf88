// `npm run corpus:xlsform -- <folder> [--verbose]`: imports every .xlsx in the folder as the CLI
// does (given only a slug and a title) and prints, per form and in total, whether the survey is
// valid, what happened to its `relevant` conditions (kept, translated, reported), and the silent
// losses found by an independent reader (scripts/xlsform-corpus/). Exit 1 when any loss is found.
// The forms are not in the repository: docs/xlsform.md lists the public sources and how to fetch.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import readXlsxFile from "read-excel-file/node";
import { surveyFromXlsForm } from "../client/lib/xlsform/import";
import { parseSurvey } from "../surveys/schema";
import { readRawXlsx } from "./xlsform-corpus/raw-xlsx";
import { checkSilentLoss } from "./xlsform-corpus/silent-loss";

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const folder = args.find((a) => !a.startsWith("--"));
if (!folder) {
  console.error("usage: npm run corpus:xlsform -- <folder with .xlsx forms> [--verbose]");
  process.exit(1);
}

const files = readdirSync(folder)
  .filter((f) => f.toLowerCase().endsWith(".xlsx") && !f.startsWith("~$"))
  .sort();
const total = { forms: 0, valid: 0, kept: 0, translated: 0, reported: 0, losses: 0, unread: 0 };
const problemLines: number[] = [];
const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(`${"form".padEnd(60)} valid   kept transl report  lines losses`);
for (const file of files) {
  const bytes = readFileSync(join(folder, file));
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>;
  try {
    sheets = await readXlsxFile(bytes);
  } catch (error) {
    total.unread++;
    console.log(`${basename(file).slice(0, 59).padEnd(60)} not read: ${(error as Error).message}`);
    continue;
  }
  const result = surveyFromXlsForm(sheets, { slug: "corpus-form", title: "Corpus form" });
  const parsed = parseSurvey(result.survey);
  const check = checkSilentLoss(readRawXlsx(bytes), result.survey, result.problems);
  const { kept, translated, reported } = result.conditions;
  // The importer's tally must account for every relevant cell the raw reader counts.
  const uncounted = check.relevantCells - (kept + translated + reported);
  const losses = check.losses.length + Math.abs(uncounted);
  total.forms++;
  total.valid += parsed.ok ? 1 : 0;
  total.kept += kept;
  total.translated += translated;
  total.reported += reported;
  total.losses += losses;
  problemLines.push(result.problems.length);
  console.log(
    `${file.slice(0, 59).padEnd(60)} ${parsed.ok ? "  yes" : "   no"} ${pad(kept, 6)} ${pad(translated, 6)} ${pad(reported, 6)} ${pad(result.problems.length, 6)} ${pad(losses, 6)}`,
  );
  if (verbose) {
    if (!parsed.ok)
      for (const e of parsed.errors.slice(0, 5)) console.log(`    invalid ${e.path}: ${e.message}`);
    if (uncounted !== 0)
      console.log(
        `    relevant cells ${check.relevantCells}, tallied ${kept + translated + reported}`,
      );
    for (const loss of check.losses.slice(0, 20)) {
      console.log(`    LOST ${loss.sheet} row ${loss.row} [${loss.column}]: ${loss.fact}`);
    }
  }
}
problemLines.sort((a, b) => a - b);
const conditions = total.kept + total.translated + total.reported;
const percent = (n: number, of: number) => (of === 0 ? "–" : `${((100 * n) / of).toFixed(1)} %`);
console.log("");
console.log(
  `forms                 ${total.forms}${total.unread ? ` (+${total.unread} not readable as .xlsx)` : ""}`,
);
console.log(`valid given slug+title ${total.valid} (${percent(total.valid, total.forms)})`);
console.log(
  `relevant conditions   ${conditions}: kept ${total.kept}, translated ${total.translated}, reported ${total.reported}`,
);
console.log(
  `problem lines         median ${problemLines[Math.floor(problemLines.length / 2)] ?? 0}, max ${problemLines.at(-1) ?? 0}`,
);
console.log(`silent losses         ${total.losses}`);
process.exitCode = total.losses > 0 ? 1 : 0;
