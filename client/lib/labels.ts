// Human labels for the variables and categories of a publication (DESIGN §7), in a survey
// language. Shared by the public results page and the coordinator's preview. UI-free.
import type { Survey, Text } from "../../surveys/schema";
import { pickText, withoutAnswers } from "./recall";

export type Category = string | null;

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
  // Number bins: "<lo>-<hi>" is [lo, hi), "<lo>+" is lo and above.
  const bin = category.match(/^(-?[\d.]+)-(-?[\d.]+)$/);
  if (bin) return `${bin[1]} ${words.toUnder} ${bin[2]}`;
  // Month bins: "<lo>/<hi>" is lo to the month before hi, both included (months are whole).
  const months = category.match(/^(\d{4}-\d{2})\/(\d{4})-(\d{2})$/);
  if (months) {
    const [, lo, year, month] = months;
    const last = Number(year) * 12 + Number(month) - 2;
    return `${lo} – ${Math.floor(last / 12)}-${String((last % 12) + 1).padStart(2, "0")}`;
  }
  const open = category.match(/^(-?[\d.]+|\d{4}-\d{2})\+$/);
  return open ? fill(words.orMore, { lo: open[1] as string }) : category;
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
