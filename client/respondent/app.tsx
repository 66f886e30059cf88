// The respondent's way through a survey: one page per step (a section, or one question outside
// any section: pages.ts), a review, then sealing and sending. Rendered on the server for the first question (page.tsx) and hydrated in the browser
// (main.tsx). Answers live only in this component's state, never in any storage (DESIGN §9.5),
// unless the survey lets respondents resume on this device (resume.ts).
import type { ComponentChild } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Question, Survey, Text } from "../../surveys/schema";
import { type Answers, offeredOptions } from "../lib/answers";
import { directionOf } from "../lib/languages";
import { pickText as textIn, withAnswers, withoutAnswers } from "../lib/recall";
import { LanguagePicker, languageHref, NEUTRAL_PATH, QuickExit, TopBar } from "./chrome";
import { type FormValues, problemOf, toAnswers, withValue } from "./form";
import {
  firstProblemPage,
  isPageShown,
  nextPage,
  pageProblems,
  pageStart,
  previousPage,
  sectionOfPage,
  shownOnPage,
} from "./pages";
import { QuestionField } from "./question";
import { enqueue, keepFlushing } from "./queue";
import { forgetSaved, saveAnswers, savedAnswers } from "./resume";
import { Review, type Sending } from "./review";
import { Leaving, Progress, Queued, Sent } from "./screens";
import {
  postResponse,
  type SendFailure,
  type SendResult,
  type Submission,
  sealAnswers,
} from "./send";
import { type Step, StepHistory } from "./steps";
import type { RespondentStrings } from "./strings";

/** What the server inlines in the page for the browser (page.tsx ⇄ main.tsx). */
export interface PageData {
  survey: Survey;
  publicKey: string;
  language: string;
  /**
   * The interface strings of `language` only, and the name of each survey language: every
   * language's strings would make the script the first tap waits for a third larger (issue 15
   * item 3); another language's arrive when the respondent picks it.
   */
  strings: RespondentStrings;
  languageNames: Record<string, string>;
}

export interface AppProps extends PageData {
  /** Values the respondent gave in the server-rendered page before the script arrived. */
  initial?: FormValues;
  /** The page shown first: the first, or the one the page moved to before the script ran (first-step.ts). */
  at?: number;
  /**
   * Called once the app listens to history, so that a tap made before the script ran can be
   * acted on with its step recorded (main.tsx); a step taken before that had no history entry,
   * and Back then skipped a question.
   */
  onListening?: () => void;
}

type Screen =
  | { kind: "question"; index: number; editing: boolean }
  | { kind: "review" }
  /** Back went below the first question: leave, losing the answers, or stay? */
  | { kind: "leaving" }
  | { kind: "queued"; id: string }
  | { kind: "sent"; receipt: string };

/** Opened in a new tab, Back has nowhere to go: the neutral page instead, after this long. */
const LEAVE_WAIT_MS = 1_000;

/** Failures that only time or a network can fix: the sealed response waits in the queue. */
const QUEUEABLE: readonly SendFailure[] = ["offline", "server", "rate_limited"];

/** The survey's texts in `language`, showing the earlier answers they name (client/lib/recall.ts). */
export function surveyText(survey: Survey, language: string, answers: Answers = {}) {
  return (value: Text): string =>
    withAnswers(textIn(survey, value, language), survey, answers, language);
}

/**
 * The survey's texts where no answer may show: the form without JavaScript, whose pages have one
 * size whatever was answered (DESIGN §9.8), reads each earlier answer a text names as "…".
 */
export function pickText(survey: Survey, language: string) {
  return (value: Text): string => withoutAnswers(textIn(survey, value, language));
}

