// The coordinator's results page (issue 5 §3, issue 16): responses are opened in this browser
// by a pool of workers, read as a report (report.tsx), exported (export.tsx), and published
// (publish.tsx: suppressed at the chosen k, DESIGN §8, and audited again by the server).
// Free-text answers are shown here and nowhere else (DESIGN §9.6).
import "./results.css";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Survey } from "../../../surveys/schema";
import { othersAsking } from "../../../surveys/wording";
import type { Answers } from "../../lib/answers";
import type { KeyPair } from "../../lib/crypto";
import { fill } from "../../lib/labels";
import type { CountedTable } from "../../lib/publication";
import { reportedQuestions } from "../../lib/report";
import { addTabulations } from "../../lib/tabulate";
import { resultsStrings } from "../../public/strings";
import { api } from "../api";
import { firstCopies, openSurveyKeys } from "../keys";
import { onLinkClick, surveyPath } from "../router";
import { useStrings } from "../strings";
import { ExportAnswers, languageOwnName } from "./export";
import { openInPool } from "./pool";
import { PublishPanel } from "./publish";
import { questionAnchor, questionLabel, Report } from "./report";

const BATCH = 100;

export interface ResultsPageProps {
  slug: string;
  memberKey: KeyPair;
  csrfToken: string;
}

interface Tally {
  tables: CountedTable[] | null;
  /** Opened answers to the tabulated version: in this tab's memory only, never sent. */
  answers: Answers[];
  opened: number;
  unreadable: number;
  otherVersions: number;
  /** Responses whose sealed box was already counted: copies, never counted again. */
  copies: number;
}

type Phase =
  | { kind: "loading"; text: string }
  | { kind: "opening"; done: number; total: number }
  | { kind: "done"; seconds: number }
  | { kind: "stopped"; text: string };

const EMPTY: Tally = {
  tables: null,
  answers: [],
  opened: 0,
  unreadable: 0,
  otherVersions: 0,
  copies: 0,
};

/** The survey's sealed boxes, each once; `copy` hears of each one already seen. */
async function* ciphertextBatches(slug: string, copy: () => void): AsyncGenerator<string[]> {
  const first = await firstCopies();
  let after = "";
  for (;;) {
    const page = await api.responses(slug, after);
    if (!page.ok) throw new Error(page.message);
    const ciphertexts = page.value.responses.flatMap((r) => {
      if (first(r.ciphertext)) return [r.ciphertext];
      copy();
      return [];
    });
    for (let i = 0; i < ciphertexts.length; i += BATCH) yield ciphertexts.slice(i, i + BATCH);
    if (!page.value.next) return;
    after = page.value.next;
  }
}

