// The respondent's way through a survey: one question per step, a review, then sealing and
// sending. Rendered on the server for the first question (page.tsx) and hydrated in the browser
// (main.tsx). Answers live only in this component's state, never in any storage (DESIGN §9.5),
// unless the survey lets respondents resume on this device (resume.ts).
import type { ComponentChild } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Question, Survey, Text } from "../../surveys/schema";
import { shownQuestions } from "../lib/answers";
import { fill } from "../lib/labels";
import { LanguagePicker, QuickExit } from "./chrome";
import {
  type FormValues,
  firstProblem,
  nextShown,
  previousShown,
  problemOf,
  toAnswers,
} from "./form";
import { QuestionField } from "./question";
import { enqueue, keepFlushing } from "./queue";
import { forgetSaved, saveAnswers, savedAnswers } from "./resume";
import { Review, type Sending } from "./review";
import {
  postResponse,
  type SendFailure,
  type SendResult,
  type Submission,
  sealAnswers,
} from "./send";
import { respondentStrings } from "./strings";

/** What the server inlines in the page for the browser (page.tsx ⇄ main.tsx). */
export interface PageData {
  survey: Survey;
  publicKey: string;
  language: string;
}

export interface AppProps extends PageData {
  /** Values the respondent gave in the server-rendered page before the script arrived. */
  initial?: FormValues;
}

type Screen =
  | { kind: "question"; index: number }
  | { kind: "review" }
  | { kind: "queued"; id: string }
  | { kind: "sent"; receipt: string };

/** Failures that only time or a network can fix: the sealed response waits in the queue. */
const QUEUEABLE: readonly SendFailure[] = ["offline", "server", "rate_limited"];

export function pickText(survey: Survey, language: string) {
  return (value: Text): string =>
    value[language] ?? value[survey.languages[0] ?? ""] ?? Object.values(value)[0] ?? "";
}

