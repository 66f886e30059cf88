// The pages of the respondent form without JavaScript (issue 6 item 4, issue 15): plain HTML
// forms that post to /s/:slug/nojs, the script's pages (a section together, under its title;
// pages.ts plainPagesOf), then a review with "Cambiar" per answer. The answers given so far ride along in the form's state field, so the server keeps
// nothing between pages; every post and every page has one size per survey version
// (nojs-wire.ts, nojs-size.tsx). One line above the question says this way is less private,
// linking to why at the foot of the page: here the server sees the answers before sealing them.
import type { ComponentChildren } from "preact";
import type { Option, Question, Survey, Text } from "../../surveys/schema";
import { offeredOptions, shownQuestions } from "../lib/answers";
import { fill } from "../lib/labels";
import { pickText } from "./app";
import { LanguagePicker, NEUTRAL_PATH, TopBar } from "./chrome";
import { type FieldProblem, type FormValues, problemOf, toAnswers } from "./form";
import { carried, plainQuestions } from "./nojs";
import { PlainQuestion } from "./nojs-question";
import { type PlainStrings, plainStrings } from "./nojs-strings";
import {
  CODE_FIELD,
  CODE_FIELD_LENGTH,
  encodeState,
  GO_FIELD,
  type Go,
  goToken,
  PAD_FIELD,
  type PlainState,
  paddingFor,
  STATE_FIELD,
} from "./nojs-wire";
import { nextPage, type Pages, plainPagesOf, previousPage, sectionOfPage } from "./pages";
import { answerText } from "./review";
import { Progress, ReceiptNext, resultsPath } from "./screens";
import { languageName, type RespondentStrings, respondentStrings } from "./strings";

/** Why sending failed in a way the respondent can fix from the review page. */
export type PlainFailure = "rate_limited" | "code_required" | "code_invalid";

export type PlainScreen =
  | { kind: "question"; index: number; editing: boolean; checked: boolean }
  | {
      kind: "review";
      id: string;
      failure: PlainFailure | null;
      /** The invitation code as posted from this page, kept in its field as the answers are. */
      code: string;
    }
  | { kind: "sent"; receipt: string }
  | { kind: "already_sent" };

export interface PlainFormProps {
  survey: Survey;
  language: string;
  /** The answers as posted: carried ones and, on a question's page, its own as given. */
  values: FormValues;
  screen: PlainScreen;
  requiresCode: boolean;
  /**
   * How the page offers the survey's other languages: links on the survey's own page (a GET,
   * with no answers yet), buttons of the form on a page answering a post, which carries the
   * answers so far that a link would lose.
   */
  switching: "links" | "buttons";
}

export const plainFormAction = (slug: string) => `/s/${encodeURIComponent(slug)}/nojs`;

export type PlainText = RespondentStrings & PlainStrings;

export function plainText(survey: Survey, language: string): PlainText {
  return {
    ...respondentStrings(language, survey.languages[0]),
    ...plainStrings(language, survey.languages[0]),
  };
}

interface PageProps {
  survey: Survey;
  t: PlainText;
  text: (value: Text) => string;
  language: string;
}

/** The form's id: the language buttons in the top bar, outside it, post it by this. */
const FORM_ID = "plain-form";

/** The fields every form of these pages posts besides its answers (nojs-wire.ts). */
function Frame(props: {
  survey: Survey;
  state: string;
  padding: number;
  children: ComponentChildren;
}) {
  return (
    <form id={FORM_ID} method="post" action={plainFormAction(props.survey.slug)} novalidate>
      <input type="hidden" name={STATE_FIELD} value={props.state} />
      {props.children}
      <input type="hidden" name={PAD_FIELD} value={"x".repeat(props.padding)} />
    </form>
  );
}

function Button(props: {
  survey: Survey;
  go: Go;
  primary?: boolean;
  label?: string;
  children: string;
}) {
  return (
    <button
      type="submit"
      class={props.primary ? "primary" : "secondary"}
      name={GO_FIELD}
      value={goToken(props.survey, props.go)}
      aria-label={props.label}
    >
      {props.children}
    </button>
  );
}

/** One question as a page draws it. */
export interface PlainField {
  index: number;
  question: Question;
  /** As posted: an option id, option ids, or what was typed. */
  value: string | string[] | undefined;
  problem: FieldProblem | null;
  /** A choice question's options offered after the earlier answers (choice filters). */
  offered: readonly Option[];
}

export interface QuestionPageProps extends PageProps {
  /** The index of the page's first question: its place in the survey, its section. */
  index: number;
  pages: Pages;
  fields: PlainField[];
  state: string;
  /** Which label the main button has: it leads on, to the review, or back to it. */
  leads: "next" | "toReview" | "backToReview";
  back: boolean;
  requiresCode: boolean;
}

const specified = (question: Question) =>
  question.type === "text" ? question.specifies?.question : undefined;

