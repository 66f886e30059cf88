// The one contract for a survey definition (DESIGN §3, with the additions of issue 14 described
// in docs/survey-format.md). Everything that reads a survey — server, respondent page, CLI,
// tabulation, the disclosure audit — parses it through here first.
import type { z } from "zod";
import { checkReferences } from "./references";
import {
  type AnswerableQuestion,
  type ChoiceQuestion,
  type Question,
  type Survey,
  surveyShape,
} from "./shape";

export type { Comparison, Condition } from "./condition";
export type {
  AnswerableQuestion,
  ChoiceQuestion,
  Option,
  Question,
  QuestionType,
  Section,
  Survey,
  Text,
} from "./shape";

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

export function isAnswerable(question: Question): question is AnswerableQuestion {
  return question.type !== "note";
}

export function isChoice(question: Question): question is ChoiceQuestion {
  return question.type === "single" || question.type === "multi";
}
