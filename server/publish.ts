// The publish gate (DESIGN §8, issue 5): the server re-checks every publication before the
// public sees it, with the same pure audit the coordinator's browser ran. It sees only what
// would be published — suppressed counts are null — and refuses anything that breaks the rule.
import { type AuditFinding, audit } from "../client/lib/audit";
import { type Key, type Publication, parsePublication, TOTAL } from "../client/lib/publication";
import { tabulatedVariables } from "../client/lib/tabulate";
import type { SchemaError } from "../surveys/schema";
import type { Db } from "./db/client";
import { storePublication } from "./db/publications";
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
  versions: ReturnType<typeof surveyVersionsOf>,
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

export async function publish(db: Db, slug: string, input: unknown): Promise<GateResult> {
  const parsed = parsePublication(input);
  if (!parsed.ok) return { ok: false, reason: "invalid", errors: parsed.errors };
  const publication = parsed.value;
  if (publication.survey !== slug) {
    return {
      ok: false,
      reason: "invalid",
      errors: [{ path: "$.survey", message: `must be "${slug}"` }],
    };
  }
  const problems = shapeProblems(publication, surveyVersionsOf(db, slug));
  if (problems.length > 0) return { ok: false, reason: "wrong_shape", problems };
  const result = await audit(publication);
  if (!result.ok) return { ok: false, reason: "unsafe", findings: result.findings };
  return { ok: true, number: storePublication(db, slug, publication) };
}