export function App({ survey, publicKey, language: initialLanguage, initial }: AppProps) {
  const [language, setLanguage] = useState(initialLanguage);
  const [values, setValues] = useState<FormValues>(initial ?? {});
  const [screen, setScreen] = useState<Screen>({ kind: "question", index: 0 });
  const [showProblem, setShowProblem] = useState(false);
  const [editing, setEditing] = useState(false);
  const [submission, setSubmission] = useState<Submission | null>(null);
  const [sending, setSending] = useState<Sending>({ state: "idle" });
  const [code, setCode] = useState("");
  const [attempt, setAttempt] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const main = useRef<HTMLElement>(null);
  const mounted = useRef(false);
  const outbox = useRef<ReturnType<typeof keepFlushing> | null>(null);

  const t = respondentStrings(language, survey.languages[0]);
  const text = pickText(survey, language);
  const title = text(survey.title);
  const screenKey = screen.kind === "question" ? `q${screen.index}` : screen.kind;

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = title;
  }, [language, title]);

  // A new step starts at the top and tells screen readers where they are; not on first load.
  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    window.scrollTo(0, 0);
    heading.current?.focus({ preventScroll: true });
  }, [screenKey]);

  // Saving waits until what was saved before is read back (the effect below, after hydration,
  // so the server's first question and the script's agree), and stops for good on quick exit.
  const saving = useRef(false);
  useEffect(() => {
    if (!saving.current || (screen.kind !== "question" && screen.kind !== "review")) return;
    saveAnswers(survey, { values, at: screen.kind === "review" ? "review" : screen.index });
  }, [survey, values, screen]);
  useEffect(() => {
    saving.current = true;
    const saved = savedAnswers(survey);
    if (!saved) return;
    setValues((given) => ({ ...saved.values, ...given }));
    setScreen(saved.at === "review" ? { kind: "review" } : { kind: "question", index: saved.at });
  }, [survey]);

  // Whatever waits from this visit or an earlier one is sent as soon as it can be.
  useEffect(() => {
    const flusher = keepFlushing(
      (item) => postResponse(item.slug, { id: item.id, ciphertext: item.ciphertext }, item.code),
      (id, result) => {
        if (!result.ok) return;
        setScreen((now) =>
          now.kind === "queued" && now.id === id ? { kind: "sent", receipt: result.receipt } : now,
        );
      },
    );
    outbox.current = flusher;
    flusher.now().catch(() => undefined);
    return () => flusher.stop();
  }, []);

  // After a refused "next", the first control carries the message (aria-describedby).
  useEffect(() => {
    if (attempt > 0) main.current?.querySelector<HTMLElement>("input, textarea")?.focus();
  }, [attempt]);

  function goTo(index: number | null) {
    setShowProblem(false);
    setScreen(index === null ? { kind: "review" } : { kind: "question", index });
  }

  function next(question: Question) {
    if (problemOf(question, values)) {
      setShowProblem(true);
      setAttempt((n) => n + 1);
      return;
    }
    if (!editing) return goTo(nextShown(survey, values, survey.questions.indexOf(question)));
    // Back to the review, unless the change revealed a question that still needs an answer.
    const problem = firstProblem(survey, values);
    goTo(problem);
    if (problem !== null) setShowProblem(true);
    else setEditing(false);
  }

  async function send() {
    const problem = firstProblem(survey, values);
    if (problem !== null) {
      setEditing(true);
      goTo(problem);
      setShowProblem(true);
      return;
    }
    setSending({ state: "busy" });
    let result: SendResult;
    // Sealed once: a retry sends the same id and the same bytes, so the server stores it once.
    let sealed = submission;
    try {
      if (!sealed) {
        sealed = await sealAnswers(survey, toAnswers(survey, values), publicKey);
        if (!sealed) return setSending({ state: "failed", reason: "offline" });
        setSubmission(sealed);
      }
      result = await postResponse(survey.slug, sealed, code.trim() || undefined);
    } catch (error) {
      // A bug (a bad public key, say): never leave "sending…" on screen forever.
      setSending({ state: "failed", reason: "rejected" });
      throw error;
    }
    if (!result.ok && QUEUEABLE.includes(result.reason)) {
      // Only the ciphertext waits on the phone (DESIGN §9.5); the answers leave memory now.
      const stored = await enqueue({ ...sealed, slug: survey.slug, code: code.trim() || undefined })
        .then(() => true)
        .catch(() => false);
      if (stored) {
        forgetAnswers();
        setScreen({ kind: "queued", id: sealed.id });
        outbox.current?.soon();
        return;
      }
    }
    if (!result.ok) return setSending({ state: "failed", reason: result.reason });
    forgetAnswers();
    setScreen({ kind: "sent", receipt: result.receipt });
  }

  /** Nothing of the answers stays: not in state, not in the page, not behind "back". */
  function forgetAnswers() {
    forgetSaved(survey);
    setValues({});
    setSubmission(null);
    setCode("");
    setSending({ state: "idle" });
    history.replaceState(null, "", location.pathname);
  }

  /** DESIGN §9.5: the answers leave memory and this device before the page goes. */
  function forgetAll() {
    saving.current = false;
    forgetSaved(survey);
    setValues({});
    setSubmission(null);
    setCode("");
  }

  let body: ComponentChild;
  if (screen.kind === "question") {
    const question = survey.questions[screen.index] as Question;
    const shown = shownQuestions(survey, toAnswers(survey, values));
    const position = shown.indexOf(question) + 1;
    const previous = previousShown(survey, values, screen.index);
    body = (
      <>
        {screen.index === 0 && survey.intro ? <p class="intro">{text(survey.intro)}</p> : null}
        {screen.index === 0 && survey.resumeOnDevice ? <p class="hint">{t.resumeNote}</p> : null}
        <p class="progress">
          {fill(t.questionOf, { n: position, total: shown.length })}
          <progress value={position} max={shown.length} aria-hidden="true" />
        </p>
        <QuestionField
          key={question.id}
          question={question}
          text={text}
          t={t}
          value={values[question.id]}
          problem={showProblem ? problemOf(question, values) : null}
          onChange={(value) => setValues((before) => ({ ...before, [question.id]: value }))}
          onEnter={() => next(question)}
          headingRef={heading}
        />
        <div class="actions">
          <button type="button" class="primary" onClick={() => next(question)}>
            {editing ? t.backToReview : t.next}
          </button>
          {previous !== null && !editing ? (
            <button type="button" class="secondary" onClick={() => goTo(previous)}>
              {t.back}
            </button>
          ) : null}
        </div>
      </>
    );
  } else if (screen.kind === "review") {
    body = (
      <Review
        survey={survey}
        values={values}
        text={text}
        language={language}
        t={t}
        locked={submission !== null || sending.state === "busy"}
        sending={sending}
        code={code}
        onCode={setCode}
        onChange={(index) => {
          setEditing(true);
          goTo(index);
        }}
        onSend={send}
        headingRef={heading}
      />
    );
  } else if (screen.kind === "queued") {
    body = (
      <div class="sent" aria-live="polite">
        <h2 tabIndex={-1} ref={heading}>
          {t.queuedTitle}
        </h2>
        <p>{t.queuedNote}</p>
        <div class="actions">
          <button
            type="button"
            class="secondary"
            onClick={() => outbox.current?.now().catch(() => undefined)}
          >
            {t.retry}
          </button>
        </div>
      </div>
    );
  } else {
    body = (
      <div class="sent" aria-live="polite">
        <h2 tabIndex={-1} ref={heading}>
          {t.sentTitle}
        </h2>
        <p class="receipt">
          {t.receiptLabel}: <strong>{screen.receipt}</strong>
        </p>
        <p>{t.receiptNote}</p>
      </div>
    );
  }

  return (
    <main ref={main}>
      <QuickExit label={t.quickExit} forget={forgetAll} />
      {survey.languages.length > 1 ? (
        <LanguagePicker
          languages={survey.languages}
          current={language}
          label={t.languagePicker}
          onPick={setLanguage}
        />
      ) : null}
      <h1>{title}</h1>
      {body}
    </main>
  );
}
