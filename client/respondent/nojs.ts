// The respondent form without JavaScript (issue 6 item 4): what one posted page means and which
// page comes next. Answers travel between pages only in the form's own state field — never in
// storage, a cookie or the URL — in the fixed-size encoding of nojs-wire.ts, so this module
// reads them back, checks them with zod, and walks the script's pages (pages.ts, cut where a
// question reads an answer of its own page: plainPagesOf) with the script's rules (form.ts,
// ../lib/answers.ts). UI-free; only the server calls it.
import { z } from "zod";
import type { Question, Survey } from "../../surveys/schema";
import { isShown, offeredOptions } from "../lib/answers";
import { cleanText } from "../lib/envelope";
import { type FormValues, problemOf, readNumber, shownIndexes, toAnswers, withValue } from "./form";
import {
  answerField,
  CODE_FIELD,
  CODE_FIELD_LENGTH,
  GO_FIELD,
  type Go,
  MONTH_FIELD_LENGTH,
  NUMBER_FIELD_LENGTH,
  noChoice,
  optionField,
  optionToken,
  PAD_FIELD,
  type PlainStep,
  readGo,
  readState,
  STATE_FIELD,
  stateLength,
} from "./nojs-wire";
import {
  firstProblemPage,
  nextPage as followingPage,
  type Pages,
  pageProblems,
  pageQuestions,
  pageStart,
  plainPagesOf,
  previousPage,
} from "./pages";

/**
 * The questions a page shows (indexes, in order): those shown after the earlier pages' answers,
 * and the other-specify text of each option offered on it, chosen or not — without a script it
 * cannot appear once the option is ticked; the answer rules keep its text only if it is.
 */
export function plainQuestions(
  survey: Survey,
  values: FormValues,
  start: number,
  pages: Pages = plainPagesOf(survey),
): number[] {
  const shown = shownIndexes(survey, values);
  const answers = toAnswers(survey, values);
  return pageQuestions(survey, start, pages).filter((index) => {
    const question = survey.questions[index] as Question;
    const specifies = question.type === "text" ? question.specifies : undefined;
    if (!specifies) return shown.has(index);
    const parent = survey.questions.findIndex((q) => q.id === specifies.question);
    const asked = survey.questions[parent];
    return (
      shown.has(parent) &&
      (asked?.type === "single" || asked?.type === "multi") &&
      offeredOptions(asked, answers).some((o) => o.id === specifies.option)
    );
  });
}

/** The page being left and the button pressed on it. */
export interface PostedPage {
  /** The language of the page to show: the posted page's, or the one its picker chose. */
  language: string;
  step: PlainStep;
  editing: boolean;
  go: Go;
  /** The answers carried so far, with this page's answer as posted (not yet checked). */
  values: FormValues;
  code: string | undefined;
  /** Chosen when the review was shown, so that sending the same page twice stores it once. */
  id: string | undefined;
}

export type Decoded =
  | { ok: true; page: PostedPage }
  | { ok: false; field: string; message: string };

/** The longest text a survey may allow (schema: text maxLength ≤ 10,000). */
const LONGEST_TEXT = 10_000;

const refuse = (field: string, message: string): Decoded => ({ ok: false, field, message });

function stateShape(survey: Survey) {
  const byId = new Map(survey.questions.map((q) => [q.id, q]));
  return z.strictObject({
    l: z.string().refine((l) => survey.languages.includes(l)),
    s: z.union([
      z.literal("review"),
      z
        .number()
        .int()
        .min(0)
        .max(survey.questions.length - 1),
    ]),
    e: z.union([z.literal(0), z.literal(1)]),
    i: z.uuid({ version: "v4" }).nullable(),
    v: z.record(
      z.string().refine((id) => byId.get(id)?.type !== undefined && byId.get(id)?.type !== "note"),
      z.union([z.string().max(LONGEST_TEXT), z.array(z.string().max(40)).max(200)]),
    ),
  });
}

/** One question's answer as posted: undefined when nothing was chosen or typed. */
function postedAnswer(
  survey: Survey,
  index: number,
  fields: Map<string, string>,
): { ok: true; value: string | string[] | undefined } | { ok: false; field: string } {
  const question = survey.questions[index] as Question;
  const field = answerField(survey, index);
  const take = (name: string) => {
    const value = fields.get(name);
    fields.delete(name);
    return value;
  };
  switch (question.type) {
    case "note":
      return { ok: true, value: undefined };
    case "single": {
      const token = take(field);
      if (token === undefined || token === noChoice(survey)) return { ok: true, value: undefined };
      const option = question.options.find((_, i) => optionToken(survey, i) === token);
      return option ? { ok: true, value: option.id } : { ok: false, field };
    }
    case "multi": {
      const chosen: string[] = [];
      for (const [i, option] of question.options.entries()) {
        const name = optionField(survey, index, i);
        const ticked = take(name);
        if (ticked !== undefined && ticked !== "0" && ticked !== "1")
          return { ok: false, field: name };
        if (ticked === "1") chosen.push(option.id);
      }
      return { ok: true, value: chosen.length > 0 ? chosen : undefined };
    }
    default: {
      // Browsers send line breaks as CRLF; the script (and a textarea's maxlength) count one.
      const typed = (take(field) ?? "").replace(/\r\n/g, "\n");
      const longest =
        question.type === "text"
          ? (question.maxLength ?? LONGEST_TEXT)
          : question.type === "number"
            ? NUMBER_FIELD_LENGTH
            : MONTH_FIELD_LENGTH;
      // The field's maxlength stops a browser first: only a hand-made post is longer.
      if (typed.length > longest) return { ok: false, field };
      return { ok: true, value: typed.trim() === "" ? undefined : typed };
    }
  }
}

