// The pages of the respondent's way through a survey (docs/survey-format.md "Sections"): a
// section is one page with its questions together; a question outside any section is a page
// of its own; an other-specify text sits on its question's page, right under its option. A
// page is known by the index (in `survey.questions`) of its first question, so history entries,
// resumed answers and the review's "Change" keep pointing at questions as before. UI-free.
import type { Question, Survey } from "../../surveys/schema";
import { type FieldProblem, type FormValues, firstProblem, problemOf, shownIndexes } from "./form";

/** Each page's question indexes, in survey order. */
export function pagesOf(survey: Survey): number[][] {
  const pages: number[][] = [];
  const pageOfQuestion = new Map<string, number[]>();
  survey.questions.forEach((question, index) => {
    const last = pages[pages.length - 1];
    const specified = question.type === "text" ? question.specifies?.question : undefined;
    const page =
      specified !== undefined
        ? pageOfQuestion.get(specified)
        : question.section !== undefined && last !== undefined
          ? sameSection(survey, last, question)
          : undefined;
    if (page) page.push(index);
    else pages.push([index]);
    pageOfQuestion.set(question.id, page ?? (pages[pages.length - 1] as number[]));
  });
  return pages;
}

function sameSection(survey: Survey, page: number[], question: Question): number[] | undefined {
  const first = survey.questions[page[0] as number];
  return first?.section === question.section ? page : undefined;
}

/** The page holding question `index`: the index of its first question. */
export function pageStart(survey: Survey, index: number): number {
  const page = pagesOf(survey).find((p) => p.includes(index));
  return page?.[0] ?? index;
}

/** The question indexes of the page that starts (or holds) `index`. */
export function pageQuestions(survey: Survey, index: number): number[] {
  return pagesOf(survey).find((p) => p.includes(index)) ?? [index];
}

/** The section a page belongs to, for its title and intro. */
export function sectionOfPage(survey: Survey, index: number) {
  const id = survey.questions[pageStart(survey, index)]?.section;
  return id === undefined ? undefined : survey.sections?.find((s) => s.id === id);
}

/** The first indexes of the pages that show at least one question after these values. */
function shownPages(survey: Survey, values: FormValues): number[] {
  const shown = shownIndexes(survey, values);
  return pagesOf(survey)
    .filter((page) => page.some((i) => shown.has(i)))
    .map((page) => page[0] as number);
}

/** The next page with something shown after the page holding `from`, or null at the end. */
export function nextPage(survey: Survey, values: FormValues, from: number): number | null {
  const start = from < 0 ? -1 : pageStart(survey, from);
  return shownPages(survey, values).find((p) => p > start) ?? null;
}

export function previousPage(survey: Survey, values: FormValues, from: number): number | null {
  const start = pageStart(survey, from);
  return (
    shownPages(survey, values)
      .filter((p) => p < start)
      .pop() ?? null
  );
}

/** Whether the page starting at `start` shows anything after these values. */
export function isPageShown(survey: Survey, values: FormValues, start: number): boolean {
  return shownPages(survey, values).includes(pageStart(survey, start));
}

/** The questions of a page shown after these values, in order (specify texts included). */
export function shownOnPage(survey: Survey, values: FormValues, start: number): Question[] {
  const shown = shownIndexes(survey, values);
  return pageQuestions(survey, start)
    .filter((i) => shown.has(i))
    .map((i) => survey.questions[i] as Question);
}

/** The shown questions of a page whose answer is missing or wrong, with the problem. */
export function pageProblems(
  survey: Survey,
  values: FormValues,
  start: number,
): { question: Question; problem: FieldProblem }[] {
  return shownOnPage(survey, values, start).flatMap((question) => {
    const problem = problemOf(question, values);
    return problem ? [{ question, problem }] : [];
  });
}

/** The first shown page with a missing or wrong answer: where the review sends people back. */
export function firstProblemPage(survey: Survey, values: FormValues): number | null {
  const index = firstProblem(survey, values);
  return index === null ? null : pageStart(survey, index);
}