export function App({
  survey,
  publicKey,
  language: initialLanguage,
  strings,
  languageNames,
  initial,
  at = 0,
  onListening,
}: AppProps) {
  const [language, setLanguage] = useState(initialLanguage);
  const [t, setStrings] = useState(strings);
  const [values, setValues] = useState<FormValues>(initial ?? {});
  const [screen, setScreen] = useState<Screen>({ kind: "question", index: at, editing: false });
  const [showProblem, setShowProblem] = useState(false);
  const [submission, setSubmission] = useState<Submission | null>(null);
  const [sending, setSending] = useState<Sending>({ state: "idle" });
  const [code, setCode] = useState("");
  const [attempt, setAttempt] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const main = useRef<HTMLElement>(null);
  const mounted = useRef(false);
  const outbox = useRef<ReturnType<typeof keepFlushing> | null>(null);
  // Back and Forward arrive outside any render: they read the latest screen and values here.
  const latest = useRef({ screen, values });
  latest.current = { screen, values };
  const steps = useRef<StepHistory | null>(null);

  const text = surveyText(survey, language, toAnswers(survey, values));
  const title = text(survey.title);
  const screenKey = screen.kind === "question" ? `q${screen.index}` : screen.kind;

  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = directionOf(language);
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

  useEffect(() => {
    const history = new StepHistory((step) => arrive(step));
    steps.current = history;
    const stop = history.listen();
    onListening?.();
    return stop;
  }, []);

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
    setScreen(
      saved.at === "review"
        ? { kind: "review" }
        : { kind: "question", index: saved.at, editing: false },
    );
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

  // After a refused "next", the first control with a problem carries the message
  // (aria-describedby).
  useEffect(() => {
    if (attempt === 0) return;
    const controls = main.current;
    (
      controls?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      controls?.querySelector<HTMLElement>("input, textarea")
    )?.focus();
  }, [attempt]);

  /** Where the respondent is now, as a history entry says it. */
  function stepOf(now: Screen): Step {
    if (now.kind === "question" || now.kind === "review" || now.kind === "leaving") return now;
    return { kind: "done" };
  }

  /** A step the respondent took on this page: a new history entry, then the screen. */
  function go(next: Screen, problem = false) {
    steps.current?.push(stepOf(next), stepOf(screen));
    setShowProblem(problem);
    setScreen(next);
  }

  /** Back or Forward brought the browser to `step`. */
  function arrive(step: Step) {
    const { screen: now, values: given } = latest.current;
    setShowProblem(false);
    // Sent or queued: the answers are gone, so Back leaves the survey altogether.
    if (now.kind === "sent" || now.kind === "queued") return steps.current?.leave();
    if (step.kind === "done") return;
    if (step.kind === "leaving") {
      if (Object.keys(given).length === 0) return steps.current?.leave();
      return setScreen({ kind: "leaving" });
    }
    if (step.kind === "review") return setScreen(step);
    // An answer changed since this entry was made may have hidden its page.
    const index = isPageShown(survey, given, step.index)
      ? pageStart(survey, step.index)
      : nextPage(survey, given, step.index);
    const shown: Screen =
      index === null ? { kind: "review" } : { kind: "question", index, editing: step.editing };
    steps.current?.replace(stepOf(shown));
    setScreen(shown);
  }

  function change(question: Question, value: string | string[]) {
    // The first answer makes Back from the first question ask before leaving.
    steps.current?.guard(stepOf(screen));
    setValues((before) => withValue(survey, before, question, value));
  }

  function next(start: number, editing: boolean) {
    if (pageProblems(survey, values, start).length > 0) {
      setShowProblem(true);
      setAttempt((n) => n + 1);
      return;
    }
    if (!editing) {
      const index = nextPage(survey, values, start);
      return go(index === null ? { kind: "review" } : { kind: "question", index, editing: false });
    }
    // Back to the review, unless the change revealed a question that still needs an answer.
    const problem = firstProblemPage(survey, values);
    go(
      problem === null ? { kind: "review" } : { kind: "question", index: problem, editing },
      problem !== null,
    );
  }

  function back(index: number) {
    // The entry below is the question before: Back and this button are one and the same.
    if (steps.current?.hasStepBelow()) return history.back();
    const previous = previousPage(survey, values, index);
    if (previous !== null) go({ kind: "question", index: previous, editing: false });
  }

  async function send() {
    const problem = firstProblemPage(survey, values);
    if (problem !== null) return go({ kind: "question", index: problem, editing: true }, true);
    setSending({ state: "busy" });
    let result: SendResult;
    // Sealed once: a retry sends the same id and the same bytes, so the server stores it once.
    let sealed = submission;
    try {
      if (!sealed) {
        const made = await sealAnswers(survey, toAnswers(survey, values), publicKey, location.hash);
        if (!made.ok) return setSending({ state: "failed", reason: made.reason });
        sealed = made.submission;
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
        go({ kind: "queued", id: sealed.id });
        outbox.current?.soon();
        return;
      }
    }
    if (!result.ok) return setSending({ state: "failed", reason: result.reason });
    forgetAnswers();
    go({ kind: "sent", receipt: result.receipt });
  }

  /** Nothing of the answers stays: not in state, not in the page, not in storage. */
  function forgetAnswers() {
    forgetSaved(survey);
    setValues({});
    setSubmission(null);
    setCode("");
    setSending({ state: "idle" });
  }

  /** DESIGN §9.5: the answers leave memory and this device before the page goes. */
  function forgetAll() {
    saving.current = false;
    outbox.current?.stop();
    forgetSaved(survey);
    setValues({});
    setSubmission(null);
    setCode("");
  }

  /** The respondent chose to leave from the "leaving" step: back to where they came from. */
  function leave() {
    forgetAll();
    steps.current?.leave();
    // Opened in a new tab there is nowhere to go back to: leave for the neutral page instead.
    setTimeout(() => location.replace(NEUTRAL_PATH), LEAVE_WAIT_MS);
  }

  let body: ComponentChild;
  if (screen.kind === "question") {
    const { editing, index } = screen;
    const section = sectionOfPage(survey, index);
    const onPage = shownOnPage(survey, values, index);
    const answers = toAnswers(survey, values);
    const toReview = nextPage(survey, values, index) === null;
    const previous = previousPage(survey, values, index);
    const field = (question: Question, headingRef?: typeof heading): ComponentChild => {
      // An other-specify text on this page is drawn under its option, not on its own.
      const specify = new Map(
        onPage.flatMap((q) =>
          q.type === "text" && q.specifies?.question === question.id
            ? [[q.specifies.option, field(q)] as const]
            : [],
        ),
      );
      return (
        <QuestionField
          key={question.id}
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
          specify={specify}
          problem={showProblem ? problemOf(question, values) : null}
          onChange={(value) => change(question, value)}
          onEnter={() => next(index, editing)}
          headingRef={headingRef}
        />
      );
    };
    const inPlace = (q: Question) =>
      q.type === "text" &&
      q.specifies !== undefined &&
      onPage.some((p) => p.id === q.specifies?.question);
    const standalone = onPage.filter((q) => !inPlace(q));
    body = (
      <>
        {index === 0 && survey.intro ? <p class="intro">{text(survey.intro)}</p> : null}
        {index === 0 && survey.resumeOnDevice ? <p class="hint">{t.resumeNote}</p> : null}
        <Progress survey={survey} index={index} t={t} />
        {section?.title ? (
          <h2 class="section" tabIndex={-1} ref={heading}>
            {text(section.title)}
          </h2>
        ) : null}
        {section?.intro ? <p class="intro">{text(section.intro)}</p> : null}
        {standalone.map((question, i) =>
          field(question, i === 0 && !section?.title ? heading : undefined),
        )}
        <div class="actions">
          <button type="button" class="primary" onClick={() => next(index, editing)}>
            {editing ? t.backToReview : toReview ? t.toReview : t.next}
          </button>
          {previous !== null && !editing ? (
            <button type="button" class="secondary" onClick={() => back(index)}>
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
        onChange={(index) =>
          go({ kind: "question", index: pageStart(survey, index), editing: true })
        }
        onSend={send}
        headingRef={heading}
      />
    );
  } else if (screen.kind === "leaving") {
    body = (
      <Leaving
        t={t}
        headingRef={heading}
        onStay={() => {
          const first = nextPage(survey, values, -1) ?? 0;
          go({ kind: "question", index: first, editing: false });
        }}
        onLeave={leave}
      />
    );
  } else if (screen.kind === "queued") {
    body = (
      <Queued t={t} headingRef={heading} onRetry={() => outbox.current?.now().catch(() => {})} />
    );
  } else {
    body = <Sent t={t} headingRef={heading} receipt={screen.receipt} slug={survey.slug} />;
  }

  return (
    <>
      <TopBar
        exit={
          <QuickExit
            t={t}
            forget={forgetAll}
            rewind={() => steps.current?.rewind() ?? Promise.resolve()}
          />
        }
        languages={
          survey.languages.length > 1 ? (
            <LanguagePicker
              languages={survey.languages}
              current={language}
              label={t.languagePicker}
              nameOf={(code) => languageNames[code] ?? code}
              onPick={(code) =>
                import("./strings")
                  .then(({ respondentStrings }) => {
                    setStrings(respondentStrings(code, survey.languages[0]));
                    setLanguage(code);
                    // In the address too, so that a reload or the link reopened keeps it (the
                    // phone's own language came back before). The step's entry stays as it is.
                    history.replaceState(history.state, "", languageHref(code));
                  })
                  // Offline before the strings were ever fetched: the link's own way, the page
                  // in that language, is all that is left.
                  .catch(() => location.assign(languageHref(code)))
              }
            />
          ) : null
        }
      />
      <main ref={main}>
        <h1>{title}</h1>
        {body}
      </main>
    </>
  );
}
