import { policyMessage } from "../../client/lib/policy";
import { withdrawPublication } from "../db/publications";
import { findSurvey } from "../db/surveys";
import { GateRunner, limitsWithWork, workText } from "../gate/run";
import { type GateResult, publish } from "../publish";
import { CliError, type Command, DEFAULT_DB, parseCommandArgs } from "./command";
import { readJsonFile, withDatabase } from "./files";
import { gateWork } from "./suppress";

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
  const result = await withDatabase(db, "existing", async (handle) => {
    if (!(await findSurvey(handle, slug))) throw new CliError(`no survey "${slug}" in ${db}`);
    return publish(handle, new GateRunner(limitsWithWork(gateWork())), slug, input);
  });
  if (result.ok) return `/r/${slug} (publication ${result.number})`;
  throw new CliError(refusalText(file, result));
};

function refusalText(file: string, result: Exclude<GateResult, { ok: true }>): string {
  switch (result.reason) {
    case "invalid":
      return result.errors.map((e) => `${file}: ${e.path}: ${e.message}`).join("\n");
    case "too_large":
      return `${file}: ${result.field}: ${result.cap.found} ${result.cap.cap}; the gate checks at most ${result.cap.limit}`;
    case "wrong_shape":
      return result.problems.map((p) => `${file}: table ${p.table}: ${p.message}`).join("\n");
    case "policy":
      return `${file}: ${result.field}: ${policyMessage(result.verdict)}`;
    case "unsafe":
      return [
        `${file}: refused — these cells would let someone single out fewer than k respondents:`,
        ...result.findings.map((f) => `  table ${f.table} ${JSON.stringify(f.key)}: ${f.problem}`),
      ].join("\n");
    case "over_budget":
      return `${file}: checking it after the earlier publications needs more than ${workText(result.work)} of LP work; publish fewer tables or breakdowns, or raise VOZ_GATE_WORK`;
    case "timeout":
      return `${file}: the audit did not finish within ${result.budgetMs / 1000} s; the machine is too loaded, run it again`;
    case "busy":
      return `${file}: the gate is busy; run it again`;
    case "conflict":
      return `${file}: another publication was stored meanwhile; run it again`;
  }
}

export const withdrawCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    { db: { type: "string", default: DEFAULT_DB } },
    1,
  );
  const slug = positionals[0] as string;
  const withdrawn = await withDatabase(values.db, "existing", (db) =>
    withdrawPublication(db, slug),
  );
  if (withdrawn === undefined) throw new CliError(`nothing is published for "${slug}"`);
  return `withdrew publication ${withdrawn} of ${slug}`;
};
