// `npm run bench:suppress [-- --n 2000 --survey surveys/passport-access.json --k 5]`
// Suppression and audit of a whole publication of the passport survey: time, primaries and
// secondaries, for each way of choosing secondaries. Prints figures; asserts nothing.
import { parseArgs } from "node:util";
import { audit } from "../client/lib/audit";
import { loadHighs } from "../client/lib/lp";
import { hideSuppressed } from "../client/lib/publication";
import { linkTables } from "../client/lib/statistics";
import { suppress } from "../client/lib/suppress";
import { tabulate } from "../client/lib/tabulate";
import { readSurveyFile, syntheticAnswers } from "./synthetic";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "2000" },
    k: { type: "string", default: "5" },
    survey: { type: "string", default: "surveys/passport-access.json" },
    seeds: { type: "string", default: "1,2,3" },
  },
});
const n = Number(values.n);
const k = Number(values.k);
const survey = readSurveyFile(values.survey);

await loadHighs();
const strategies = ["lp"];
console.log(`survey ${survey.slug} v${survey.version}, ${n} synthetic responses, k = ${k}`);
for (const seed of values.seeds.split(",").map(Number)) {
  const tabulated = tabulate(survey, syntheticAnswers(survey, n, seed));
  if (!tabulated.ok) throw new Error(tabulated.reason);
  const tables = tabulated.tables;
  const linked = linkTables(tables);
  const cells = tables.reduce((a, t) => a + t.cells.length, 0);
  console.log(
    `\nseed ${seed}: ${tables.length} tables, ${cells} cells, ${linked.statistics.length} statistics, ` +
      `${linked.relations.length} relations`,
  );
  for (const strategy of strategies) {
    const start = performance.now();
    const result = await suppress(tables, k);
    const suppressed = performance.now();
    const checked = await audit({ k, tables: hideSuppressed(result.tables) });
    const audited = performance.now();
    console.log(
      `  ${strategy.padEnd(7)} suppress ${(suppressed - start).toFixed(0).padStart(5)} ms` +
        `  audit ${(audited - suppressed).toFixed(0).padStart(4)} ms` +
        `  total ${(audited - start).toFixed(0).padStart(5)} ms` +
        `  primaries ${result.primaries}  secondaries ${result.secondaries}` +
        `  respondents hidden by secondaries ${result.hiddenBySecondaries}` +
        `  audit ${checked.ok ? "passes" : `FAILS (${checked.findings.length})`}`,
    );
  }
}
