// Human labels for the variables and categories of a publication (DESIGN §7), in a survey
// language. Shared by the public results page and the coordinator's preview. UI-free.
import type { Survey, Text } from "../../surveys/schema";
import { formatMonth, formatMonths, formatNumber, monthBefore } from "./locale";
import { pickText, withoutAnswers } from "./recall";

export type Category = string | null;

/** How a page names variables and categories: from a survey, or from the feedback channel. */
export interface Labels {
  variable(variable: string): string;
  category(variable: string, category: Category): string;
}

/** What labelling reads of a survey; a feedback publication has no questions, so raw codes show. */
export type LabelSource = Pick<Survey, "languages" | "questions">;

/** Published numbers belong to no one respondent: an earlier answer inside a label reads "…". */
function pick(text: Text, language: string, survey: LabelSource): string {
  return withoutAnswers(pickText(survey, text, language));
}

/** `q` for a single or binned number question, `q.o` for option `o` of a multi question. */
export function variableLabel(survey: LabelSource, variable: string, language: string): string {
  const [questionId, optionId] = variable.split(".");
  const question = survey.questions.find((q) => q.id === questionId);
  if (!question) return variable;
  const label = pick(question.label, language, survey);
  if (optionId === undefined || question.type !== "multi") return label;
  const option = question.options.find((o) => o.id === optionId);
  return option ? `${label} — ${pick(option.label, language, survey)}` : variable;
}

export interface CategoryWords {
  total: string;
  noAnswer: string;
  yes: string;
  no: string;
  /** Joins a bin's edges: "0 to under 3" — answers may be fractional, so not "0–2". */
  toUnder: string;
  /** The last, open bin: "{lo} or more". */
  orMore: string;
  /** The last, open month bin: "from {lo} on". */
  fromMonth: string;
}

export function categoryLabel(
  survey: LabelSource,
  variable: string,
  category: Category,
  language: string,
  words: CategoryWords,
): string {
  if (category === null) return words.noAnswer;
  if (category === "*") return words.total;
  const [questionId, optionId] = variable.split(".");
  const question = survey.questions.find((q) => q.id === questionId);
  if (question?.type === "multi" && optionId !== undefined) {
    return category === "yes" ? words.yes : category === "no" ? words.no : category;
  }
  if (question?.type === "single") {
    const option = question.options.find((o) => o.id === category);
    return option ? pick(option.label, language, survey) : category;
  }
  // Only a question's answers are bins: a variable of no question (a feedback publication's
  // month, "2026-09") shows as its code, not as "2,026 to under 9".
  return (question && binLabel(category, language, words)) ?? category;
}

/** How a survey's publication is named in `language`: its questions' and options' own words. */
export function surveyLabels(survey: LabelSource, language: string, words: CategoryWords): Labels {
  return {
    variable: (variable) => variableLabel(survey, variable, language),
    category: (variable, category) => categoryLabel(survey, variable, category, language, words),
  };
}

const NUMBER = "-?\\d+(?:\\.\\d+)?";
const NUMBER_BIN = new RegExp(`^(${NUMBER})-(${NUMBER})$`);
const NUMBER_OPEN = new RegExp(`^(${NUMBER})\\+$`);
const MONTH_BIN = /^(\d{4}-\d{2})\/(\d{4}-\d{2})$/;
const MONTH_OPEN = /^(\d{4}-\d{2})\+$/;

/**
 * A bin's words, or null for anything else. Number bins: `"<lo>-<hi>"` is lo to under hi,
 * `"<lo>+"` lo and above, numbers written the language's way. Month bins (SPEC §A):
 * `"<lo>/<hi>"` is lo to the month before hi, both whole months ("enero de 2018 – diciembre de
 * 2019"), `"<lo>+"` lo on.
 */
function binLabel(category: string, language: string, words: CategoryWords): string | null {
  const number = (text: string) => formatNumber(Number(text), language);
  const months = category.match(MONTH_BIN);
  if (months) return formatMonths(months[1] as string, monthBefore(months[2] as string), language);
  const since = category.match(MONTH_OPEN);
  if (since) return fill(words.fromMonth, { lo: formatMonth(since[1] as string, language) });
  const bin = category.match(NUMBER_BIN);
  if (bin) return `${number(bin[1] as string)} ${words.toUnder} ${number(bin[2] as string)}`;
  const open = category.match(NUMBER_OPEN);
  return open ? fill(words.orMore, { lo: number(open[1] as string) }) : null;
}

/** Puts values into an interface string's `{name}` slots (the respondent and results pages). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
}

/** Categories of one variable in the order a table's cells list them (definition order, null, "*"). */
export function categoriesOf(
  table: { cells: readonly { key: Readonly<Record<string, Category | undefined>> }[] },
  variable: string,
): Category[] {
  const seen: Category[] = [];
  for (const cell of table.cells) {
    const value = cell.key[variable] ?? null;
    if (!seen.includes(value)) seen.push(value);
  }
  return seen;
}
