// A draft is a survey still being written: everything of the contract holds except that some
// texts may lack a translation (issue 16: a designer saves while the Haitian Creole is still
// with the translator). Missing texts block opening and publishing, never saving.
import { type ParseResult, parseSurvey, type SchemaError, type Survey } from "./schema";

export interface MissingTranslation {
  /** JSON path of the text, e.g. `$.questions[2].hint.ht`. */
  path: string;
  language: string;
}

export type ParsedDraft =
  | { ok: true; value: Survey; missing: MissingTranslation[] }
  | { ok: false; errors: SchemaError[] };

const MISSING = /^missing the "(.+)" text$/;
const LAST = /\.([^.[\]]+)$/;

/** A schema error that only says a text of one language is absent or empty. */
function missingOf(error: SchemaError, languages: readonly string[]): MissingTranslation | null {
  const language = error.path.match(LAST)?.[1];
  if (!language || !languages.includes(language)) return null;
  if (MISSING.test(error.message) || error.message === "must not be empty") {
    return { path: error.path, language };
  }
  return null;
}

/** `$.questions[2].hint` → ["questions", 2, "hint"]. */
function steps(path: string): (string | number)[] {
  return [...path.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)].map((m) =>
    m[2] === undefined ? (m[1] as string) : Number(m[2]),
  );
}

function setAt(root: unknown, path: string, value: string | undefined): void {
  const keys = steps(path);
  const last = keys.pop();
  let at = root as Record<string | number, unknown>;
  for (const key of keys) at = at[key] as Record<string | number, unknown>;
  if (value === undefined) delete at[last as string];
  else at[last as string] = value;
}

const valueAt = (root: unknown, path: string): unknown =>
  steps(path).reduce<unknown>(
    (at, key) => (at as Record<string | number, unknown> | undefined)?.[key],
    root,
  );

/**
 * Parses a draft: the survey contract with missing translations allowed. Each missing text is
 * filled with a stand-in so that the rest of the contract is checked (zod checks translations
 * only once the shape is right, so this may take a few rounds), then put back as it was.
 */
export function parseDraft(input: unknown): ParsedDraft {
  const languages =
    typeof input === "object" && input !== null && Array.isArray((input as Survey).languages)
      ? (input as Survey).languages.filter((l): l is string => typeof l === "string")
      : [];
  const copy = structuredClone(input);
  const missing: MissingTranslation[] = [];
  const originals = new Map<string, string | undefined>();
  let parsed: ParseResult<Survey> = parseSurvey(copy);
  // One text per round at worst; a survey has far fewer levels of nesting than this.
  for (let round = 0; round < 4 && !parsed.ok; round++) {
    const found = parsed.errors.map((e) => missingOf(e, languages));
    if (found.some((m) => m === null)) break;
    for (const m of found as MissingTranslation[]) {
      if (originals.has(m.path)) continue;
      const before = valueAt(copy, m.path);
      originals.set(m.path, typeof before === "string" ? before : undefined);
      setAt(copy, m.path, "…");
      missing.push(m);
    }
    parsed = parseSurvey(copy);
  }
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  for (const [path, before] of originals) setAt(value, path, before);
  return { ok: true, value, missing };
}

/** What a designer reads: "question 3 (visa): the hint in ht" for `$.questions[2].hint.ht`. */
export function describeMissing(survey: Survey, missing: MissingTranslation): string {
  const keys = steps(missing.path).slice(0, -1);
  const [first, index, ...rest] = keys;
  let where: string;
  if (first === "questions" && typeof index === "number") {
    const question = survey.questions[index];
    const field = rest
      .map((k) => (typeof k === "number" ? `${k + 1}` : k === "options" ? "option" : k))
      .join(" ");
    where = `question ${index + 1} (${question?.id ?? "?"}): the ${field}`;
  } else if (first === "sections" && typeof index === "number") {
    where = `page ${index + 1} (${survey.sections?.[index]?.id ?? "?"}): the ${rest.join(" ")}`;
  } else {
    where = `the survey's ${keys.join(" ")}`;
  }
  return `${where} in "${missing.language}"`;
}