export function ResultsPage({ slug, memberKey, csrfToken }: ResultsPageProps) {
  const t = useStrings().results;
  const [survey, setSurvey] = useState<Survey | null>(null);
  const [surveyKeys, setSurveyKeys] = useState<KeyPair[]>([]);
  const [phase, setPhase] = useState<Phase>({ kind: "loading", text: t.openingKey });
  const [tally, setTally] = useState<Tally>(EMPTY);
  const [language, setLanguage] = useState("");
  const [breakdown, setBreakdown] = useState<string | null>(null);
  const cancel = useRef<AbortController | null>(null);

  async function load() {
    cancel.current?.abort();
    const controller = new AbortController();
    cancel.current = controller;
    setTally(EMPTY);
    setPhase({ kind: "loading", text: t.openingKey });
    const [detail, sealed] = await Promise.all([api.survey(slug), api.surveyKey(slug)]);
    if (!detail.ok) return setPhase({ kind: "stopped", text: detail.message });
    if (!sealed.ok) {
      return setPhase({
        kind: "stopped",
        text: sealed.code === "not_granted" ? t.notGranted : sealed.message,
      });
    }
    const surveyKeys = await openSurveyKeys(sealed.value.keys, memberKey);
    if (surveyKeys.length === 0) return setPhase({ kind: "stopped", text: t.noKey });
    setSurveyKeys(surveyKeys);
    const versions = detail.value.versions;
    const latest = versions.reduce<Survey | null>(
      (a, v) => (a === null || v.version > a.version ? v : a),
      null,
    );
    if (!latest) return setPhase({ kind: "stopped", text: t.noVersion });
    setSurvey(latest);
    setLanguage((current) =>
      latest.languages.includes(current) ? current : (latest.languages[0] ?? ""),
    );

    const total = detail.value.counts.reduce((sum, day) => sum + day.responses, 0);
    let done = 0;
    let sum: Tally = EMPTY;
    let copies = 0;
    const answersByBatch: Answers[][] = [];
    setPhase({ kind: "opening", done, total });
    const started = performance.now();
    const result = await openInPool({
      size: Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8)),
      createWorker: () =>
        new Worker(new URL("./open-worker.ts", import.meta.url), { type: "module" }),
      batches: ciphertextBatches(slug, () => {
        copies++;
      }),
      job: {
        surveyKeys,
        versions,
        version: latest.version,
        sameQuestions: othersAsking(latest, versions).map((v) => v.version),
      },
      signal: controller.signal,
      onBatch: (batch, size, index) => {
        done += size;
        answersByBatch[index] = batch.answers;
        sum = {
          tables: sum.tables ? addTabulations(sum.tables, batch.tables) : batch.tables,
          answers: [],
          opened: sum.opened + batch.opened,
          unreadable: sum.unreadable + batch.unreadable,
          otherVersions: sum.otherVersions + batch.otherVersions,
          copies,
        };
        setTally(sum);
        setPhase({ kind: "opening", done, total: Math.max(total, done) });
      },
    });
    // A newer load replaced this one: its outcome is no longer what the page shows.
    if (cancel.current !== controller) return;
    if (!result.ok) {
      setTally(EMPTY);
      return setPhase({
        kind: "stopped",
        text:
          result.reason === "cancelled"
            ? t.cancelled
            : fill(t.notOpened, { reason: result.message }),
      });
    }
    // In the server's order, whichever worker finished first: the same file on every export.
    setTally({ ...sum, copies, answers: answersByBatch.flat() });
    setPhase({ kind: "done", seconds: (performance.now() - started) / 1000 });
  }

  useEffect(() => {
    load();
    return () => cancel.current?.abort();
  }, [slug, memberKey]);

  const texts = survey
    ? survey.questions
        .filter((q) => q.type === "text")
        .map((q) => ({
          question: q,
          answers: tally.answers
            .map((a) => a[q.id])
            .filter((t): t is string => typeof t === "string" && t.trim() !== ""),
        }))
    : [];

  return (
    <section class="results">
      <p>
        <a href={surveyPath(slug)} onClick={onLinkClick}>
          ← {t.back}
        </a>
      </p>
      <h1>{t.heading}</h1>
      <p class="muted">{t.intro}</p>

      {phase.kind === "loading" ? <p class="status busy">{phase.text}</p> : null}
      {phase.kind === "opening" ? (
        <div class="opening">
          <label for="opening-progress">
            {fill(t.progress, { done: phase.done, total: phase.total })} ·{" "}
            <span data-testid="progress-percent">
              {phase.total > 0 ? Math.floor((phase.done / phase.total) * 100) : 100} %
            </span>
          </label>
          <progress id="opening-progress" max={Math.max(phase.total, 1)} value={phase.done} />
          <button type="button" onClick={() => cancel.current?.abort()}>
            {t.cancel}
          </button>
        </div>
      ) : null}
      {phase.kind === "done" ? (
        <p class="opened" data-testid="opened-summary">
          <span data-testid="progress-percent">100 %</span> ·{" "}
          <strong data-testid="opened-count">{tally.opened}</strong> {t.openedIn}{" "}
          <span data-testid="open-seconds">{phase.seconds.toFixed(2)}</span> s ·{" "}
          <strong data-testid="unreadable-count">{tally.unreadable}</strong>{" "}
          {tally.unreadable === 1 ? t.oneUnreadable : t.unreadable}
          {tally.otherVersions > 0 ? ` · ${fill(t.otherVersions, { n: tally.otherVersions })}` : ""}
          {tally.copies > 0 ? (
            <>
              {" · "}
              <span data-testid="copies-count">
                {tally.copies === 1 ? t.oneCopy : fill(t.copies, { n: tally.copies })}
              </span>
            </>
          ) : null}{" "}
          <button type="button" onClick={load}>
            {t.fetchAgain}
          </button>
        </p>
      ) : null}
      {phase.kind === "stopped" ? (
        <p class="status error" role="alert">
          {phase.text}{" "}
          <button type="button" onClick={load}>
            {t.tryAgain}
          </button>
        </p>
      ) : null}

      {survey && tally.tables && phase.kind === "done" ? (
        <>
          <ReportControls
            survey={survey}
            language={language}
            onLanguage={setLanguage}
            breakdown={breakdown}
            onBreakdown={setBreakdown}
          />
          <Contents survey={survey} language={language} />

          <section class="report" aria-labelledby="report-heading">
            <h2 id="report-heading">{t.byQuestion}</h2>
            <Report
              survey={survey}
              answers={tally.answers}
              language={language}
              breakdown={breakdown}
            />
          </section>

          <section id="free-text" aria-labelledby="free-text-heading">
            <h2 id="free-text-heading">{t.freeTextHeading}</h2>
            {texts.length === 0 ? <p class="muted">{t.noFreeText}</p> : null}
            {texts.map(({ question, answers }) => (
              <details key={question.id} class="free-texts" open={answers.length <= 20}>
                <summary>
                  {question.label[language] ?? question.id}{" "}
                  <span class="muted">· {fill(t.answersCount, { n: answers.length })}</span>
                </summary>
                {answers.length === 0 ? (
                  <p class="muted">{t.noAnswers}</p>
                ) : (
                  <ul>
                    {answers.map((text, i) => (
                      <li key={`${i}`}>{text}</li>
                    ))}
                  </ul>
                )}
              </details>
            ))}
          </section>

          <ExportAnswers
            survey={survey}
            answers={tally.answers}
            surveyKeys={surveyKeys}
            language={language}
          />

          <PublishPanel
            slug={slug}
            survey={survey}
            tables={tally.tables}
            opened={tally.opened}
            unreadable={tally.unreadable}
            csrfToken={csrfToken}
            language={language}
          />
        </>
      ) : null}
    </section>
  );
}

