// biome-ignore-all lint/suspicious/noTemplateCurlyInString: XLSForm expressions name questions as ${name}, literally.
// `npm run bench:xlsform [-- --rows 60000 --runs 5]`
// Importing an XLSForm whose choice list has N rows (villages filtered by district, two
// languages), at N/4, N/2 and N: the read (read-excel-file) and the import (the translation
// to a Voz survey), median of the runs. Issue 14 asks for 60,000 rows under 1 s; v0.1 took
// 22 s from quadratic copying. The import's growth from N/4 to N shows it is linear (4× the
// rows, about 4× the time; quadratic would be 16×), and its time is set beside the file read
// measured in the same run, so a loaded machine slows both alike. Prints figures; asserts nothing.
import { parseArgs } from "node:util";
import readXlsxFile from "read-excel-file/node";
import writeXlsxFile from "write-excel-file/node";
import { surveyFromXlsForm } from "../client/lib/xlsform/import";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "60000" }, runs: { type: "string", default: "5" } },
});
const rows = Number(values.rows);
const runs = Number(values.runs);

async function form(villages: number): Promise<Buffer> {
  const cell = (value: string) => ({ value });
  const choices = [["list_name", "name", "label::English (en)", "label::Español (es)", "district"]];
  for (let i = 0; i < 300; i++)
    choices.push(["district", `d${i}`, `District ${i}`, `Distrito ${i}`, ""]);
  for (let i = 0; i < villages; i++) {
    choices.push(["village", `v${i}`, `Village ${i}`, `Pueblo ${i}`, `d${i % 300}`]);
  }
  const survey = [
    ["type", "name", "label::English (en)", "label::Español (es)", "choice_filter"],
    ["select_one district", "district", "District?", "¿Distrito?", ""],
    ["select_one village", "village", "Village?", "¿Pueblo?", "district=${district}"],
  ];
  return writeXlsxFile([
    { sheet: "survey", data: survey.map((r) => r.map((v) => (v ? cell(v) : null))) },
    { sheet: "choices", data: choices.map((r) => r.map((v) => (v ? cell(v) : null))) },
  ]).toBuffer();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function measure(villages: number) {
  const bytes = await form(villages);
  const read: number[] = [];
  const translate: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    const sheets = await readXlsxFile(bytes);
    read.push(performance.now() - start);
    start = performance.now();
    const { survey } = surveyFromXlsForm(sheets, { slug: "villages", title: "Villages" });
    translate.push(performance.now() - start);
    const options = survey.questions[1]?.type === "single" ? survey.questions[1].options.length : 0;
    if (options !== villages) throw new Error(`expected ${villages} villages, got ${options}`);
  }
  return { villages, read: median(read), translate: median(translate) };
}

const sizes = [rows / 4, rows / 2, rows].map(Math.round);
const results = [];
for (const size of sizes) results.push(await measure(size));
console.log(`choice rows   read .xlsx   import   import per row   import / read`);
for (const r of results) {
  console.log(
    `${String(r.villages).padStart(11)}   ${r.read.toFixed(0).padStart(7)} ms   ${r.translate.toFixed(0).padStart(4)} ms   ${((1000 * r.translate) / r.villages).toFixed(1).padStart(8)} µs   ${(r.translate / r.read).toFixed(2).padStart(13)}`,
  );
}
const [first, , last] = results;
if (first && last) {
  console.log(
    `\nimport growth ${first.villages} → ${last.villages} rows: ${(last.translate / first.translate).toFixed(1)}× (linear ≈ ${(last.villages / first.villages).toFixed(0)}×, quadratic ≈ ${((last.villages / first.villages) ** 2).toFixed(0)}×)`,
  );
  console.log(
    `${last.villages} rows: read + import ${(last.read + last.translate).toFixed(0)} ms (target: import under 1000 ms)`,
  );
}
