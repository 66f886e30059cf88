// What the form without JavaScript sends and receives, byte for byte (issue 13 item 6, DESIGN
// §9.8). Someone who sees only the sizes of the posts and pages (a network, a proxy, the TLS
// record lengths) must not learn an answer from them, so:
// - every answer so far rides in one field, `s`: JSON padded with spaces to a length no answers
//   can outgrow (the envelope's bound, client/lib/envelope.ts), then base64url;
// - the questions of the page being answered post fixed-width tokens under names of one width
//   (`a` and the question's index): an option's index, never its id; a single question always
//   posts one token (a hidden "no answer" choice is ticked until another is), a multi question
//   one "1"/"0" per option, offered or not (one a choice filter leaves out posts a hidden "0");
// - the pressed button posts a fixed-width token (a language of the bar's too: its index), and a
//   padding field `p` brings every page's post to one length for the survey version;
// - the server pads every page it renders to one length (nojs-size.tsx).
// What is typed (a number, a text, the invitation code) is posted as typed, on its own page
// only: its length shows there and nowhere after. UI-free; only the server runs it.
import type { Question, Survey } from "../../surveys/schema";
import { maxEnvelopeBytes } from "../lib/envelope";
import type { FormValues } from "./form";

/**
 * Where the respondent is: the index in `survey.questions` of the first question of a page
 * (pages.ts plainPagesOf), or the review.
 */
export type PlainStep = number | "review";

export interface PlainState {
  language: string;
  step: PlainStep;
  /** Came from the review's "Cambiar": "next" goes back to the review. */
  editing: boolean;
  /** Chosen when the review is first shown, so that sending the same page twice stores once. */
  id: string | null;
  /** Answers given so far, each one valid (nojs.ts `carried`). */
  values: FormValues;
}

/**
 * The buttons: next, back, send, change question n, and show this page in `survey.languages[n]`
 * (the top bar's picker on a page answering a post, whose answers a link would lose).
 */
export type Go =
  | { action: "next" }
  | { action: "back" }
  | { action: "send" }
  | { action: "change"; index: number }
  | { action: "language"; index: number };

const ACTIONS = { n: "next", b: "back", s: "send", c: "change", l: "language" } as const;

/** Digits of a question's index in a token: the same for every question of the version. */
const indexWidth = (survey: Survey) => String(Math.max(survey.questions.length - 1, 0)).length;

/** Digits of a button's index: a question's or a language's, so every button posts one width. */
const goWidth = (survey: Survey) =>
  String(Math.max(survey.questions.length - 1, survey.languages.length - 1, 0)).length;

const optionCount = (question: Question) =>
  question.type === "single" || question.type === "multi" ? question.options.length : 0;

