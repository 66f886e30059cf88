// A publication the audit needs seconds for, sent to a real server while a respondent loads
// the survey page: shared by test/gate.test.ts (the order of answers) and `npm run bench:gate`
// (the figures). Issue 12: one such publication held every other request for 11 s.
import { rmSync } from "node:fs";
import { readSurveyFile, syntheticAnswers } from "../bench/synthetic";
import type { PublishedTable } from "../client/lib/publication";
import { tabulate } from "../client/lib/tabulate";
import { fakeClientBuild, startServer, type TestServer } from "./harness";
import { openSurvey, overHttp, type Person, readyCrypto, signUp } from "./workspace-client";

const BREAKDOWNS = [
  "gender",
  "age_group",
  "country",
  "passport",
  "applied",
  "cost_usd",
  "months_waiting",
  "ethnicity",
  "visa",
  "disability",
  "children_undocumented",
  "visa_stamped",
];

/**
 * The passport survey crossed with 12 breakdowns, 300 synthetic responses: 156 tables, 4,845
 * cells, ~420 KB. Every small count is hidden with no cover at all, so the audit has thousands
 * of suppressed cells in large linked components to bound — seconds of LP — and refuses it.
 */
export function heavyPublication(slug: string) {
  const survey = readSurveyFile("surveys/passport-access.json");
  const tabulated = tabulate(survey, syntheticAnswers(survey, 300, 1), { breakdowns: BREAKDOWNS });
  if (!tabulated.ok) throw new Error(tabulated.reason);
  const tables: PublishedTable[] = tabulated.tables.map((table) => ({
    ...table,
    cells: table.cells.map((cell) => {
      const total = Object.values(cell.key).every((value) => value === "*");
      return cell.count > 0 && cell.count < 5 && !total
        ? { key: cell.key, count: null, suppressed: "primary" as const }
        : { key: cell.key, count: cell.count, suppressed: false as const };
    }),
  }));
  const publication = {
    format: "voz.publication/1",
    survey: slug,
    version: 1,
    k: 5,
    responses: 300,
    unreadable: 0,
    tables,
  };
  return { publication, cells: tables.reduce((n, t) => n + t.cells.length, 0) };
}

export interface GateLoadServer {
  server: TestServer;
  analyst: Person;
  slug: string;
}

/** A real server with a fake client build (so /s/:slug renders) and an organization's survey. */
export async function gateLoadServer(budgetMs?: number): Promise<GateLoadServer> {
  await readyCrypto();
  const clientDir = fakeClientBuild();
  const started = await startServer({ clientDir, ...(budgetMs ? { gate: { budgetMs } } : {}) });
  const server = {
    ...started,
    async close() {
      await started.close();
      rmSync(clientDir, { recursive: true, force: true });
    },
  };
  const analyst = await signUp(overHttp(server.url), "Load Org", "owner@load.example");
  const slug = "heavy-passport";
  const definition = { ...readSurveyFile("surveys/passport-access.json"), slug };
  await openSurvey(analyst, definition, [analyst]);
  return { server, analyst, slug };
}

export interface Measured {
  status: number;
  /** The error code of a refusal. */
  code: string | undefined;
  /** From sending the publication to its answer. */
  publishMs: number;
  /** Each respondent GET while the publication was out: when it was sent and how long it took. */
  reads: { sentAtMs: number; ms: number; status: number }[];
}

/**
 * Sends the publication, then loads /s/passport-access again and again, one after the other,
 * until the publication is answered. A server that audits on its request thread answers no
 * GET until the audit ends; one that audits in a worker answers each at once.
 */
export async function publishWhileReading(
  { server, analyst, slug }: GateLoadServer,
  publication: unknown,
): Promise<Measured> {
  const started = performance.now();
  let answered: number | null = null;
  let status = 0;
  let code: string | undefined;
  const sent = analyst.browser
    .request("POST", `/api/org/surveys/${slug}/publications`, publication)
    .then(async (res) => {
      code = ((await res.json()) as { error?: { code: string } }).error?.code;
      status = res.status;
      answered = performance.now();
    });
  const reads: Measured["reads"] = [];
  while (answered === null) {
    const sentAt = performance.now();
    const res = await fetch(`${server.url}/s/passport-access`);
    await res.arrayBuffer();
    reads.push({ sentAtMs: sentAt - started, ms: performance.now() - sentAt, status: res.status });
  }
  await sent;
  return { status, code, publishMs: (answered ?? 0) - started, reads };
}
