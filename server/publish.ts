// The publish gate (DESIGN §8, issue 5): the server re-checks every publication before the
// public sees it, with the same pure audit the coordinator's browser ran. It sees only what
// would be published — suppressed counts are null — and refuses anything that breaks the rule.
import { z } from "zod";
import { type AuditFinding, audit } from "../client/lib/audit";
import { feedbackShapeProblems } from "../client/lib/feedback-tables";
import { type Key, type Publication, parsePublication, TOTAL } from "../client/lib/publication";
import { tabulatedVariables } from "../client/lib/tabulate";
import { type SchemaError, toSchemaErrors } from "../surveys/schema";
import type { Db } from "./db/client";
import { storeFeedbackPublication, storePublication } from "./db/publications";
import { surveyVersionsOf } from "./db/surveys";

/** Cells that are not statistics this survey version can have: never published. */
export interface ShapeProblem {
  table: string;
  key?: Key;
  message: string;
}

export type GateResult =
  | { ok: true; number: number }
  | { ok: false; reason: "invalid"; errors: SchemaError[] }
  | { ok: false; reason: "wrong_shape"; problems: ShapeProblem[] }
  | { ok: false; reason: "unsafe"; findings: AuditFinding[] };

/**
 * Only tabulated variables of the named version, only their categories, no answer (null) or
 * the total: this is what keeps free text and invented categories out of a publication.
 */
function shapeProblems(
  publication: Publication,
  versions: Awaited<ReturnType<typeof surveyVersionsOf>>,
): ShapeProblem[] {
  const survey = versions.find((v) => v.version === publication.version);
  if (!survey) return [{ table: "", message: `the survey has no version ${publication.version}` }];
  const categories = new Map(tabulatedVariables(survey).map((v) => [v.id, new Set(v.categories)]));
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
    for (const cell of table.cells) {
      const bad = table.variables.find((v) => {
        const value = cell.key[v];
        return value !== null && value !== TOTAL && !categories.get(v)?.has(value as string);
      });
      if (bad)
        problems.push({
          table: table.id,
          key: cell.key,
          message: `"${cell.key[bad]}" is not a category of ${bad}`,
        });
    }
  }
  return problems;
}

/** Parses, shape-checks and audits a publication; what each kind of publication shares. */
async function gate(
  slug: string,
  input: unknown,
  problemsOf: (publication: Publication) => ShapeProblem[],
  at = "$",
): Promise<Exclude<GateResult, { ok: true }> | { ok: true; publication: Publication }> {
  const parsed = parsePublication(input);
  if (!parsed.ok) {
    const errors = parsed.errors.map((e) => ({ ...e, path: e.path.replace(/^\$/, at) }));
    return { ok: false, reason: "invalid", errors };
  }
  const publication = parsed.value;
  if (publication.survey !== slug) {
    return {
      ok: false,
      reason: "invalid",
      errors: [{ path: `${at}.survey`, message: `must be "${slug}"` }],
    };
  }
  const problems = problemsOf(publication);
  if (problems.length > 0) return { ok: false, reason: "wrong_shape", problems };
  const result = await audit(publication);
  if (!result.ok) return { ok: false, reason: "unsafe", findings: result.findings };
  return { ok: true, publication };
}

export async function publish(db: Db, slug: string, input: unknown): Promise<GateResult> {
  const versions = await surveyVersionsOf(db, slug);
  const gated = await gate(slug, input, (p) => shapeProblems(p, versions));
  if (!gated.ok) return gated;
  return { ok: true, number: await storePublication(db, slug, gated.publication) };
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
 * "You said — we did" (issue 8): counts of a channel's feedback pass the same gate as survey
 * results; only the variables and categories of client/lib/feedback-tables.ts are allowed.
 */
export async function publishFeedback(db: Db, slug: string, input: unknown): Promise<GateResult> {
  const body = feedbackBody.safeParse(input);
  if (!body.success) return { ok: false, reason: "invalid", errors: toSchemaErrors(body.error) };
  const gated = await gate(slug, body.data.publication, feedbackShapeProblems, "$.publication");
  if (!gated.ok) return gated;
  const stored = { publication: gated.publication, statements: body.data.statements };
  return { ok: true, number: await storeFeedbackPublication(db, slug, stored) };
}