/** Digits of an option's index: the same for every option of every question of the version. */
export function optionWidth(survey: Survey): number {
  const most = Math.max(0, ...survey.questions.map(optionCount));
  return String(Math.max(most - 1, 0)).length;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

export function goToken(survey: Survey, go: Go): string {
  const index = go.action === "change" || go.action === "language" ? go.index : 0;
  return `${go.action[0]}${pad(index, goWidth(survey))}`;
}

export function readGo(survey: Survey, token: string): Go | null {
  const width = goWidth(survey);
  if (token.length !== width + 1 || !/^[nbscl]\d+$/.test(token)) return null;
  const action = ACTIONS[token[0] as keyof typeof ACTIONS];
  const index = Number(token.slice(1));
  if (action === "change") return index < survey.questions.length ? { action, index } : null;
  if (action === "language") return index < survey.languages.length ? { action, index } : null;
  return { action };
}

/** A single question's choice: the option's index, or this for "no answer". */
export const noChoice = (survey: Survey) => "-".repeat(optionWidth(survey));
export const optionToken = (survey: Survey, index: number) => pad(index, optionWidth(survey));
/** The one field a single, number, text or month question posts: `a` and its index. */
export const answerField = (survey: Survey, question: number) =>
  `a${pad(question, indexWidth(survey))}`;
/** A multi question posts one field per option, "1" ticked or "0". */
export const optionField = (survey: Survey, question: number, option: number) =>
  `${answerField(survey, question)}-${pad(option, optionWidth(survey))}`;

export const STATE_FIELD = "s";
export const GO_FIELD = "go";
export const PAD_FIELD = "p";
export const CODE_FIELD = "code";
/** The longest number the form takes, as typed ("-1234567.25" is 11). */
export const NUMBER_FIELD_LENGTH = 32;
/** The longest invitation code the review's field takes, as typed. */
export const CODE_FIELD_LENGTH = 40;
/** "YYYY-MM" */
export const MONTH_FIELD_LENGTH = 7;

const encoder = new TextEncoder();

/**
 * The state's JSON never takes more bytes than this: the envelope's bound for every answer at its
 * longest (numbers carried as strings take two quotes more), and the longest language, step and
 * id. The same for every respondent of the version.
 */
export function stateBytes(survey: Survey): number {
  const language = survey.languages.reduce((a, b) => (b.length > a.length ? b : a), "");
  const numbers = survey.questions.filter((q) => q.type === "number").length;
  const frame = JSON.stringify({
    l: language,
    s: "review",
    e: 1,
    i: "00000000-0000-4000-8000-000000000000",
    v: {},
  });
  return frame.length + maxEnvelopeBytes(survey) + 2 * numbers;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The `s` field: always stateLength(survey) characters. */
export function encodeState(survey: Survey, state: PlainState): string {
  const json = JSON.stringify({
    l: state.language,
    s: state.step,
    e: state.editing ? 1 : 0,
    i: state.id,
    v: state.values,
  });
  const bytes = encoder.encode(json);
  const size = stateBytes(survey);
  // Only carried values are written here, and nojs.ts keeps only valid ones: a bug otherwise.
  if (bytes.length > size) throw new Error(`state of ${bytes.length} bytes exceeds ${size}`);
  const padded = new Uint8Array(size).fill(0x20);
  padded.set(bytes);
  return toBase64Url(padded);
}

export const stateLength = (survey: Survey) => Math.ceil((stateBytes(survey) * 4) / 3);

/** The state's JSON as posted back, parsed but not yet checked (nojs.ts checks it with zod). */
export function readState(survey: Survey, text: string): unknown {
  if (text.length !== stateLength(survey)) return undefined;
  const bytes = fromBase64Url(text);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

/** The fields one page posts, with what is typed counted as empty. */
export interface PostShape {
  /** Field name → the length of its value, for every field but the padding. */
  fixed: [name: string, length: number][];
}

/** What a question on a page posts besides state, button and padding. */
export function answerFields(survey: Survey, index: number): [string, number][] {
  const question = survey.questions[index] as Question;
  switch (question.type) {
    case "single":
      return [[answerField(survey, index), optionWidth(survey)]];
    case "multi":
      return question.options.map((_, i) => [optionField(survey, index, i), 1]);
    case "note":
      return [];
    default:
      // Typed: its length is the respondent's.
      return [[answerField(survey, index), 0]];
  }
}

const GO_LENGTH = (survey: Survey) => goWidth(survey) + 1;

/** Bytes of `name=value&…` for these fields and an empty padding field. */
function bodyLength(fields: [string, number][]): number {
  const all: [string, number][] = [...fields, [PAD_FIELD, 0]];
  return all.reduce((sum, [name, length]) => sum + name.length + 1 + length, 0) + all.length - 1;
}

/** A page's form: the review, or the indexes of the questions it shows. */
export type PlainPageFields = readonly number[] | "review";

function pageFields(survey: Survey, page: PlainPageFields, requiresCode: boolean) {
  const common: [string, number][] = [
    [STATE_FIELD, stateLength(survey)],
    [GO_FIELD, GO_LENGTH(survey)],
  ];
  if (page === "review")
    return requiresCode ? [...common, [CODE_FIELD, 0] as [string, number]] : common;
  return [...common, ...page.flatMap((index) => answerFields(survey, index))];
}

/**
 * How many padding characters this page's form carries, so that every page of the version
 * posts the same number of bytes (typed text aside), whichever of its questions it shows.
 */
export function paddingFor(
  survey: Survey,
  pages: readonly (readonly number[])[],
  page: PlainPageFields,
  requiresCode: boolean,
): number {
  const longest = Math.max(
    bodyLength(pageFields(survey, "review", requiresCode)),
    ...pages.map((questions) => bodyLength(pageFields(survey, questions, requiresCode))),
  );
  return longest - bodyLength(pageFields(survey, page, requiresCode));
}