/** The report's two choices: the survey language of every label, and a breakdown. */
function ReportControls(props: {
  survey: Survey;
  language: string;
  onLanguage: (language: string) => void;
  breakdown: string | null;
  onBreakdown: (breakdown: string | null) => void;
}) {
  const { survey, language, breakdown } = props;
  const t = useStrings().results;
  const words = { language, survey, t: resultsStrings(language) };
  const singles = survey.questions.filter((q) => q.type === "single");
  // The survey's breakdowns first: those are the groups it was designed to compare.
  const choices = [
    ...survey.breakdowns.flatMap((id) => singles.filter((q) => q.id === id)),
    ...singles.filter((q) => !survey.breakdowns.includes(q.id)),
  ];
  return (
    <div class="report-controls">
      {survey.languages.length > 1 ? (
        <p>
          <label for="report-language">{t.labelsIn}</label>{" "}
          <select
            id="report-language"
            value={language}
            onChange={(event) => props.onLanguage((event.currentTarget as HTMLSelectElement).value)}
          >
            {survey.languages.map((code) => (
              <option key={code} value={code} lang={code}>
                {languageOwnName(code)}
              </option>
            ))}
          </select>
        </p>
      ) : null}
      <p>
        <label for="report-breakdown">{t.breakDown}</label>{" "}
        <select
          id="report-breakdown"
          value={breakdown ?? ""}
          onChange={(event) =>
            props.onBreakdown((event.currentTarget as HTMLSelectElement).value || null)
          }
        >
          <option value="">{t.everyone}</option>
          {choices.map((q) => (
            <option key={q.id} value={q.id}>
              {questionLabel(q, words)}
            </option>
          ))}
        </select>
      </p>
    </div>
  );
}

function Contents({ survey, language }: { survey: Survey; language: string }) {
  const t = useStrings().results;
  const words = { language, survey, t: resultsStrings(language) };
  return (
    <nav class="contents" aria-labelledby="contents-heading">
      <h2 id="contents-heading">{t.contents}</h2>
      <ol>
        {reportedQuestions(survey).map((q) => (
          <li key={q.id}>
            <a href={`#${questionAnchor(q)}`}>{questionLabel(q, words)}</a>
          </li>
        ))}
      </ol>
      <ul>
        <li>
          <a href="#free-text">{t.freeText}</a>
        </li>
        <li>
          <a href="#export">{t.export}</a>
        </li>
        <li>
          <a href="#publish">{t.publish}</a>
        </li>
      </ul>
    </nav>
  );
}
