// The one contract for a survey definition (DESIGN §3). Everything that reads a survey —
// server, respondent page, CLI, tabulation — parses it through here first.
import { z } from "zod";

const ID = /^[a-z0-9_]{1,40}$/;
const SLUG = /^[a-z0-9-]{3,64}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;

// Answers are keyed by question id in plain objects; these two names would collide with
// Object.prototype and make every envelope of the survey unreadable.
const RESERVED_IDS = new Set(["constructor", "__proto__"]);

const id = z
  .string()
  .regex(ID, "must match [a-z0-9_]{1,40}")
  .refine((value) => !RESERVED_IDS.has(value), "is reserved; choose another id");
const text = z.record(z.string(), z.string().min(1, "must not be empty"));

const option = z.strictObject({ id, label: text });

const showIf = z.strictObject({
  question: id,
  equals: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
});

const common = {
  id,
  label: text,
  hint: text.optional(),
  required: z.boolean().optional(),
  showIf: showIf.optional(),
};

const finite = z.number().finite();

const question = z.discriminatedUnion("type", [
  z.strictObject({ ...common, type: z.literal("single"), options: z.array(option).min(2) }),
  z.strictObject({ ...common, type: z.literal("multi"), options: z.array(option).min(2) }),
  z.strictObject({
    ...common,
    type: z.literal("number"),
    min: finite.optional(),
    max: finite.optional(),
    bins: z.array(finite).min(1).optional(),
  }),
  z.strictObject({
    ...common,
    type: z.literal("text"),
    maxLength: z.number().int().min(1).max(10_000).optional(),
  }),
]);

const surveyShape = z.strictObject({
  slug: z.string().regex(SLUG, "must match [a-z0-9-]{3,64}"),
  version: z.number().int().min(1),
  languages: z.array(z.string().regex(LANGUAGE, "must be a language code such as es")).min(1),
  title: text,
  intro: text.optional(),
  breakdowns: z.array(id),
  questions: z.array(question).min(1),
  /** Issue 6: the plain-HTML form for browsers without JavaScript; absent means allowed. */
  withoutJavaScript: z.boolean().optional(),
  /**
   * Issue 6 item 3: keep unsent answers on the phone (localStorage) so a respondent can resume
   * after closing the page; cleared once sent. Off unless set: phones are often shared.
   */
  resumeOnDevice: z.boolean().optional(),
});

export type Survey = z.infer<typeof surveyShape>;
export type Question = Survey["questions"][number];
export type QuestionType = Question["type"];
export type Text = z.infer<typeof text>;

type Path = (string | number)[];

/** Rules zod cannot express field by field: cross references and translations. */
function checkReferences(survey: Survey, ctx: z.RefinementCtx): void {
  const issue = (path: Path, message: string) => ctx.addIssue({ code: "custom", path, message });
  const checkText = (value: Text | undefined, path: Path) => {
    if (!value) return;
    for (const language of survey.languages) {
      if (!(language in value)) issue([...path, language], `missing the "${language}" text`);
    }
    for (const language of Object.keys(value)) {
      if (!survey.languages.includes(language)) {
        issue([...path, language], `"${language}" is not one of the survey's languages`);
      }
    }
  };

  if (new Set(survey.languages).size !== survey.languages.length) {
    issue(["languages"], "languages must not repeat");
  }
  checkText(survey.title, ["title"]);
  checkText(survey.intro, ["intro"]);

  const seen = new Map<string, number>();
  survey.questions.forEach((q, i) => {
    const at: Path = ["questions", i];
    if (seen.has(q.id)) issue([...at, "id"], `duplicate question id "${q.id}"`);
    seen.set(q.id, i);
    checkText(q.label, [...at, "label"]);
    checkText(q.hint, [...at, "hint"]);

    if (q.type === "single" || q.type === "multi") {
      const optionIds = new Set<string>();
      q.options.forEach((o, j) => {
        if (optionIds.has(o.id))
          issue([...at, "options", j, "id"], `duplicate option id "${o.id}"`);
        optionIds.add(o.id);
        checkText(o.label, [...at, "options", j, "label"]);
      });
    }
    if (q.type === "number") {
      if (q.min !== undefined && q.max !== undefined && q.min > q.max) {
        issue([...at, "max"], "max must not be below min");
      }
      q.bins?.forEach((edge, j) => {
        const previous = q.bins?.[j - 1];
        if (previous !== undefined && edge <= previous) {
          issue([...at, "bins", j], "bins must be strictly increasing");
        }
      });
    }

    if (q.showIf) {
      // A condition may only look back: answers are given in order, and this rules out cycles.
      const target = seen.get(q.showIf.question);
      const targetQuestion = target === undefined ? undefined : survey.questions[target];
      if (!targetQuestion || target === i) {
        issue([...at, "showIf", "question"], `"${q.showIf.question}" is not an earlier question`);
      } else if (targetQuestion.type !== "single" && targetQuestion.type !== "multi") {
        issue([...at, "showIf", "question"], "showIf must refer to a single or multi question");
      } else {
        const allowed = new Set(targetQuestion.options.map((o) => o.id));
        const wanted = Array.isArray(q.showIf.equals) ? q.showIf.equals : [q.showIf.equals];
        wanted.forEach((value, j) => {
          if (!allowed.has(value)) {
            const path: Path = Array.isArray(q.showIf?.equals)
              ? [...at, "showIf", "equals", j]
              : [...at, "showIf", "equals"];
            issue(path, `"${value}" is not an option of "${targetQuestion.id}"`);
          }
        });
      }
    }
  });

  const breakdowns = new Set<string>();
  survey.breakdowns.forEach((b, i) => {
    const target = survey.questions.find((q) => q.id === b);
    if (breakdowns.has(b)) issue(["breakdowns", i], `duplicate breakdown "${b}"`);
    breakdowns.add(b);
    if (!target) issue(["breakdowns", i], `"${b}" is not a question id`);
    else if (target.type !== "single") issue(["breakdowns", i], `"${b}" is not a single question`);
  });
}

export const surveySchema = surveyShape.superRefine(checkReferences);

export interface SchemaError {
  /** JSON path such as `$.questions[3].options[0].label.pt`. */
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: SchemaError[] };

export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === "number" ? `${out}[${part}]` : `${out}.${String(part)}`),
    "$",
  );
}

/** An unknown field is reported at its own path, e.g. `$.questions[1].colour`. */
export function toSchemaErrors(error: z.ZodError): SchemaError[] {
  return error.issues.map((issue) => ({
    path: jsonPath(
      issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path,
    ),
    message: issue.message,
  }));
}

export function parseSurvey(input: unknown): ParseResult<Survey> {
  const result = surveySchema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: toSchemaErrors(result.error) };
}

export function questionById(survey: Survey, questionId: string): Question | undefined {
  return survey.questions.find((q) => q.id === questionId);
}