export function QuestionPage(props: QuestionPageProps) {
  const { survey, t, text, fields } = props;
  const section = sectionOfPage(survey, props.index);
  const drawn = (field: PlainField) => (
    <PlainQuestion
      key={field.question.id}
      survey={survey}
      {...field}
      text={text}
      t={t}
      language={props.language}
      specify={specifyOf(field)}
    />
  );
  // An other-specify text is drawn under its option, not on its own (as with the script).
  const specifyOf = (field: PlainField) =>
    new Map(
      fields.flatMap((f) =>
        f.question.type === "text" && f.question.specifies?.question === field.question.id
          ? [[f.question.specifies.option, drawn(f)] as const]
          : [],
      ),
    );
  const inPlace = (f: PlainField) =>
    fields.some((other) => other.question.id === specified(f.question));
  return (
    <Frame
      survey={survey}
      state={props.state}
      padding={paddingFor(
        survey,
        props.pages,
        fields.map((f) => f.index),
        props.requiresCode,
      )}
    >
      <Progress survey={survey} index={props.index} t={t} pages={props.pages} />
      {section?.title ? <h2 class="section">{text(section.title)}</h2> : null}
      {section?.intro ? <p class="intro">{text(section.intro)}</p> : null}
      {fields.filter((f) => !inPlace(f)).map(drawn)}
      {/* The main button first: it is the one Enter presses. */}
      <div class="actions">
        <Button survey={survey} go={{ action: "next" }} primary>
          {t[props.leads]}
        </Button>
        {props.back ? (
          <Button survey={survey} go={{ action: "back" }}>
            {t.back}
          </Button>
        ) : null}
      </div>
    </Frame>
  );
}

export interface ReviewRow {
  index: number;
  label: string;
  /** The answer as the review says it; null when not answered. */
  answer: string | null;
}

export interface ReviewPageProps extends PageProps {
  state: string;
  rows: ReviewRow[];
  failure: PlainFailure | null;
  requiresCode: boolean;
  code: string;
}

export function failureMessage(t: PlainText, failure: PlainFailure): string {
  return { rate_limited: t.rateLimited, code_required: t.codeHint, code_invalid: t.codeInvalid }[
    failure
  ];
}

export function ReviewPage(props: ReviewPageProps) {
  const { survey, t, failure, requiresCode } = props;
  const message = failure ? failureMessage(t, failure) : null;
  return (
    <Frame
      survey={survey}
      state={props.state}
      padding={paddingFor(survey, plainPagesOf(survey), "review", requiresCode)}
    >
      <h2>{t.review}</h2>
      <p>{t.reviewIntro}</p>
      <dl class="review">
        {props.rows.map((row) => (
          <div key={row.index}>
            <dt>{row.label}</dt>
            <dd>
              {row.answer ?? <em>{t.noAnswer}</em>}
              <Button
                survey={survey}
                go={{ action: "change", index: row.index }}
                label={fill(t.changeLabel, { question: row.label })}
              >
                {t.change}
              </Button>
            </dd>
          </div>
        ))}
      </dl>
      {requiresCode ? (
        <div class="code">
          <label for="invitation-code">{t.codeLabel}</label>
          <input
            id="invitation-code"
            name={CODE_FIELD}
            type="text"
            maxLength={CODE_FIELD_LENGTH}
            value={props.code}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            aria-describedby={message ? "send-message" : undefined}
            aria-invalid={failure === "code_invalid" ? "true" : undefined}
          />
        </div>
      ) : null}
      {message ? (
        <p class="error" id="send-message">
          {message}
        </p>
      ) : null}
      {/* "Send" first: it is the button Enter presses, in the code field too. */}
      <div class="actions">
        <Button survey={survey} go={{ action: "send" }} primary>
          {failure ? t.retry : t.send}
        </Button>
        <Button survey={survey} go={{ action: "back" }}>
          {t.back}
        </Button>
      </div>
    </Frame>
  );
}

export function SentPage({ survey, t, receipt }: PageProps & { receipt: string }) {
  return (
    <div class="sent">
      <h2>{t.sentTitle}</h2>
      <p class="receipt">
        {t.receiptLabel}: <strong>{receipt}</strong>
      </p>
      <p>{t.plainSentNote}</p>
      <ReceiptNext t={t} path={resultsPath(survey.slug)} />
    </div>
  );
}

export function AlreadySentPage({ t }: PageProps) {
  return (
    <div class="sent">
      <h2>{t.alreadySent}</h2>
    </div>
  );
}

/** The words around every page without JavaScript, the feedback channel's too (client/feedback/plain.tsx). */
export type PlainChromeText = Pick<
  PlainText,
  "quickExit" | "notice" | "why" | "aboutTitle" | "about"
>;

/**
 * What every page has around its form: the quick exit, the title, the notice and the why; the
 * language picker goes beside the exit (links, which need no script, or on the survey's pages
 * answering a post, buttons of its form: SurveyChrome).
 */
