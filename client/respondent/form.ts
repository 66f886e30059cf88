// What the respondent has typed and ticked, and how it becomes the envelope's answers
// (DESIGN §4). "Shown", "required" and "in range" come from client/lib/answers.ts; this file
// only reads form values and walks the questions. UI-free.
import type { Question, Survey } from "../../surveys/schema";
import {
  type AnswerProblem,
  type Answers,
  checkAnswer,
  isEmpty,
  offeredOptions,
  pruneHidden,
  shownQuestions,
} from "../lib/answers";
import { cleanText } from "../lib/envelope";

/**
 * Form values by question id: an option id (single), option ids (multi), or the text typed
 * (number and text). Numbers stay text until read, so "2," or "1.50" are never rewritten
 * under the respondent's fingers.
 */
export type FormValues = Record<string, string | string[]>;

/** A problem with one question's form value: the shared answer rules, or a number we cannot read. */
export type FieldProblem = AnswerProblem | "not_a_number";

const NUMBER = /^-?\d+(?:[.,]\d+)?$/;
/** One separator followed by exactly three digits: "1.500" or "1,500". */
const THOUSANDS_OR_DECIMAL = /[.,]\d{3}$/;

/**
 * A decimal comma is read as a point: most respondents write "2,5". A separator before exactly
 * three digits is not read at all: in Chile, Colombia or Venezuela "1.500" is one thousand five
 * hundred, in Mexico or the US it is one and a half, and "1,500" the other way round. It was
 * stored as 1.5 without a word (QA pass, 5 December); now the message asks for the number
 * without thousands separators.
 */
export function readNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed) || THOUSANDS_OR_DECIMAL.test(trimmed)) return null;
  return Number(trimmed.replace(",", "."));
}

/**
 * A month as "YYYY-MM". Browsers without a month control give a text field, where people write
 * "5/2019" or "2019/05"; anything else stays as typed, for the rules to call it not a month.
 */
export function readMonth(text: string): string {
  const trimmed = text.trim();
  const yearFirst = trimmed.match(/^(\d{4})[-/.](\d{1,2})$/);
  const monthFirst = trimmed.match(/^(\d{1,2})[-/.](\d{4})$/);
  const [year, month] = yearFirst
    ? [yearFirst[1], yearFirst[2]]
    : monthFirst
      ? [monthFirst[2], monthFirst[1]]
      : [];
  if (year === undefined || month === undefined || Number(month) < 1 || Number(month) > 12) {
    return trimmed;
  }
  return `${year}-${month.padStart(2, "0")}`;
}

function answerOf(question: Question, value: string | string[] | undefined) {
  if (value === undefined) return undefined;
  if (question.type === "number") {
    return typeof value === "string" ? (readNumber(value) ?? undefined) : undefined;
  }
  // Cleaned, so that no answer outgrows the size every response is padded to (envelope.ts).
  if (question.type === "text")
    return typeof value === "string" ? cleanText(value).trim() : undefined;
  if (question.type === "month") return typeof value === "string" ? readMonth(value) : undefined;
  return value;
}

/**
 * The values after one change. Choices of a filtered question that the new parent answer no
 * longer offers are dropped (country → region: another country's region is not an answer).
 */
export function withValue(
  survey: Survey,
  values: FormValues,
  question: Question,
  value: string | string[],
): FormValues {
  const next: FormValues = { ...values, [question.id]: value };
  for (const child of survey.questions) {
    if ((child.type !== "single" && child.type !== "multi") || child.filterBy !== question.id) {
      continue;
    }
    const given = next[child.id];
    if (given === undefined) continue;
    const offered = new Set(offeredOptions(child, toAnswers(survey, next)).map((o) => o.id));
    const kept = Array.isArray(given) ? given.filter((id) => offered.has(id)) : given;
    if (Array.isArray(kept) ? kept.length === given.length : offered.has(kept)) continue;
    if (Array.isArray(kept) && kept.length > 0) next[child.id] = kept;
    else delete next[child.id];
  }
  return next;
}

/**
 * The answers an envelope carries: only questions still shown (a later change may have hidden
 * one), and no key for an unanswered question, as DESIGN §4 requires.
 */
export function toAnswers(survey: Survey, values: FormValues): Answers {
  const answers: Answers = {};
  for (const question of survey.questions) {
    const answer = answerOf(question, values[question.id]);
    if (answer !== undefined && !isEmpty(answer)) answers[question.id] = answer;
  }
  return pruneHidden(survey, answers);
}

export function problemOf(question: Question, values: FormValues): FieldProblem | null {
  const value = values[question.id];
  if (question.type === "number" && typeof value === "string" && value.trim() !== "") {
    if (readNumber(value) === null) return "not_a_number";
  }
  const answer = answerOf(question, value);
  return checkAnswer(
    question,
    answer !== undefined && isEmpty(answer) ? undefined : answer,
    parentAnswer(question, values),
  );
}

/** A filtered question's answer must be offered for its parent's answer (choice filters). */
function parentAnswer(question: Question, values: FormValues): Answers {
  if (question.type !== "single" && question.type !== "multi") return {};
  const parent = question.filterBy === undefined ? undefined : values[question.filterBy];
  return question.filterBy !== undefined && typeof parent === "string"
    ? { [question.filterBy]: parent }
    : {};
}

/** Indexes (in `survey.questions`) of the questions shown after these values. */
export function shownIndexes(survey: Survey, values: FormValues): Set<number> {
  const shown = new Set(shownQuestions(survey, toAnswers(survey, values)));
  return new Set(survey.questions.flatMap((q, i) => (shown.has(q) ? [i] : [])));
}

/** Index (in `survey.questions`) of the next shown question after `from`, or null at the end. */
export function nextShown(survey: Survey, values: FormValues, from: number): number | null {
  const shown = shownIndexes(survey, values);
  for (let i = from + 1; i < survey.questions.length; i++) if (shown.has(i)) return i;
  return null;
}

export function previousShown(survey: Survey, values: FormValues, from: number): number | null {
  const shown = shownIndexes(survey, values);
  for (let i = from - 1; i >= 0; i--) if (shown.has(i)) return i;
  return null;
}

/** The first shown question whose answer is missing or wrong: where review sends people back. */
export function firstProblem(survey: Survey, values: FormValues): number | null {
  const shown = shownIndexes(survey, values);
  const index = survey.questions.findIndex(
    (question, i) => shown.has(i) && problemOf(question, values) !== null,
  );
  return index === -1 ? null : index;
}
