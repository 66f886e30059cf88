import { openKey, ready } from "../../client/lib/crypto";
import {
  checkGrowth,
  checkK,
  versionGroups as groupVersions,
  policyMessage,
  sameRespondents,
} from "../../client/lib/policy";
import {
  FORMAT,
  hideSuppressed,
  type Publication,
  parsePublication,
} from "../../client/lib/publication";
import { surveyStructure } from "../../client/lib/structure";
import { suppress } from "../../client/lib/suppress";
import { tabulate } from "../../client/lib/tabulate";
import type { Survey } from "../../surveys/schema";
import { othersAsking } from "../../surveys/wording";
import { findSurvey, surveyVersionsOf } from "../db/surveys";
import { CliError, type Command, DEFAULT_DB, parseCommandArgs } from "./command";
import {
  copiesNote,
  fileBatches,
  readJsonFile,
  readKeyFile,
  readSurvey,
  storedCopies,
  withDatabase,
  withoutCopies,
} from "./files";
import { parseK, refuseUnsafe } from "./suppress";
import { type TabulateJob, tabulateInPool } from "./tabulate-pool";

/**
 * What the database holds for `survey` besides its responses, read once this thread has checked
 * the survey is there: its other stored versions, and the copies of a sealed box stored under
 * other ids, which the workers (each on its own connection, tabulate-pool.ts) leave out.
 */
async function readStored(path: string, survey: Survey) {
  return withDatabase(path, "read", async (db) => {
    if (!(await findSurvey(db, survey.slug))) {
      throw new CliError(`no survey "${survey.slug}" in ${path}`);
    }
    const versions = await surveyVersionsOf(db, survey.slug);
    return {
      others: versions.filter((v) => v.version !== survey.version),
      copies: await storedCopies(db, survey.slug),
    };
  });
}

/**
 * Earlier publications given with `--previous`, oldest first as given: those of this survey
 * version, or of a version in its group (`versionGroups`: it asks the same questions), are the
 * history the gate will relate a new publication to (DESIGN §8). Other versions count other
 * respondents.
 */
function readPrevious(
  paths: readonly string[],
  { slug, version }: Survey,
  versionGroups: Record<string, number>,
): Publication[] {
  const all = paths.map((path) => {
    const parsed = parsePublication(readJsonFile(path));
    if (!parsed.ok) {
      const first = parsed.errors[0];
      throw new CliError(`${path}: not a publication (${first?.path}: ${first?.message})`);
    }
    if (parsed.value.survey !== slug) {
      throw new CliError(`${path}: a publication of "${parsed.value.survey}", not "${slug}"`);
    }
    return parsed.value;
  });
  return sameRespondents({ version }, all, versionGroups);
}

/**
 * `tabulate <survey.json> --key <key.json> [--in <responses.jsonl> | --db <path>] [--k 5]
 * [--by a,b] [--previous <publication.json> ...] [--new-pattern] [--try-all]`: opens, tabulates
 * and suppresses on the coordinator's machine and prints the publication (DESIGN §7). Responses
 * come from an export file, or else straight from the database; either way they are streamed and
 * opened on every core. With earlier publications, the same history audit as the publish gate's;
 * the last one's hidden cells stay hidden (so the gate relates it to that one alone) unless
 * `--new-pattern` asks for a pattern chosen afresh against them all, as the workspace's "Look at
 * every cell again". With `--try-all`, every cell hidden as cover is tried again, however long
 * that takes (the workspace's "Check them all"), not only those the prune's budget reaches.
 */
export const tabulateCommand: Command = async (argv) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      key: { type: "string" },
      in: { type: "string" },
      k: { type: "string" },
      by: { type: "string" },
      db: { type: "string" },
      previous: { type: "string", multiple: true },
      "try-all": { type: "boolean" },
      "new-pattern": { type: "boolean" },
    },
    1,
  );
  if (!values.key) throw new CliError("tabulate needs --key <key.json>");
  const k = parseK(values.k);
  const survey = readSurvey(positionals[0] as string);
  // Responses come from an export file, or else from the database.
  const file = values.in;
  const database = values.db ?? DEFAULT_DB;
  await ready(); // for the copies, found by hashing sealed boxes, and for the key
  // From an export there are no other versions: their responses are unreadable with this key.
  const stored =
    file === undefined ? await readStored(database, survey) : { others: [], copies: [] };
  // The versions that ask its questions (surveys/wording.ts: a key rotation, an edit of texts
  // only) count its respondents: their responses count with its own, as on the results page, and
  // their publications are its history, grouped as the gate groups them (server/publish.ts).
  const alike = othersAsking(survey, stored.others);
  const versionGroups = groupVersions([survey, ...stored.others]);
  const history = readPrevious(values.previous ?? [], survey, versionGroups);
  const facts = {
    storedK: null,
    history: history.map((p, i) => ({ ...p, number: i + 1, withdrawn: false })),
    versionGroups,
  };
  const floor = checkK(k, facts);
  if (!floor.ok) throw new CliError(`--k: ${policyMessage(floor)}`);
  const pair = readKeyFile(values.key);
  if (!pair.secretKey) throw new CliError(`${values.key} has no secretKey; opening needs it`);
  const secret = { publicKey: pair.publicKey, secretKey: pair.secretKey };
  if (!openKey(secret)) throw new CliError(`${values.key} does not hold a key pair made by keygen`);

  const breakdowns = values.by?.split(",").filter((id) => id !== "");
  // Tabulating nothing checks --by before any worker starts, and is what the shares add to.
  const none = tabulate(survey, [], breakdowns ? { breakdowns } : {});
  if (!none.ok) {
    throw new CliError(
      `--by: "${none.breakdown}" is not a tabulated variable of ${survey.slug}; ` +
        `choose from ${none.variables.join(", ")}`,
    );
  }
  const job: TabulateJob = { survey, alike, pair: secret, breakdowns };
  const seen = { copies: stored.copies.length };
  const tabulated =
    file === undefined
      ? await tabulateInPool({ database, copies: stored.copies }, job, none.tables)
      : await tabulateInPool({ batches: withoutCopies(fileBatches(file), seen) }, job, none.tables);
  const growth = checkGrowth({ version: survey.version, k, responses: tabulated.responses }, facts);
  if (!growth.ok) throw new CliError(policyMessage(growth));
  const structure = surveyStructure(survey);
  const suppressed = await suppress(tabulated.tables, k, {
    history,
    structure,
    keepPattern: values["new-pattern"] !== true,
    ...(values["try-all"] ? { pruneWork: Number.POSITIVE_INFINITY } : {}),
  });
  const publication: Publication = {
    format: FORMAT,
    survey: survey.slug,
    version: survey.version,
    k,
    responses: tabulated.responses,
    unreadable: tabulated.unreadable,
    tables: hideSuppressed(suppressed.tables),
  };
  await refuseUnsafe({ publication, history, structure });
  const stdout = JSON.stringify(publication, null, 2);
  const notes = [copiesNote(seen.copies), keptNote(suppressed)].filter((n) => n !== "");
  return notes.length === 0 ? stdout : { stdout, stderr: notes.join("\n"), code: 0 };
};

/** What keeping the previous publication's pattern hides, as the workspace's note says it. */
const keptNote = ({ keptPattern, kept }: { keptPattern: boolean; kept: number }) =>
  keptPattern && kept > 0
    ? `${kept} ${kept === 1 ? "number is" : "numbers are"} hidden because the previous publication hid ${kept === 1 ? "it" : "them"}, so that the gate checks this one against that one alone; --new-pattern looks at every cell again`
    : "";
