// The coordinator's results as a report (issue 16): per question, who was asked, who answered,
// and the counts among those who answered — straight from the opened answers, so that people
// never shown a question ("not asked": its conditions were false) are told apart from people
// who were shown it and skipped it ("no answer"). True counts, for the coordinator's eyes only:
// what is published goes through tabulate and suppress instead. UI-free.
import type { Question, Survey } from "../../surveys/schema";
import { type Answers, isEmpty, shownQuestions } from "./answers";
import { binIds, binOf } from "./tabulate";

/** An opened response and the ids of the questions its survey's conditions showed. */
export interface Asked {
  answers: Answers;
  shown: ReadonlySet<string>;
}

/**
 * Which questions each response was shown, by the shared evaluator the respondent page runs
 * (sections, `showIf`, filters, other-specify): worked out once per response, read per question.
 */
export function withAsked(survey: Survey, responses: readonly Answers[]): Asked[] {
  return responses.map((answers) => ({
    answers,
    shown: new Set(shownQuestions(survey, answers).map((q) => q.id)),
  }));
}

/** Month bin ids (SPEC §A): `"<lo>/<hi>"` for lo ≤ x < hi, `"<lo>+"` for the last edge on. */
function monthBinIds(edges: readonly string[]): string[] {
  return edges.map((lo, i) => {
    const hi = edges[i + 1];
    return hi === undefined ? `${lo}+` : `${lo}/${hi}`;
  });
}

/** "YYYY-MM" sorts as it reads, so months compare as strings. */
function monthBinOf(edges: readonly string[], value: string): number {
  let bin = 0;
  while (bin + 1 < edges.length && value >= (edges[bin + 1] as string)) bin++;
  return bin;
}

/** A category a question's answers fall into: an option id or a bin id (DESIGN §7). */
export interface CategoryCount {
  id: string;
  count: number;
}

export interface NumberStatistics {
  min: number;
  median: number;
  max: number;
}

export interface QuestionSummary {
  question: Question;
  /**
   * single and binned number: exactly one category per answer, shares add up to 100 %;
   * multi: several options per answer, each share is of those who answered.
   */
  kind: "single" | "multi" | "bins" | "number" | "text";
  /** Every opened response. */
  responses: number;
  /** Those the survey's conditions showed the question to. */
  asked: number;
  /** Those asked who answered: the denominator of every share. */
  answered: number;
  categories: CategoryCount[];
  statistics: NumberStatistics | null;
}

/** The categories a question is reported in, in the survey's order; empty for free answers. */
export function categoryIds(question: Question): string[] {
  if (question.type === "single" || question.type === "multi") {
    return question.options.map((o) => o.id);
  }
  if (question.type === "number" && question.bins) return binIds(question.bins);
  if (question.type === "month" && question.bins) return monthBinIds(question.bins);
  return [];
}

function kindOf(question: Question): QuestionSummary["kind"] {
  if (question.type === "single" || question.type === "multi") return question.type;
  if (question.type === "number" || question.type === "month") {
    return question.bins ? "bins" : question.type === "number" ? "number" : "text";
  }
  return "text";
}

/** The category ids one answer falls into (none when unanswered). */
function categoriesOfAnswer(question: Question, value: Answers[string] | undefined): string[] {
  if (value === undefined || isEmpty(value)) return [];
  if (question.type === "single" && typeof value === "string") return [value];
  if (question.type === "multi" && Array.isArray(value)) return value;
  if (question.type === "number" && question.bins && typeof value === "number") {
    return [binIds(question.bins)[binOf(question.bins, value)] as string];
  }
  if (question.type === "month" && question.bins && typeof value === "string") {
    return [monthBinIds(question.bins)[monthBinOf(question.bins, value)] as string];
  }
  return [];
}

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function summarizeQuestion(
  question: Question,
  responses: readonly Asked[],
): QuestionSummary {
  const ids = categoryIds(question);
  const counts = new Map(ids.map((id) => [id, 0]));
  const numbers: number[] = [];
  let asked = 0;
  let answered = 0;
  for (const { answers, shown } of responses) {
    if (!shown.has(question.id)) continue;
    asked++;
    const value = answers[question.id];
    if (value === undefined || isEmpty(value)) continue;
    answered++;
    if (typeof value === "number") numbers.push(value);
    for (const id of categoriesOfAnswer(question, value)) {
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  numbers.sort((a, b) => a - b);
  return {
    question,
    kind: kindOf(question),
    responses: responses.length,
    asked,
    answered,
    categories: ids.map((id) => ({ id, count: counts.get(id) ?? 0 })),
    statistics:
      question.type === "number" && numbers.length > 0
        ? {
            min: numbers[0] as number,
            median: median(numbers),
            max: numbers[numbers.length - 1] as number,
          }
        : null,
  };
}

/** `null`: the group of respondents who did not answer the breakdown question. */
export type Group = string | null;

export interface CrossTab {
  question: Question;
  breakdown: Question;
  /** The breakdown's options, then `null` when some respondents did not answer it. */
  groups: Group[];
  /** Per group (same order as `groups`): the summary of `question` among that group. */
  columns: QuestionSummary[];
}

/**
 * `question` broken down by the groups of a single `breakdown` question: one summary per group,
 * each with its own asked and answered counts, so every share reads "of this group, asked and
 * answering, so many".
 */
export function crossTab(
  question: Question,
  breakdown: Question,
  responses: readonly Asked[],
): CrossTab {
  const groups: Group[] = categoryIds(breakdown);
  const members = new Map<Group, Asked[]>(groups.map((g) => [g, []]));
  const unanswered: Asked[] = [];
  for (const response of responses) {
    const value = response.answers[breakdown.id];
    const group = typeof value === "string" ? members.get(value) : undefined;
    (group ?? unanswered).push(response);
  }
  if (unanswered.length > 0) {
    groups.push(null);
    members.set(null, unanswered);
  }
  return {
    question,
    breakdown,
    groups,
    columns: groups.map((g) => summarizeQuestion(question, members.get(g) ?? [])),
  };
}

/** The questions a report covers, in order: everything a respondent can answer (no notes). */
export function reportedQuestions(survey: Survey): Question[] {
  return survey.questions.filter((q) => q.type !== "note");
}
