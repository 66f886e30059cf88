// The pages of the respondent's way through a survey (docs/survey-format.md "Sections"): a
// section is one page with its questions together; a question outside any section is a page
// of its own; an other-specify text sits on its question's page, right under its option. A
// page is known by the index (in `survey.questions`) of its first question, so history entries,
// resumed answers and the review's "Change" keep pointing at questions as before. The form
// without JavaScript walks the same pages, cut where a question depends on an earlier one of its
// page (plainPagesOf): every function here takes the pages to walk, the script's by default.
// UI-free.
import type { Question, Survey } from "../../surveys/schema";
import { atomsOf } from "../lib/conditions";
import { type FieldProblem, type FormValues, firstProblem, problemOf, shownIndexes } from "./form";

/** Each page's question indexes, in survey order. */
export type Pages = number[][];

export function pagesOf(survey: Survey): Pages {
  const pages: Pages = [];
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

/**
 * The pages of the form without JavaScript: the script's pages, with a new one started at each
 * question whose condition or choice filter reads an answer given on the page so far. Without a
 * script nothing can appear or change while a page is being filled, so what a page shows is
 * settled by earlier pages alone. An other-specify text stays under its option (the form shows
 * it whether or not the option is chosen, and the answer rules keep it only if it is).
 */
export function plainPagesOf(survey: Survey): Pages {
  return pagesOf(survey).flatMap((page) => {
    const cut: Pages = [];
    const pageOf = new Map<string, number[]>();
    for (const index of page) {
      const question = survey.questions[index] as Question;
      const parent = question.type === "text" ? question.specifies?.question : undefined;
      const current = cut[cut.length - 1];
      const reads = [
        ...(question.showIf ? atomsOf(question.showIf).map((atom) => atom.question) : []),
        ...((question.type === "single" || question.type === "multi") && question.filterBy
          ? [question.filterBy]
          : []),
      ];
      const target =
        parent !== undefined
          ? pageOf.get(parent)
          : current && !reads.some((id) => pageOf.get(id) === current)
            ? current
            : undefined;
      if (target) target.push(index);
      else cut.push([index]);
      pageOf.set(question.id, target ?? (cut[cut.length - 1] as number[]));
    }
    return cut;
  });
}

/** The page holding question `index`: the index of its first question. */
export function pageStart(survey: Survey, index: number, pages = pagesOf(survey)): number {
  const page = pages.find((p) => p.includes(index));
  return page?.[0] ?? index;
}

/** The question indexes of the page that starts (or holds) `index`. */
export function pageQuestions(survey: Survey, index: number, pages = pagesOf(survey)): number[] {
  return pages.find((p) => p.includes(index)) ?? [index];
}

/** The section a page belongs to, for its title and intro. */
export function sectionOfPage(survey: Survey, index: number) {
  const id = survey.questions[index]?.section;
  return id === undefined ? undefined : survey.sections?.find((s) => s.id === id);
}

/** The first indexes of the pages that show at least one question after these values. */
function shownPages(survey: Survey, values: FormValues, pages: Pages): number[] {
  const shown = shownIndexes(survey, values);
  return pages.filter((page) => page.some((i) => shown.has(i))).map((page) => page[0] as number);
}

/** The next page with something shown after the page holding `from`, or null at the end. */
export function nextPage(
  survey: Survey,
  values: FormValues,
  from: number,
  pages = pagesOf(survey),
): number | null {
  const start = from < 0 ? -1 : pageStart(survey, from, pages);
  return shownPages(survey, values, pages).find((p) => p > start) ?? null;
}

export function previousPage(
  survey: Survey,
  values: FormValues,
  from: number,
  pages = pagesOf(survey),
): number | null {
  const start = pageStart(survey, from, pages);
  return (
    shownPages(survey, values, pages)
      .filter((p) => p < start)
      .pop() ?? null
  );
}

/** Whether the page starting at `start` shows anything after these values. */
export function isPageShown(survey: Survey, values: FormValues, start: number): boolean {
  const pages = pagesOf(survey);
  return shownPages(survey, values, pages).includes(pageStart(survey, start, pages));
}

/** The questions of a page shown after these values, in order (specify texts included). */
export function shownOnPage(
  survey: Survey,
  values: FormValues,
  start: number,
  pages = pagesOf(survey),
): Question[] {
  const shown = shownIndexes(survey, values);
  return pageQuestions(survey, start, pages)
    .filter((i) => shown.has(i))
    .map((i) => survey.questions[i] as Question);
}

/** The shown questions of a page whose answer is missing or wrong, with the problem. */
export function pageProblems(
  survey: Survey,
  values: FormValues,
  start: number,
  pages = pagesOf(survey),
): { question: Question; problem: FieldProblem }[] {
  return shownOnPage(survey, values, start, pages).flatMap((question) => {
    const problem = problemOf(question, values);
    return problem ? [{ question, problem }] : [];
  });
}

/** The first shown page with a missing or wrong answer: where the review sends people back. */
export function firstProblemPage(
  survey: Survey,
  values: FormValues,
  pages = pagesOf(survey),
): number | null {
  const index = firstProblem(survey, values);
  return index === null ? null : pageStart(survey, index, pages);
}
