// What the publish gate decides about one publication, from the publication and the facts the
// server read for it (definitions, stored k, every earlier publication): parse, shape, the
// policies of client/lib/policy.ts, then the audit (DESIGN §8). Pure and database-free: it runs
// in the gate's worker thread (./worker.ts), never on the request thread.
import { z } from "zod";
import { type AuditFinding, auditWithin } from "../../client/lib/audit";
import { feedbackShapeProblems } from "../../client/lib/feedback-tables";
import {
  checkPolicies,
  type PolicyVerdict,
  type PublishingFacts,
  sameRespondents,
} from "../../client/lib/policy";
import {
  type Category,
  type Key,
  type Publication,
  parsePublication,
  TOTAL,
} from "../../client/lib/publication";
import { CHANNEL_STRUCTURE, surveyStructure } from "../../client/lib/structure";
import { tabulatedVariables } from "../../client/lib/tabulate";
import { type SchemaError, type Survey, toSchemaErrors } from "../../surveys/schema";

/** Cells that are not statistics this survey version can have, or a grid with holes. */
export interface ShapeProblem {
  table: string;
  key?: Key;
  /** For a missing category: the variable and its categories that have no cell. */
  variable?: string;
  missing?: Category[];
  message: string;
}

export type PolicyRefusal = Exclude<PolicyVerdict, { ok: true }>;

export interface GateJob {
  kind: "survey" | "feedback";
  slug: string;
  /** Survey: the §7 publication. Feedback: `{publication, statements}`. */
  input: unknown;
  /** Every version's definition (surveys); empty for a feedback channel. */
  versions: Survey[];
  facts: PublishingFacts;
  /** Every earlier publication of the survey or channel, in publication order (SPEC §C). */
  history: Publication[];
  /** A channel's month axis (publishableMonths); empty for a survey. */
  months: string[];
  /** LP work the audit may spend (GateLimits.work). */
  work: number;
}

export type Checked =
  | { ok: true; publication: Publication; body: unknown }
  | { ok: false; reason: "invalid"; errors: SchemaError[] }
  | { ok: false; reason: "wrong_shape"; problems: ShapeProblem[] }
  | { ok: false; reason: "policy"; verdict: PolicyRefusal; field: string }
  | { ok: false; reason: "unsafe"; findings: AuditFinding[] }
  | { ok: false; reason: "over_budget"; work: number };

const label = (category: Category) => (category === null ? "null" : `"${category}"`);

/**
 * Only tabulated variables of the named version, only their categories, no answer (null) or
 * the total, and every one of them (DESIGN §8 "axes": categories come from the definition,
 * never from the data — a table without `c` says nobody chose `c`). This also keeps free
 * text and invented categories out of a publication.
 */
export function surveyShapeProblems(
  publication: Publication,
  versions: readonly Survey[],
): ShapeProblem[] {
  const survey = versions.find((v) => v.version === publication.version);
  if (!survey) return [{ table: "", message: `the survey has no version ${publication.version}` }];
  const categories = new Map(tabulatedVariables(survey).map((v) => [v.id, v.categories]));
  const problems: ShapeProblem[] = [];
  for (const table of publication.tables) {
    const unknown = table.variables.filter((v) => !categories.has(v));
    if (unknown.length > 0) {
      problems.push({
        table: table.id,
        message: `not a tabulated variable: ${unknown.join(", ")}`,
      });
      continue;
    }
    for (const variable of table.variables) {
      const defined: Category[] = [...(categories.get(variable) ?? []), null];
      const known = new Set(defined);
      const present = new Set<Category>();
      for (const cell of table.cells) {
        const value = cell.key[variable] ?? null;
        if (value === TOTAL) continue;
        present.add(value);
        if (!known.has(value)) {
          problems.push({
            table: table.id,
            key: cell.key,
            message: `"${value}" is not a category of ${variable}`,
          });
        }
      }
      // The publication schema already holds every table to the full grid of the categories
      // it names; so a category named nowhere in the table is the only way one can be missing.
      const missing = defined.filter((c) => !present.has(c));
      if (missing.length > 0) {
        problems.push({
          table: table.id,
          variable,
          missing,
          message: `table ${table.id} lacks categories of ${variable}: ${missing.map(label).join(", ")}`,
        });
      }
    }
  }
  return problems;
}

const language = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, "must be a language code");
const feedbackBody = z.strictObject({
  publication: z.unknown(),
  /** "We did": the organization's own words, published as written; never a person's message. */
  statements: z
    .array(
      z.strictObject({
        text: z.record(language, z.string().trim().min(1).max(500)),
        month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM"),
      }),
    )
    .max(20),
});

/**
 * The audit of DESIGN §8 with everything an attacker has: the earlier publications of the same
 * respondents (withdrawn ones included) and the structure of the survey version, or the
 * closing months of a channel.
 */
function auditOf(job: GateJob, publication: Publication, survey: Survey | undefined) {
  return auditWithin(
    {
      publication,
      history: sameRespondents(publication, job.history, job.facts.versionGroups),
      structure: survey ? surveyStructure(survey) : CHANNEL_STRUCTURE,
    },
    job.work,
  );
}

/** Everything the gate decides, in order; the first refusal is the answer. */
export async function checkPublication(job: GateJob): Promise<Checked> {
  let input = job.input;
  let at = "$";
  let statements: z.infer<typeof feedbackBody>["statements"] = [];
  if (job.kind === "feedback") {
    const body = feedbackBody.safeParse(job.input);
    if (!body.success) return { ok: false, reason: "invalid", errors: toSchemaErrors(body.error) };
    input = body.data.publication;
    statements = body.data.statements;
    at = "$.publication";
  }
  const parsed = parsePublication(input);
  if (!parsed.ok) {
    const errors = parsed.errors.map((e) => ({ ...e, path: e.path.replace(/^\$/, at) }));
    return { ok: false, reason: "invalid", errors };
  }
  const publication = parsed.value;
  if (publication.survey !== job.slug) {
    return {
      ok: false,
      reason: "invalid",
      errors: [{ path: `${at}.survey`, message: `must be "${job.slug}"` }],
    };
  }
  // Feedback categories are the lead's (fixed month window and country list, issue 12).
  const problems =
    job.kind === "survey"
      ? surveyShapeProblems(publication, job.versions)
      : feedbackShapeProblems(publication, job.months, job.history);
  if (problems.length > 0) return { ok: false, reason: "wrong_shape", problems };
  const verdict = checkPolicies(publication, job.facts);
  if (!verdict.ok) {
    return { ok: false, reason: "policy", verdict, field: verdict.field.replace(/^\$/, at) };
  }
  const survey = job.versions.find((v) => v.version === publication.version);
  const result = await auditOf(job, publication, job.kind === "survey" ? survey : undefined);
  if (result === "over_budget") return { ok: false, reason: "over_budget", work: job.work };
  if (!result.ok) return { ok: false, reason: "unsafe", findings: result.findings };
  const body = job.kind === "feedback" ? { publication, statements } : publication;
  return { ok: true, publication, body };
}
