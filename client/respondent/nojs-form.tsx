// The pages of the respondent form without JavaScript (issue 6 item 4, issue 15): plain HTML
// forms that post to /s/:slug/nojs, one question a page, then a review with "Cambiar" per
// answer. The answers given so far ride along in the form's state field, so the server keeps
// nothing between pages; every post and every page has one size per survey version
// (nojs-wire.ts, nojs-size.tsx). One line above the question says this way is less private,
// linking to why at the foot of the page: here the server sees the answers before sealing them.
import type { ComponentChildren } from "preact";
import type { AnswerableQuestion, Survey, Text } from "../../surveys/schema";
import { shownQuestions } from "../lib/answers";
import { fill } from "../lib/labels";
import { pickText } from "./app";
import { NEUTRAL_PATH, TopBar } from "./chrome";
import { type FieldProblem, type FormValues, nextShown, previousShown, toAnswers } from "./form";
import { carried } from "./nojs";
import { PlainQuestion } from "./nojs-question";
import { type PlainStrings, plainStrings } from "./nojs-strings";
import {
  CODE_FIELD,
  encodeState,
  GO_FIELD,
  type Go,
  goToken,
  PAD_FIELD,
  type PlainState,
  paddingFor,
  STATE_FIELD,
} from "./nojs-wire";
import { answerText } from "./review";
import { Progress, ReceiptNext, resultsPath } from "./screens";
import { type RespondentStrings, respondentStrings } from "./strings";

/** Why sending failed in a way the respondent can fix from the review page. */
export type PlainFailure = "rate_limited" | "code_required" | "code_invalid";

export type PlainScreen =
  | { kind: "question"; index: number; editing: boolean; problem: FieldProblem | null }
  | { kind: "review"; id: string; failure: PlainFailure | null }
  | { kind: "sent"; receipt: string }
  | { kind: "already_sent" };

export interface PlainFormProps {
  survey: Survey;
  language: string;
  /** The answers as posted: carried ones and, on a question's page, its own as given. */
  values: FormValues;
  screen: PlainScreen;
  requiresCode: boolean;
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
}

/** The fields every form of these pages posts besides its answers (nojs-wire.ts). */
function Frame(props: {
  survey: Survey;
  state: string;
  padding: number;
  children: ComponentChildren;
}) {
  return (
    <form method="post" action={plainFormAction(props.survey.slug)} novalidate>
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

export interface QuestionPageProps extends PageProps {
  question: AnswerableQuestion | Survey["questions"][number];
  index: number;
  state: string;
  value: string | string[] | undefined;
  problem: FieldProblem | null;
  /** Which label the main button has: it leads on, to the review, or back to it. */
  leads: "next" | "toReview" | "backToReview";
  back: boolean;
  requiresCode: boolean;
}

export function QuestionPage(props: QuestionPageProps) {
  const { survey, t, question } = props;
  return (
    <Frame
      survey={survey}
      state={props.state}
      padding={paddingFor(survey, question, props.requiresCode)}
    >
      <Progress survey={survey} index={props.index} t={t} />
      <PlainQuestion
        survey={survey}
        question={question}
        text={props.text}
        t={t}
        value={props.value}
        problem={props.problem}
      />
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
    <Frame survey={survey} state={props.state} padding={paddingFor(survey, "review", requiresCode)}>
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
            maxLength={40}
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

/** What every page has around its form: the quick exit, the title, the notice and the why. */
export function PlainChrome(props: PageProps & { children: ComponentChildren }) {
  const { t } = props;
  return (
    <>
      <TopBar
        exit={
          <a class="quick-exit" href={NEUTRAL_PATH}>
            {t.quickExit}
          </a>
        }
      />
      <main>
        <h1>{props.text(props.survey.title)}</h1>
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

export function PlainForm({ survey, language, values, screen, requiresCode }: PlainFormProps) {
  const t = plainText(survey, language);
  const text = pickText(survey, language);
  const page = { survey, t, text };
  let body: ComponentChildren;
  if (screen.kind === "question") {
    const question = survey.questions[screen.index];
    if (!question) throw new Error(`no question ${screen.index}`);
    const last = nextShown(survey, values, screen.index) === null;
    body = (
      <QuestionPage
        {...page}
        question={question}
        index={screen.index}
        state={stateOf(survey, language, values, screen)}
        value={values[question.id]}
        problem={screen.problem}
        leads={screen.editing ? "backToReview" : last ? "toReview" : "next"}
        back={!screen.editing && previousShown(survey, values, screen.index) !== null}
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
      />
    );
  } else if (screen.kind === "sent") {
    body = <SentPage {...page} receipt={screen.receipt} />;
  } else {
    body = <AlreadySentPage {...page} />;
  }
  return <PlainChrome {...page}>{body}</PlainChrome>;
}