/**
 * Reads an `application/x-www-form-urlencoded` body. Every field appears at most once; anything
 * unknown, repeated, malformed or too long is refused, naming the field.
 */
export function decodePage(survey: Survey, body: URLSearchParams): Decoded {
  const fields = new Map<string, string>();
  for (const [name, value] of body) {
    if (fields.has(name)) return refuse(name, "is given more than once");
    fields.set(name, value);
  }
  const state = stateShape(survey).safeParse(readState(survey, fields.get(STATE_FIELD) ?? ""));
  if (!state.success) {
    return refuse(
      STATE_FIELD,
      `must be this survey's form state (${stateLength(survey)} characters)`,
    );
  }
  fields.delete(STATE_FIELD);
  const go = readGo(survey, fields.get(GO_FIELD) ?? "");
  const { l: language, s: step, e: editing, i: id, v: carried } = state.data;
  const onReview = step === "review";
  const allowed = onReview ? ["send", "change", "back", "language"] : ["next", "back", "language"];
  if (!go || !allowed.includes(go.action)) {
    return refuse(GO_FIELD, "is not a button of this page");
  }
  fields.delete(GO_FIELD);
  if (!/^x*$/.test(fields.get(PAD_FIELD) ?? "")) return refuse(PAD_FIELD, "must be padding");
  fields.delete(PAD_FIELD);
  const code = fields.get(CODE_FIELD);
  if (code !== undefined && (!onReview || code.length > CODE_FIELD_LENGTH))
    return refuse(CODE_FIELD, "is not expected here");
  fields.delete(CODE_FIELD);

  let values: FormValues = { ...carried };
  // The page's questions as it was drawn: earlier pages settle them (plainPagesOf).
  for (const index of onReview ? [] : plainQuestions(survey, carried, step)) {
    const question = survey.questions[index] as Question;
    const answer = postedAnswer(survey, index, fields);
    if (!answer.ok) return refuse(answer.field, "is not an answer this question takes");
    if (answer.value !== undefined) values = withValue(survey, values, question, answer.value);
    else delete values[question.id];
  }
  const [unknown] = fields.keys();
  if (unknown !== undefined) return refuse(unknown, "is not a field of this page");
  return {
    ok: true,
    page: {
      language: go.action === "language" ? (survey.languages[go.index] as string) : language,
      step,
      editing: editing === 1,
      go,
      values,
      code: code?.trim() || undefined,
      id: id ?? undefined,
    },
  };
}

/**
 * The answers that ride on to the next page: each one valid where it stands, numbers written as
 * read and texts as they will be sealed, so that none outgrows the state's size (nojs-wire.ts).
 * An answer being corrected stays in its field on the page, not here.
 */
export function carried(survey: Survey, values: FormValues): FormValues {
  const kept: FormValues = {};
  for (const question of survey.questions) {
    const value = values[question.id];
    if (value === undefined || problemOf(question, values) !== null) continue;
    if (question.type === "number" && typeof value === "string") {
      const number = readNumber(value);
      if (number !== null) kept[question.id] = String(number);
    } else if (question.type === "text" && typeof value === "string") {
      const text = cleanText(value).trim();
      if (text !== "") kept[question.id] = text;
    } else kept[question.id] = value;
  }
  return kept;
}

/** What to do with a posted page: show a page (with what is wrong on it), the review, or send. */
export type NextPage =
  | { kind: "question"; index: number; editing: boolean; checked: boolean }
  | { kind: "review" }
  | { kind: "send" };

/** The page starting at `index`; `checked`: its problems are shown. */
const page = (index: number, editing = false, checked = false): NextPage => ({
  kind: "question",
  index,
  editing,
  checked,
});

export function nextPage(survey: Survey, { step, editing, go, values }: PostedPage): NextPage {
  const pages = plainPagesOf(survey);
  const firstProblem = () => {
    const index = firstProblemPage(survey, values, pages);
    return index === null ? null : page(index, true, true);
  };
  // Another language: the same page, its answers as given, none checked as if moving on.
  if (go.action === "language") return step === "review" ? { kind: "review" } : page(step, editing);
  if (go.action === "back") {
    const from = step === "review" ? survey.questions.length : step;
    return page(
      previousPage(survey, values, from, pages) ?? followingPage(survey, values, -1, pages) ?? 0,
    );
  }
  if (go.action === "change") {
    const chosen = survey.questions[go.index];
    const shown = chosen && isShown(survey, chosen, toAnswers(survey, values));
    return shown ? page(pageStart(survey, go.index, pages), true) : { kind: "review" };
  }
  // Hidden fields can be edited: every shown answer is checked again before anything is sealed.
  if (go.action === "send") return firstProblem() ?? { kind: "send" };
  const start = step as number;
  if (pageProblems(survey, values, start, pages).length > 0) return page(start, editing, true);
  // Back to the review, unless the change revealed a question that still needs an answer.
  if (editing) return firstProblem() ?? { kind: "review" };
  const next = followingPage(survey, values, start, pages);
  return next === null ? { kind: "review" } : page(next);
}
