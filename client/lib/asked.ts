// Whether a question was put to a respondent: "not asked" (the survey's conditions never showed
// it) is not "no answer" (shown and skipped). Read by the report, the exported files and the
// public page's wording. UI-free.
import type { Question, Survey } from "../../surveys/schema";
import { type Answers, shownQuestions } from "./answers";

/** Whether the survey's structure can leave someone unasked: a condition, a filter, a specify. */
export function mayBeUnasked(survey: Survey, question: Question): boolean {
  const section = survey.sections?.find((s) => s.id === question.section);
  return Boolean(
    question.showIf ||
      section?.showIf ||
      ("filterBy" in question && question.filterBy) ||
      ("specifies" in question && question.specifies),
  );
}

const shown = new WeakMap<Answers, ReadonlySet<string>>();

/** Whether one response was shown the question (the respondent page's own rule, isShown). */
export function wasAsked(survey: Survey, question: Question, answers: Answers): boolean {
  let ids = shown.get(answers);
  if (!ids) {
    ids = new Set(shownQuestions(survey, answers).map((q) => q.id));
    shown.set(answers, ids);
  }
  return ids.has(question.id);
}
