// `npm run bench:gate`: the publish gate off the request thread (issue 12). On a real server over
// loopback HTTP, prints
// - the passport survey's full publication (3 breakdowns, 2,000 synthetic responses, suppressed
//   as the coordinator's browser does): tables, cells, bytes and the gate's time, accepted;
// - a ~5,000-cell publication the audit needs seconds for: the gate's answer and time, and the
//   latency of respondent GETs of /s/passport-access sent one after another meanwhile (median,
//   95th percentile, worst), against the same GETs with no publication in flight (target: worst
//   under 200 ms). Prints figures; asserts nothing.
import { readSurveyFile, syntheticAnswers } from "../bench/synthetic";
import { FORMAT, hideSuppressed } from "../client/lib/publication";
import { surveyStructure } from "../client/lib/structure";
import { suppress } from "../client/lib/suppress";
import { tabulate } from "../client/lib/tabulate";
import { gateLoadServer, heavyPublication, publishWhileReading } from "../test/gate-load";

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const summary = (ms: number[]) =>
  `median ${quantile(ms, 0.5).toFixed(0)} ms, p95 ${quantile(ms, 0.95).toFixed(0)} ms, ` +
  `worst ${Math.max(...ms).toFixed(0)} ms (${ms.length} GETs)`;

const load = await gateLoadServer();
try {
  const baseline: number[] = [];
  for (let i = 0; i < 100; i++) {
    const sent = performance.now();
    await (await fetch(`${load.server.url}/s/passport-access`)).arrayBuffer();
    baseline.push(performance.now() - sent);
  }
  console.log(`GET /s/passport-access, nothing in flight: ${summary(baseline)}`);

  // First, so that no growth rule stands in the audit's way.
  const heavy = heavyPublication(load.slug);
  const measured = await publishWhileReading(load, heavy.publication);
  const during = measured.reads.map((r) => r.ms);
  console.log(
    `heavy publication: ${heavy.publication.tables.length} tables, ${heavy.cells} cells, ` +
      `${JSON.stringify(heavy.publication).length} bytes; gate answered ${measured.status} ` +
      `${measured.code ?? ""} in ${measured.publishMs.toFixed(0)} ms`,
  );
  console.log(`GET /s/passport-access, while the gate worked: ${summary(during)}`);
  console.log(
    `ratio to nothing in flight: median ${(quantile(during, 0.5) / quantile(baseline, 0.5)).toFixed(1)}x, ` +
      `worst ${(Math.max(...during) / Math.max(...baseline)).toFixed(1)}x`,
  );
  // Then the real publication, at 2,000 responses: N grew by far more than k since.
  const survey = readSurveyFile("surveys/passport-access.json");
  const tabulated = tabulate(survey, syntheticAnswers(survey, 2000, 1));
  if (!tabulated.ok) throw new Error(tabulated.reason);
  // Suppressed as the workspace does it: with the survey's structure, which the gate audits too.
  const suppressed = await suppress(tabulated.tables, 5, { structure: surveyStructure(survey) });
  const full = {
    format: FORMAT,
    survey: load.slug,
    version: 1,
    k: 5,
    responses: 2000,
    unreadable: 0,
    tables: hideSuppressed(suppressed.tables),
  };
  const cells = full.tables.reduce((n, t) => n + t.cells.length, 0);
  const started = performance.now();
  const res = await load.analyst.browser.request(
    "POST",
    `/api/org/surveys/${load.slug}/publications`,
    full,
  );
  const gateMs = performance.now() - started;
  console.log(
    `passport, full publication (breakdowns ${survey.breakdowns.join(", ")}): ` +
      `${full.tables.length} tables, ${cells} cells, ${JSON.stringify(full).length} bytes; ` +
      `gate ${gateMs.toFixed(0)} ms in a started worker (parse, shape, policies, audit, store) → ${res.status}` +
      (res.ok ? "" : ` ${(await res.text()).slice(0, 300)}`),
  );
} finally {
  await load.server.close();
}
