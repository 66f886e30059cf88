// Earlier answers shown inside a survey's texts: "You said ${household_size} people live with
// you" (docs/survey-format.md "Earlier answers in texts"). Only the respondent's own page fills
// them in, from answers still on that page; everywhere else a reference reads "…". UI-free.
import { ANSWER_IN_TEXT } from "../../surveys/formats";
import type { Question, Survey, Text } from "../../surveys/schema";
import type { Answers, AnswerValue } from "./answers";
import { formatMonth } from "./locale";

/** A survey text in `language`, else the survey's first language, else any. */
export function pickText(survey: Pick<Survey, "languages">, text: Text, language: string): string {
  return text[language] ?? text[survey.languages[0] ?? ""] ?? Object.values(text)[0] ?? "";
}

/** An answer as a person reads it: option labels, a number as written in `language`, a month's name. */
export function answerText(
  survey: Pick<Survey, "languages">,
  question: Question,
  value: AnswerValue,
  language: string,
): string {
  if (question.type === "single" || question.type === "multi") {
    const ids = Array.isArray(value) ? value : [value];
    return question.options
      .filter((o) => ids.includes(o.id))
      .map((o) => withoutAnswers(pickText(survey, o.label, language)))
      .join(", ");
  }
  // Read back as the respondent wrote it: "34,5" in Spanish, not "34.5".
  if (typeof value === "number") {
    return value.toLocaleString(language, { maximumFractionDigits: 20, useGrouping: false });
  }
  if (question.type === "month" && typeof value === "string") return formatMonth(value, language);
  return String(value);
}

/**
 * `text` with each `${id}` replaced by the answer to that question; nothing where it has none
 * (unanswered, or hidden: pass only shown answers).
 */
export function withAnswers(
  text: string,
  survey: Pick<Survey, "languages" | "questions">,
  answers: Answers,
  language: string,
): string {
  if (!text.includes("${")) return text;
  return text.replace(ANSWER_IN_TEXT, (_, id: string) => {
    const question = survey.questions.find((q) => q.id === id);
    const value = answers[id];
    return question && value !== undefined ? answerText(survey, question, value, language) : "";
  });
}

/** `text` where no answers can be shown (results, the builder's lists): each reference reads "…". */
export function withoutAnswers(text: string): string {
  return text.includes("${") ? text.replace(ANSWER_IN_TEXT, "…") : text;
}
