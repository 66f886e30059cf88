// The respondent form without JavaScript (issue 6 item 4): what one posted page means and which
// page comes next. Answers travel between pages only in the form's own hidden fields — never in
// storage, a cookie or the URL — so this module reads them back, checks them with zod, and walks
// the questions with the same rules as the script (form.ts, ../lib/answers.ts). UI-free; only
// the server calls it.
import { z } from "zod";
import { jsonPath, type Survey } from "../../surveys/schema";
import {
  type FieldProblem,
  type FormValues,
  firstProblem,
  nextShown,
  previousShown,
  problemOf,
} from "./form";

/** Field names of the form; an answer is `q-<question id>`, as in the script's controls. */
export const answerField = (questionId: string) => `q-${questionId}`;

/** The page being left and the button pressed on it. */
export interface PostedPage {
  language: string;
  /** A question's index in `survey.questions`, or the review. */
  step: number | "review";
  go: "next" | "back" | "send";
  values: FormValues;
  code: string | undefined;
  /** Chosen when the review was shown, so that sending the same page twice stores it once. */
  id: string | undefined;
}

export type Decoded =
  | { ok: true; page: PostedPage }
  | { ok: false; field: string; message: string };

/** The longest answer a survey may allow (schema: text maxLength ≤ 10,000). */
const LONGEST_ANSWER = 10_000;

function formShape(survey: Survey) {
  const answers: Record<string, z.ZodType<string | string[] | undefined>> = {};
  for (const question of survey.questions) {
    answers[answerField(question.id)] = (
      question.type === "multi"
        ? z.array(z.string().max(40)).max(question.options.length)
        : z.string().max(LONGEST_ANSWER)
    ).optional();
  }
  return z.strictObject({
    lang: z
      .string()
      .refine((language) => survey.languages.includes(language), "is not a language of this survey")
      .optional(),
    step: z.union([
      z.literal("review"),
      z
        .string()
        .regex(/^\d{1,4}$/, 'must be a question number or "review"')
        .transform(Number)
        .refine((index) => index < survey.questions.length, "is not a question of this survey"),
    ]),
    go: z.enum(["next", "back", "send"]),
    code: z.string().max(40).optional(),
    id: z.uuid({ version: "v4", message: "must be a random UUID (version 4)" }).optional(),
    ...answers,
  });
}

/**
 * Reads an `application/x-www-form-urlencoded` body. Every field but a multi question's appears
 * at most once; anything unknown, repeated or too long is refused, naming the field.
 */
export function decodePage(survey: Survey, body: URLSearchParams): Decoded {
  const multi = new Set(
    survey.questions.filter((q) => q.type === "multi").map((q) => answerField(q.id)),
  );
  const raw: Record<string, string | string[]> = {};
  for (const name of new Set(body.keys())) {
    const all = body.getAll(name);
    // Browsers send line breaks as CRLF; the script (and a textarea's maxlength) count one.
    raw[name] = multi.has(name) || all.length > 1 ? all : (all[0] ?? "").replace(/\r\n/g, "\n");
  }
  const parsed = formShape(survey).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.code === "unrecognized_keys" ? [issue.keys[0] ?? ""] : (issue?.path ?? []);
    // A form's fields are named, not nested: report the name itself, e.g. "q-country".
    const field = typeof path[0] === "string" ? path[0] : jsonPath(path);
    return { ok: false, field, message: issue?.message ?? "invalid form" };
  }
  const { lang, step, go, code, id, ...rest } = parsed.data;
  // The shape spreads one field per question; zod cannot name them in the inferred type.
  const answers = rest as Record<string, string | string[] | undefined>;
  const values: FormValues = {};
  for (const question of survey.questions) {
    const value = answers[answerField(question.id)];
    if (value !== undefined) values[question.id] = value;
  }
  return {
    ok: true,
    page: {
      language: lang ?? survey.languages[0] ?? "es",
      step,
      go,
      values,
      code: code?.trim() || undefined,
      id,
    },
  };
}

/** What to do with a posted page: show a question (with what is wrong), the review, or send. */
export type NextPage =
  | { kind: "question"; index: number; problem: FieldProblem | null }
  | { kind: "review" }
  | { kind: "send" };

export function nextPage(survey: Survey, { step, go, values }: PostedPage): NextPage {
  const end = survey.questions.length;
  if (go === "back") {
    const previous = previousShown(survey, values, step === "review" ? end : step);
    return { kind: "question", index: previous ?? 0, problem: null };
  }
  if (step !== "review") {
    const question = survey.questions[step];
    const problem = question ? problemOf(question, values) : null;
    if (problem) return { kind: "question", index: step, problem };
    const next = nextShown(survey, values, step);
    return next === null ? { kind: "review" } : { kind: "question", index: next, problem: null };
  }
  // Hidden fields can be edited: every shown answer is checked again before anything is sealed.
  const problem = firstProblem(survey, values);
  if (problem === null) return { kind: "send" };
  const question = survey.questions[problem];
  return {
    kind: "question",
    index: problem,
    problem: question ? problemOf(question, values) : null,
  };
}
