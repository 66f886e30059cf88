// Caps on a survey definition (issue 13 item 3): far above any real questionnaire, low enough
// that no definition can make the server, a respondent's phone or the disclosure audit do
// unbounded work (v0.1 took a 4.6 MB survey and re-rendered it on every page view). Checked
// where a definition comes in — the workspace and the CLI — not when a stored one is read.
import { parseSurvey, type SchemaError, type Survey } from "./schema";

export const SURVEY_LIMITS = {
  /** The definition as JSON, in UTF-8 bytes. The passport survey is 16 KB. */
  bytes: 512 * 1024,
  languages: 12,
  questions: 300,
  sections: 100,
  /** Options of one question: every country in the world fits. */
  options: 300,
  /** Characters of any one text in one language: a label, a hint, an intro, a consent. */
  textChars: 4000,
} as const;

const count = (n: number) => n.toLocaleString("en");

/** Every cap the survey exceeds, each naming the cap and where. */
export function checkLimits(survey: Survey): SchemaError[] {
  const errors: SchemaError[] = [];
  const bytes = Buffer.byteLength(JSON.stringify(survey), "utf8");
  if (bytes > SURVEY_LIMITS.bytes) {
    errors.push({
      path: "$",
      message: `the survey is ${count(bytes)} bytes; the cap is ${count(SURVEY_LIMITS.bytes)} bytes`,
    });
  }
  const within = (path: string, n: number, cap: number, what: string) => {
    if (n > cap) errors.push({ path, message: `${count(n)} ${what}; the cap is ${count(cap)}` });
  };
  within("$.languages", survey.languages.length, SURVEY_LIMITS.languages, "languages");
  within("$.questions", survey.questions.length, SURVEY_LIMITS.questions, "questions");
  within("$.sections", survey.sections?.length ?? 0, SURVEY_LIMITS.sections, "sections");
  survey.questions.forEach((question, i) => {
    if ("options" in question) {
      within(
        `$.questions[${i}].options`,
        question.options.length,
        SURVEY_LIMITS.options,
        "options in one question",
      );
    }
  });
  // Every string anywhere in the definition: texts in every language, and whatever an
  // addition to the format brings, without this file having to know it.
  const visit = (value: unknown, path: string) => {
    if (typeof value === "string") {
      if (value.length > SURVEY_LIMITS.textChars) {
        errors.push({
          path,
          message: `a text of ${count(value.length)} characters; the cap is ${count(SURVEY_LIMITS.textChars)} characters`,
        });
      }
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, `${path}[${i}]`);
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) visit(item, `${path}.${key}`);
    }
  };
  visit(survey, "$");
  return errors;
}

/** parseSurvey, then the caps: for definitions coming in, never for stored ones. */
export function parseNewSurvey(input: unknown): ReturnType<typeof parseSurvey> {
  const parsed = parseSurvey(input);
  if (!parsed.ok) return parsed;
  const errors = checkLimits(parsed.value);
  return errors.length === 0 ? parsed : { ok: false, errors };
}
