// What the feedback forms without JavaScript post (issue 15 item 7), shared by the pages that
// draw them (plain.tsx, write.tsx) and the route that reads them (server/routes/feedback-nojs.ts).
// Every field is always posted and every chosen value has one width, so that a post's length
// says nothing of the category (sensitive or not) or the country: only what was typed shows.
import { CATEGORIES, type Category, FEEDBACK_COUNTRIES } from "../lib/feedback-format";
import { FEEDBACK_LANGUAGES, type FeedbackLanguage } from "./strings";

/** The pressed button's field, in both forms (its tokens: below). */
export const GO_FIELD = "go";

/** Field names of the message form, in the order a browser posts them. */
export const MESSAGE_FIELDS = {
  language: "lang",
  id: "id",
  category: "category",
  country: "country",
  program: "program",
  message: "message",
  go: GO_FIELD,
} as const;

/** The forms' ids: the top bar's language buttons, outside them, post them by these. */
export const MESSAGE_FORM_ID = "plain-message-form";
export const REPLY_FORM_ID = "plain-reply-form";

/**
 * The pressed button of either form, a token of one width so that switching language posts as
 * many bytes as sending: "s" and zeros to send (the message, or the code to read), "l" and the
 * language's index in FEEDBACK_LANGUAGES to show the form again in it with what was typed (a
 * page answering a post has no address a link could lead back to with it).
 */
const GO_WIDTH = String(FEEDBACK_LANGUAGES.length - 1).length;
export const SEND_TOKEN = `s${"0".repeat(GO_WIDTH)}`;
export const languageToken = (language: string) =>
  `l${String(FEEDBACK_LANGUAGES.indexOf(language as FeedbackLanguage)).padStart(GO_WIDTH, "0")}`;
export const GO_TOKENS = [SEND_TOKEN, ...FEEDBACK_LANGUAGES.map(languageToken)] as const;

/** The language a button shows the form in, or null for send. */
export function languageOfToken(token: string): FeedbackLanguage | null {
  return token === SEND_TOKEN ? null : (FEEDBACK_LANGUAGES[Number(token.slice(1))] ?? null);
}

/** Field names of the reply form. */
export const REPLY_FIELDS = { language: "lang", code: "code", go: GO_FIELD } as const;

/** A category's token: its index in CATEGORIES, one digit; "-" for none chosen yet. */
export const NO_CATEGORY = "-";
export const categoryToken = (category: Category) => String(CATEGORIES.indexOf(category));
export const CATEGORY_TOKENS = [NO_CATEGORY, ...CATEGORIES.map(categoryToken)] as const;

export function categoryOf(token: string): Category | "" {
  return CATEGORIES[Number(token)] ?? "";
}

/** A country's token is its two-letter code; none, "--". */
export const NO_COUNTRY = "--";
export const COUNTRY_TOKENS = [NO_COUNTRY, ...FEEDBACK_COUNTRIES] as const;

/** The longest a program or service may be named (client/lib/feedback.ts parseMessage). */
export const PROGRAM_MAX_LENGTH = 200;
/** A reply code as typed: 20 symbols, with room for spaces and dashes. */
export const CODE_MAX_LENGTH = 40;

/** Where the forms post. */
export const plainMessageAction = (slug: string) => `/f/${encodeURIComponent(slug)}/nojs`;
export const plainReplyAction = (slug: string) => `/f/${encodeURIComponent(slug)}/reply/nojs`;
