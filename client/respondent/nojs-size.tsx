// Every page of the form without JavaScript is sent at one length per survey version, language
// and admission mode (issue 13 item 6, DESIGN §9.8): which page comes next (a showIf branch), which
// of its questions and options it shows (conditions, choice filters), what the review lists and
// which message shows must not show in the page's size. The length is the largest any page can
// take, found by rendering each page at its worst: every question and option shown, every answer
// at its longest (texts of `"`, which HTML writes in 6 bytes), the longest message, every question
// on the review with the invitation code at its longest in its field, the top bar's language
// buttons where a page has them; each page is then padded to it with a comment.
import type { ComponentChild } from "preact";
import type { Question, Survey, Text } from "../../surveys/schema";
import { pickText } from "./app";
import type { FieldProblem } from "./form";
import {
  AlreadySentPage,
  failureMessage,
  type PlainFailure,
  type PlainField,
  plainText,
  QuestionPage,
  ReviewPage,
  SentPage,
  SurveyChrome,
} from "./nojs-form";
import { CODE_FIELD_LENGTH, encodeState, type Go, NUMBER_FIELD_LENGTH } from "./nojs-wire";
import { plainPagesOf } from "./pages";
import { problemMessage } from "./question";

/** What HTML-escaping makes longest: `"` becomes `&quot;`. */
const WIDEST = '"';
/** Months as any language may spell them ("septiembre de 2024"), with room to spare. */
const MONTH_TEXT = 40;
const RECEIPT = "0000-0000-0000-0000";
/** The invitation code as the review writes it back into its field. */
const CODE = WIDEST.repeat(CODE_FIELD_LENGTH);
const FAILURES: PlainFailure[] = ["rate_limited", "code_required", "code_invalid"];
const PROBLEMS = Object.keys({
  required: 1,
  not_an_option: 1,
  not_a_number: 1,
  too_small: 1,
  too_large: 1,
  too_long: 1,
  not_integer: 1,
  not_a_month: 1,
  exclusive: 1,
  wrong_type: 1,
  not_shown: 1,
  unknown_question: 1,
} satisfies Record<FieldProblem, 1>) as FieldProblem[];

const TEXT_LENGTH = 10_000;

/** A value for the question's field at its longest, as the page writes it back. */
function widestValue(question: Question): string | string[] | undefined {
  switch (question.type) {
    case "single":
    case "multi":
      // Exactly one `checked` per radio group whatever is chosen: any choice is as long.
      return undefined;
    case "number":
      return WIDEST.repeat(NUMBER_FIELD_LENGTH);
    case "month":
      return WIDEST.repeat(MONTH_TEXT);
    case "text":
      return WIDEST.repeat(question.maxLength ?? TEXT_LENGTH);
    case "note":
      return undefined;
  }
}

/** The review's longest way of saying an answer, or that there is none. */
function widestAnswer(question: Question, text: (t: Question["label"]) => string, none: string) {
  switch (question.type) {
    case "single":
    case "multi":
      return `${question.options.map((o) => text(o.label)).join(", ")}<em>${none}</em>`;
    case "number":
      return WIDEST.repeat(NUMBER_FIELD_LENGTH * 2);
    case "month":
      return WIDEST.repeat(MONTH_TEXT);
    case "text":
      return WIDEST.repeat(question.maxLength ?? TEXT_LENGTH) + none;
    default:
      return none;
  }
}

/** The problem whose message for this question is longest. */
function longestProblem(
  question: Question,
  t: ReturnType<typeof plainText>,
  text: (value: Text) => string,
  language: string,
): FieldProblem {
  const length = (problem: FieldProblem) =>
    problemMessage(question, problem, t, text, language).length;
  return PROBLEMS.reduce((a, b) => (length(b) > length(a) ? b : a));
}

export const bytes = (html: string) => new TextEncoder().encode(html).length;

/** `<!--` and `-->` around the padding, always there so that any shortfall can be padded. */
export const COMMENT = 7;

/**
 * The one length of every page of this survey version in this language; `render` makes a whole
 * document of a page's body, as the route sends it.
 */
export function plainPageBytes(
  survey: Survey,
  language: string,
  requiresCode: boolean,
  render: (body: ComponentChild) => string,
): number {
  const t = plainText(survey, language);
  const text = pickText(survey, language);
  const page = { survey, t, text, language };
  const state = encodeState(survey, {
    language,
    step: "review",
    editing: false,
    id: null,
    values: {},
  });
  const plainPages = plainPagesOf(survey);
  /** A page's body and its main button, which the language buttons' hidden copy repeats. */
  const pages: [ComponentChild, Go | null][] = plainPages.flatMap((questions) => {
    const fields: PlainField[] = questions.map((index) => {
      const question = survey.questions[index] as Question;
      return {
        index,
        question,
        value: widestValue(question),
        problem: longestProblem(question, t, text, language),
        offered: question.type === "single" || question.type === "multi" ? question.options : [],
      };
    });
    return (["next", "toReview", "backToReview"] as const).map((leads): [ComponentChild, Go] => [
      <QuestionPage
        {...page}
        index={questions[0] as number}
        pages={plainPages}
        fields={fields}
        state={state}
        leads={leads}
        back
        requiresCode={requiresCode}
      />,
      { action: "next" },
    ]);
  });
  const rows = survey.questions.flatMap((question, index) =>
    question.type === "note"
      ? []
      : [{ index, label: text(question.label), answer: widestAnswer(question, text, t.noAnswer) }],
  );
  const failure = FAILURES.reduce((a, b) =>
    failureMessage(t, b).length > failureMessage(t, a).length ? b : a,
  );
  pages.push(
    [
      <ReviewPage
        {...page}
        state={state}
        rows={rows}
        failure={failure}
        requiresCode={requiresCode}
        code={CODE}
      />,
      { action: "send" },
    ],
    [<SentPage {...page} receipt={RECEIPT} />, null],
    [<AlreadySentPage {...page} />, null],
  );
  return (
    Math.max(
      ...pages.map(([body, main]) =>
        bytes(
          render(
            <SurveyChrome {...page} main={main} switching="buttons">
              {body}
            </SurveyChrome>,
          ),
        ),
      ),
    ) + COMMENT
  );
}

/**
 * The page padded to `length` bytes. A page longer than the bound would be a bug in it: it is
 * padded to the next whole kilobyte beyond instead, which still says nothing of which answers
 * made it long, only that some did.
 */
export function padPage(html: string, length: number): string {
  const size = bytes(html) + COMMENT;
  const target = size <= length ? length : length + Math.ceil((size - length) / 1024) * 1024;
  return `${html}<!--${"x".repeat(target - size)}-->`;
}
