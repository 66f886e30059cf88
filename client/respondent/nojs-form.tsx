// The pages of the respondent form without JavaScript (issue 6 item 4): plain HTML forms that
// post to /s/:slug/nojs, one question a page, then a review. Every answer given so far rides
// along in hidden fields of the form itself, so the server keeps nothing between pages. Each
// page says that this way is less private: the server sees the answers before it seals them.
import type { ComponentChild } from "preact";
import type { Survey } from "../../surveys/schema";
import { offeredOptions, shownQuestions } from "../lib/answers";
import { surveyText } from "./app";
import { NEUTRAL_PATH, TopBar } from "./chrome";
import { type FieldProblem, type FormValues, toAnswers } from "./form";
import { answerField } from "./nojs";
import { plainStrings } from "./nojs-strings";
import { QuestionField } from "./question";
import { answerText } from "./review";
import { Progress, ReceiptNext, resultsPath } from "./screens";
import { respondentStrings } from "./strings";

/** Why sending failed in a way the respondent can fix from the review page. */
export type PlainFailure = "rate_limited" | "code_required" | "code_invalid";

export type PlainScreen =
  | { kind: "question"; index: number; problem: FieldProblem | null }
  | { kind: "review"; id: string; failure: PlainFailure | null }
  | { kind: "sent"; receipt: string }
  | { kind: "already_sent" };

export interface PlainFormProps {
  survey: Survey;
  language: string;
  values: FormValues;
  screen: PlainScreen;
  requiresCode: boolean;
}

export const plainFormAction = (slug: string) => `/s/${encodeURIComponent(slug)}/nojs`;

/** Ids of the form's own controls; the script's hidden copy of page one uses the bare ones. */
const ID_PREFIX = "nojs-";

/** Every value given so far except the one the page asks for, as hidden fields. */
function Carried({ values, except }: { values: FormValues; except?: string }) {
  return (
    <>
      {Object.entries(values).flatMap(([questionId, value]) =>
        questionId === except
          ? []
          : (Array.isArray(value) ? value : [value]).map((one) => (
              <input
                key={`${questionId}=${one}`}
                type="hidden"
                name={answerField(questionId)}
                value={one}
              />
            )),
      )}
    </>
  );
}

export function PlainForm({ survey, language, values, screen, requiresCode }: PlainFormProps) {
  const t = {
    ...respondentStrings(language, survey.languages[0]),
    ...plainStrings(language, survey.languages[0]),
  };
  const answers = toAnswers(survey, values);
  const text = surveyText(survey, language, answers);
  const shown = shownQuestions(survey, answers);
  let body: ComponentChild;

  if (screen.kind === "question") {
    const question = survey.questions[screen.index];
    if (!question) throw new Error(`no question ${screen.index}`);
    body = (
      <form method="post" action={plainFormAction(survey.slug)} novalidate>
        <input type="hidden" name="lang" value={language} />
        <input type="hidden" name="step" value={String(screen.index)} />
        <Carried values={values} except={question.id} />
        {screen.index === 0 && survey.intro ? <p class="intro">{text(survey.intro)}</p> : null}
        <Progress survey={survey} index={screen.index} t={t} />
        <QuestionField
          question={question}
          text={text}
          t={t}
          language={language}
          value={values[question.id]}
          offered={
            question.type === "single" || question.type === "multi"
              ? offeredOptions(question, answers)
              : undefined
          }
          problem={screen.problem}
          onChange={() => undefined}
          onEnter={() => undefined}
          headingRef={null}
          idPrefix={ID_PREFIX}
        />
        {/* "Next" first: it is the button Enter presses. */}
        <div class="actions">
          <button type="submit" class="primary" name="go" value="next">
            {t.next}
          </button>
          {shown.indexOf(question) > 0 ? (
            <button type="submit" class="secondary" name="go" value="back">
              {t.back}
            </button>
          ) : null}
        </div>
      </form>
    );
  } else if (screen.kind === "review") {
    const { failure } = screen;
    const message = failure
      ? { rate_limited: t.rateLimited, code_required: t.codeHint, code_invalid: t.codeInvalid }[
          failure
        ]
      : null;
    body = (
      <form method="post" action={plainFormAction(survey.slug)} novalidate>
        <input type="hidden" name="lang" value={language} />
        <input type="hidden" name="step" value="review" />
        <input type="hidden" name="id" value={screen.id} />
        <Carried values={values} />
        <h2>{t.review}</h2>
        <p>{t.reviewIntro}</p>
        <dl class="review">
          {shown.map((question) => (
            <div key={question.id}>
              <dt>{text(question.label)}</dt>
              <dd>{answerText(survey, question, answers, language) ?? <em>{t.noAnswer}</em>}</dd>
            </div>
          ))}
        </dl>
        {requiresCode ? (
          <div class="code">
            <label for="invitation-code">{t.codeLabel}</label>
            <input
              id="invitation-code"
              name="code"
              type="text"
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
          <button type="submit" class="primary" name="go" value="send">
            {failure ? t.retry : t.send}
          </button>
          <button type="submit" class="secondary" name="go" value="back">
            {t.back}
          </button>
        </div>
      </form>
    );
  } else if (screen.kind === "sent") {
    body = (
      <div class="sent">
        <h2>{t.sentTitle}</h2>
        <p class="receipt">
          {t.receiptLabel}: <strong>{screen.receipt}</strong>
        </p>
        <p>{t.plainSentNote}</p>
        <ReceiptNext t={t} path={resultsPath(survey.slug)} />
      </div>
    );
  } else {
    body = (
      <div class="sent">
        <h2>{t.alreadySent}</h2>
      </div>
    );
  }

  const done = screen.kind === "sent" || screen.kind === "already_sent";
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
        <h1>{text(survey.title)}</h1>
        {done ? null : <p class="privacy">{t.lessPrivate}</p>}
        {body}
      </main>
    </>
  );
}
