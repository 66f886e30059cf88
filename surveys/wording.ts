// Which edits of a survey leave what its answers mean alone (docs/survey-format.md, "Versions").
// Answers are stored by question and option id, so a version that only words its questions
// otherwise (a typo fixed, a hint added, a new language) counts the same respondents as the
// one before: the results page tabulates them together, and the publish gate relates their
// publications (client/lib/policy.ts `versionGroups`). Anything else, ids, options, their
// order, conditions, limits, starts a count of its own.
import type { Survey } from "./shape";

/**
 * Keys of a definition that only say how it reads or is delivered, at any depth: texts in
 * every language, the languages offered, and the respondent page's settings. Listed rather
 * than their complement, so that a field added later splits versions (safe) until it is
 * named here.
 */
const PRESENTATION = new Set([
  "title",
  "intro",
  "label",
  "hint",
  "constraintMessage",
  "languages",
  "languageNames",
  "withoutJavaScript",
  "resumeOnDevice",
]);

/** The definition without its number and presentation: equal for versions asking the same. */
export function questionsOf(survey: Survey): string {
  return JSON.stringify({ ...survey, version: 0 }, (key, value) =>
    PRESENTATION.has(key) ? undefined : value,
  );
}

/** Whether two versions ask the same questions, and so count the same respondents. */
export const askTheSame = (a: Survey, b: Survey): boolean => questionsOf(a) === questionsOf(b);

/** The versions other than `survey`'s that ask its questions: their answers count with its own. */
export function othersAsking(survey: Survey, versions: readonly Survey[]): Survey[] {
  const asked = questionsOf(survey);
  return versions.filter((v) => v.version !== survey.version && questionsOf(v) === asked);
}
