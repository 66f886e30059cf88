// The review step: every shown question with its answer, a way back to change one, and the
// send button with what went wrong when sending failed. Once sealed, answers are locked: a retry
// must carry the same ciphertext under the same id.
import type { Ref } from "preact";
import type { Question, Survey, Text } from "../../surveys/schema";
import { type Answers, shownQuestions } from "../lib/answers";
import { fill } from "../lib/labels";
import { answerText as readAnswer } from "../lib/recall";
import { type FormValues, toAnswers } from "./form";
import type { SendFailure } from "./send";
import type { RespondentStrings } from "./strings";

export type Sending =
  | { state: "idle" }
  | { state: "busy" }
  | { state: "failed"; reason: SendFailure };

/** Failures a retry of the same ciphertext can fix. */
const RETRYABLE: readonly SendFailure[] = [
  "offline",
  "rate_limited",
  "server",
  "code_required",
  "code_invalid",
];

interface ReviewProps {
  survey: Survey;
  values: FormValues;
  text: (value: Text) => string;
  language: string;
  t: RespondentStrings;
  /** Being sent, or sealed already: the answers can no longer change, only be sent again. */
  locked: boolean;
  sending: Sending;
  code: string;
  onCode: (code: string) => void;
  onChange: (index: number) => void;
  onSend: () => void;
  headingRef: Ref<HTMLHeadingElement>;
}

/** The answer to `question` as the review reads it back, or null when there is none. */
export function answerText(survey: Survey, question: Question, answers: Answers, language: string) {
  const value = answers[question.id];
  return value === undefined ? null : readAnswer(survey, question, value, language);
}

export function Review(props: ReviewProps) {
  const { survey, t, text, sending, locked } = props;
  const answers = toAnswers(survey, props.values);
  const shown = shownQuestions(survey, answers);
  const failure = sending.state === "failed" ? sending.reason : null;
  const final = failure !== null && !RETRYABLE.includes(failure);
  const needsCode = failure === "code_required" || failure === "code_invalid";
  const message: Record<SendFailure, string> = {
    key_mismatch: t.keyMismatch,
    offline: t.offline,
    rate_limited: t.rateLimited,
    server: t.serverError,
    closed: t.closed,
    gone: t.gone,
    rejected: t.rejected,
    code_required: t.codeHint,
    code_invalid: t.codeInvalid,
  };
  return (
    <>
      <h2 tabIndex={-1} ref={props.headingRef}>
        {t.review}
      </h2>
      {locked ? null : <p>{t.reviewIntro}</p>}
      <dl class="review">
        {survey.questions.map((question, index) =>
          shown.includes(question) && question.type !== "note" ? (
            <div key={question.id}>
              <dt>{text(question.label)}</dt>
              <dd>
                {answerText(survey, question, answers, props.language) ?? <em>{t.noAnswer}</em>}
                {locked ? null : (
                  <button
                    type="button"
                    class="change"
                    aria-label={fill(t.changeLabel, { question: text(question.label) })}
                    onClick={() => props.onChange(index)}
                  >
                    {t.change}
                  </button>
                )}
              </dd>
            </div>
          ) : null,
        )}
      </dl>
      <p class="privacy">{t.privacyNote}</p>
      {needsCode ? (
        <div class="code">
          <label for="invitation-code">{t.codeLabel}</label>
          <input
            id="invitation-code"
            type="text"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            aria-describedby="send-message"
            aria-invalid={failure === "code_invalid" ? "true" : undefined}
            value={props.code}
            onInput={(event) => props.onCode(event.currentTarget.value)}
          />
        </div>
      ) : null}
      <div aria-live="polite">
        {sending.state === "busy" ? <p class="status">{t.sending}</p> : null}
        {failure ? (
          <p class="error" id="send-message">
            {message[failure]}
          </p>
        ) : null}
      </div>
      {final ? null : (
        <div class="actions">
          <button
            type="button"
            class="primary"
            disabled={sending.state === "busy"}
            onClick={props.onSend}
          >
            {failure ? t.retry : t.send}
          </button>
        </div>
      )}
    </>
  );
}
