// The shape of a survey definition, field by field (docs/survey-format.md). The rules across
// fields are in references.ts; schema.ts joins the two into the one contract.
import { z } from "zod";
import { condition, id, idOrIds } from "./condition";
import { LANGUAGE, MONTH } from "./formats";

const SLUG = /^[a-z0-9-]{3,64}$/;

const text = z.record(z.string(), z.string().min(1, "must not be empty"));
const month = z.string().regex(MONTH, "must be a month written YYYY-MM");
const finite = z.number().finite();

const option = z.strictObject({
  id,
  label: text,
  /** Multi only: chosen alone or not at all ("none", "prefer not to say"). */
  exclusive: z.boolean().optional(),
  /** With the question's `filterBy`: the parent's options for which this one is offered. */
  for: idOrIds.optional(),
});

const shared = {
  id,
  label: text,
  hint: text.optional(),
  showIf: condition.optional(),
  /** The section (page) this question belongs to; its questions are contiguous. */
  section: id.optional(),
};
const answerable = { ...shared, required: z.boolean().optional() };
/** Shown instead of the generic message when min, max, integer, maxLength or exclusive fails. */
const constraintMessage = text.optional();

const question = z.discriminatedUnion("type", [
  z.strictObject({
    ...answerable,
    type: z.literal("single"),
    options: z.array(option).min(2),
    filterBy: id.optional(),
  }),
  z.strictObject({
    ...answerable,
    type: z.literal("multi"),
    options: z.array(option).min(2),
    filterBy: id.optional(),
    constraintMessage,
  }),
  z.strictObject({
    ...answerable,
    type: z.literal("number"),
    min: finite.optional(),
    max: finite.optional(),
    integer: z.boolean().optional(),
    bins: z.array(finite).min(1).optional(),
    constraintMessage,
  }),
  z.strictObject({
    ...answerable,
    type: z.literal("text"),
    maxLength: z.number().int().min(1).max(10_000).optional(),
    /** Other-specify: shown exactly when that option of an earlier question is chosen. */
    specifies: z.strictObject({ question: id, option: id }).optional(),
    constraintMessage,
  }),
  z.strictObject({
    ...answerable,
    type: z.literal("month"),
    min: month.optional(),
    max: month.optional(),
    bins: z.array(month).min(1).optional(),
    constraintMessage,
  }),
  z.strictObject({
    ...shared,
    type: z.literal("note"),
    // Typed as absent, so code can read `question.required` of any question.
    required: z.never({ error: "a note is never answered, so it cannot be required" }).optional(),
  }),
]);

const section = z.strictObject({
  id,
  title: text.optional(),
  intro: text.optional(),
  showIf: condition.optional(),
});

export const surveyShape = z.strictObject({
  slug: z.string().regex(SLUG, "must match [a-z0-9-]{3,64}"),
  version: z.number().int().min(1),
  languages: z
    .array(z.string().regex(LANGUAGE, "must be a BCP 47 language tag such as es or fa-AF"))
    .min(1),
  /** Each language's name in that language, for the language picker; Intl's name otherwise. */
  languageNames: z.record(z.string(), z.string().min(1, "must not be empty")).optional(),
  title: text,
  intro: text.optional(),
  breakdowns: z.array(id),
  sections: z.array(section).optional(),
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
export type Section = NonNullable<Survey["sections"]>[number];
export type Option = z.infer<typeof option>;
export type Text = z.infer<typeof text>;
/** Questions that take an answer: every kind but notes. */
export type AnswerableQuestion = Exclude<Question, { type: "note" }>;
export type ChoiceQuestion = Extract<Question, { type: "single" | "multi" }>;