export function PlainChrome(props: {
  title: string;
  t: PlainChromeText;
  languages?: ComponentChildren;
  children: ComponentChildren;
}) {
  const { t } = props;
  return (
    <>
      <TopBar
        exit={
          <a class="quick-exit" href={NEUTRAL_PATH}>
            {t.quickExit}
          </a>
        }
        languages={props.languages}
      />
      <main>
        <h1>{props.title}</h1>
        <p class="plain-notice">
          {t.notice} <a href="#why">{t.why}</a>
        </p>
        {props.children}
        <section class="plain-why" id="why">
          <h2>{t.aboutTitle}</h2>
          <p>{t.about}</p>
        </section>
      </main>
    </>
  );
}

/**
 * The top bar's languages on a page of the form, or nothing for a survey in one language; as
 * buttons, Enter in a field still presses `main` (LanguageButtons).
 */
function PlainLanguages(props: {
  survey: Survey;
  language: string;
  t: PlainText;
  main: Go;
  switching: PlainFormProps["switching"];
}) {
  const { survey, language, t } = props;
  if (survey.languages.length < 2) return null;
  return (
    <LanguagePicker
      languages={survey.languages}
      current={language}
      label={t.languagePicker}
      nameOf={(code) => languageName(code, survey)}
      buttons={
        props.switching === "buttons"
          ? {
              form: FORM_ID,
              name: GO_FIELD,
              main: goToken(survey, props.main),
              valueOf: (code) =>
                goToken(survey, { action: "language", index: survey.languages.indexOf(code) }),
            }
          : undefined
      }
    />
  );
}

function stateOf(survey: Survey, language: string, values: FormValues, screen: PlainScreen) {
  const state: PlainState = {
    language,
    step: screen.kind === "question" ? screen.index : "review",
    editing: screen.kind === "question" && screen.editing,
    id: screen.kind === "review" ? screen.id : null,
    values: carried(survey, values),
  };
  return encodeState(survey, state);
}

/** The questions of the page starting at `index` as they are drawn after these values. */
export function plainFields(
  survey: Survey,
  values: FormValues,
  index: number,
  checked: boolean,
  pages: Pages,
): PlainField[] {
  const answers = toAnswers(survey, values);
  return plainQuestions(survey, values, index, pages).map((i) => {
    const question = survey.questions[i] as Question;
    return {
      index: i,
      question,
      value: values[question.id],
      problem: checked ? problemOf(question, values) : null,
      offered:
        question.type === "single" || question.type === "multi"
          ? offeredOptions(question, answers)
          : [],
    };
  });
}

export function PlainForm({
  survey,
  language,
  values,
  screen,
  requiresCode,
  switching,
}: PlainFormProps) {
  const t = plainText(survey, language);
  const text = pickText(survey, language);
  const page = { survey, t, text, language };
  let body: ComponentChildren;
  if (screen.kind === "question") {
    const pages = plainPagesOf(survey);
    const { index, editing } = screen;
    const last = nextPage(survey, values, index, pages) === null;
    body = (
      <QuestionPage
        {...page}
        index={index}
        pages={pages}
        fields={plainFields(survey, values, index, screen.checked, pages)}
        state={stateOf(survey, language, values, screen)}
        leads={editing ? "backToReview" : last ? "toReview" : "next"}
        back={!editing && previousPage(survey, values, index, pages) !== null}
        requiresCode={requiresCode}
      />
    );
  } else if (screen.kind === "review") {
    const answers = toAnswers(survey, values);
    const rows = shownQuestions(survey, answers).flatMap((question) =>
      question.type === "note"
        ? []
        : [
            {
              index: survey.questions.indexOf(question),
              label: text(question.label),
              answer: answerText(survey, question, answers, language),
            },
          ],
    );
    body = (
      <ReviewPage
        {...page}
        state={stateOf(survey, language, values, screen)}
        rows={rows}
        failure={screen.failure}
        requiresCode={requiresCode}
        code={screen.code}
      />
    );
  } else if (screen.kind === "sent") {
    body = <SentPage {...page} receipt={screen.receipt} />;
  } else {
    body = <AlreadySentPage {...page} />;
  }
  // None beside the receipt, as on the feedback pages: no form carries it, so the page could
  // not be shown again in another language.
  const main: Go | null =
    screen.kind === "question"
      ? { action: "next" }
      : screen.kind === "review"
        ? { action: "send" }
        : null;
  return (
    <SurveyChrome {...page} main={main} switching={switching}>
      {body}
    </SurveyChrome>
  );
}

/**
 * PlainChrome around a page of the survey, with its languages beside a form whose main button
 * is `main`; the same for the page sent and for the bound on its length (nojs-size.tsx).
 */
export function SurveyChrome(
  props: PageProps & {
    main: Go | null;
    switching: PlainFormProps["switching"];
    children: ComponentChildren;
  },
) {
  const { main, switching, children, ...page } = props;
  return (
    <PlainChrome
      title={page.text(page.survey.title)}
      t={page.t}
      languages={main ? <PlainLanguages {...page} main={main} switching={switching} /> : null}
    >
      {children}
    </PlainChrome>
  );
}
