// The coordinator's results page (issue 5 §3): responses are opened in this browser by a pool
// of workers, tabulated, suppressed at the chosen k (DESIGN §8) and previewed; only the
// suppressed tables are ever sent (POST …/publications), and the server audits them again.
// Free-text answers are shown here and nowhere else (DESIGN §9.6).
import "./results.css";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Survey } from "../../../surveys/schema";
import type { KeyPair } from "../../lib/crypto";
import {
  type CountedTable,
  DEFAULT_K,
  FORMAT,
  hideSuppressed,
  MIN_K,
  type Publication,
} from "../../lib/publication";
import type { SuppressResult } from "../../lib/suppress";
import { addTabulations } from "../../lib/tabulate";
import { api } from "../api";
import { openSurveyKey } from "../keys";
import { onLinkClick, surveyPath } from "../router";
import { openInPool } from "./pool";
import type { FreeText, SuppressReply } from "./protocol";
import { PublishingRules } from "./publishing-rules";
import { CountsTable } from "./tables";

const BATCH = 100;

export interface ResultsPageProps {
  slug: string;
  memberKey: KeyPair;
  csrfToken: string;
}

interface Tally {
  tables: CountedTable[] | null;
  texts: FreeText[];
  opened: number;
  unreadable: number;
  otherVersions: number;
}

type Phase =
  | { kind: "loading"; text: string }
  | { kind: "opening"; done: number; total: number }
  | { kind: "done"; seconds: number }
  | { kind: "stopped"; text: string };

interface Refusal {
  message: string;
  cells: { problem: string; table: string; key?: Record<string, unknown>; message?: string }[];
}

const EMPTY: Tally = { tables: null, texts: [], opened: 0, unreadable: 0, otherVersions: 0 };

async function* ciphertextBatches(slug: string): AsyncGenerator<string[]> {
  let after = "";
  for (;;) {
    const page = await api.responses(slug, after);
    if (!page.ok) throw new Error(page.message);
    const ciphertexts = page.value.responses.map((r) => r.ciphertext);
    for (let i = 0; i < ciphertexts.length; i += BATCH) yield ciphertexts.slice(i, i + BATCH);
    if (!page.value.next) return;
    after = page.value.next;
  }
}

function suppressInWorker(tables: CountedTable[], k: number): Promise<SuppressReply> {
  const worker = new Worker(new URL("./suppress-worker.ts", import.meta.url), { type: "module" });
  return new Promise<SuppressReply>((resolve) => {
    worker.onmessage = (event: MessageEvent<SuppressReply>) => resolve(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      resolve({ ok: false, message: event.message || "the suppression worker failed" });
    };
    worker.postMessage({ tables, k });
  }).finally(() => worker.terminate());
}

async function send(
  method: "POST" | "DELETE",
  path: string,
  csrfToken: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> | null }> {
  try {
    const response = await fetch(path, {
      method,
      headers: {
        "x-csrf-token": csrfToken,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
    return { status: response.status, json: await response.json().catch(() => null) };
  } catch {
    return { status: 0, json: null };
  }
}

const errorText = (json: Record<string, unknown> | null, status: number) =>
  (json?.error as { message?: string } | undefined)?.message ??
  (status === 0 ? "the server cannot be reached" : `the server answered ${status}`);

export function ResultsPage({ slug, memberKey, csrfToken }: ResultsPageProps) {
  const [survey, setSurvey] = useState<Survey | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "loading", text: "Opening the survey key…" });
  const [tally, setTally] = useState<Tally>(EMPTY);
  const [k, setK] = useState(DEFAULT_K);
  const [preview, setPreview] = useState<{ k: number; result: SuppressResult } | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const cancel = useRef<AbortController | null>(null);

  async function load() {
    cancel.current?.abort();
    const controller = new AbortController();
    cancel.current = controller;
    setTally(EMPTY);
    setPreview(null);
    setPhase({ kind: "loading", text: "Opening the survey key…" });
    const [detail, sealed] = await Promise.all([api.survey(slug), api.surveyKey(slug)]);
    if (!detail.ok) return setPhase({ kind: "stopped", text: detail.message });
    if (!sealed.ok) {
      return setPhase({
        kind: "stopped",
        text:
          sealed.code === "not_granted"
            ? "You have no access to this survey's answers yet: an owner can give it to you."
            : sealed.message,
      });
    }
    const surveyKey = await openSurveyKey(sealed.value.sealedKey, memberKey);
    if (!surveyKey)
      return setPhase({ kind: "stopped", text: "Your key does not open this survey's key." });
    const versions = detail.value.versions;
    const latest = versions.reduce<Survey | null>(
      (a, v) => (a === null || v.version > a.version ? v : a),
      null,
    );
    if (!latest)
      return setPhase({ kind: "stopped", text: "This survey has no published version." });
    setSurvey(latest);

    const total = detail.value.counts.reduce((sum, day) => sum + day.responses, 0);
    let done = 0;
    let sum: Tally = EMPTY;
    setPhase({ kind: "opening", done, total });
    const started = performance.now();
    const result = await openInPool({
      size: Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8)),
      createWorker: () =>
        new Worker(new URL("./open-worker.ts", import.meta.url), { type: "module" }),
      batches: ciphertextBatches(slug),
      job: { surveyKey, versions, version: latest.version },
      signal: controller.signal,
      onBatch: (batch, size) => {
        done += size;
        sum = {
          tables: sum.tables ? addTabulations(sum.tables, batch.tables) : batch.tables,
          texts: [...sum.texts, ...batch.texts],
          opened: sum.opened + batch.opened,
          unreadable: sum.unreadable + batch.unreadable,
          otherVersions: sum.otherVersions + batch.otherVersions,
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
            ? "Cancelled: nothing was tabulated."
            : `Could not open the answers: ${result.message}`,
      });
    }
    setPhase({ kind: "done", seconds: (performance.now() - started) / 1000 });
  }

  useEffect(() => {
    load();
    return () => cancel.current?.abort();
  }, [slug, memberKey]);

  async function runPreview() {
    if (!tally.tables) return;
    setPreviewing(true);
    setOutcome(null);
    setRefusal(null);
    const reply = await suppressInWorker(tally.tables, k);
    setPreviewing(false);
    if (!reply.ok) return setOutcome(`Suppression failed: ${reply.message}`);
    setPreview({ k, result: reply.result });
  }

  async function publish() {
    if (!preview || !survey) return;
    const publication: Publication = {
      format: FORMAT,
      survey: slug,
      version: survey.version,
      k: preview.k,
      responses: tally.opened,
      unreadable: tally.unreadable,
      tables: hideSuppressed(preview.result.tables),
    };
    setRefusal(null);
    setOutcome("Publishing…");
    const path = `/api/org/surveys/${encodeURIComponent(slug)}/publications`;
    const { status, json } = await send("POST", path, csrfToken, publication);
    if (status === 201) {
      setOutcome(`Published as publication ${json?.number}.`);
    } else if (status === 422) {
      setOutcome(null);
      setRefusal({
        message: errorText(json, status),
        cells: ((json?.cells ?? json?.problems) as Refusal["cells"] | undefined) ?? [],
      });
    } else setOutcome(`Not published: ${errorText(json, status)}`);
  }

  async function withdraw() {
    const path = `/api/org/surveys/${encodeURIComponent(slug)}/publications/current`;
    const { status, json } = await send("DELETE", path, csrfToken);
    setOutcome(
      status === 200
        ? "Withdrawn: the public page shows no results."
        : `Not withdrawn: ${errorText(json, status)}`,
    );
  }

  const validK = Number.isInteger(k) && k >= MIN_K;
  const texts = survey
    ? survey.questions
        .filter((q) => q.type === "text")
        .map((q) => ({
          question: q,
          answers: tally.texts.filter((t) => t.question === q.id).map((t) => t.text),
        }))
    : [];
  const language = survey?.languages[0] ?? "en";

  return (
    <section class="results">
      <p>
        <a href={surveyPath(slug)} onClick={onLinkClick}>
          ← Back to the survey
        </a>
      </p>
      <h1>Results</h1>
      <p class="muted">
        Answers are opened and counted in this browser. Only the suppressed tables you publish leave
        it; free-text answers never do.
      </p>

      {phase.kind === "loading" ? <p class="status busy">{phase.text}</p> : null}
      {phase.kind === "opening" ? (
        <div class="opening">
          <label for="opening-progress">
            Opening answers: {phase.done} of {phase.total} ·{" "}
            <span data-testid="progress-percent">
              {phase.total > 0 ? Math.floor((phase.done / phase.total) * 100) : 100} %
            </span>
          </label>
          <progress id="opening-progress" max={Math.max(phase.total, 1)} value={phase.done} />
          <button type="button" onClick={() => cancel.current?.abort()}>
            Cancel
          </button>
        </div>
      ) : null}
      {phase.kind === "done" ? (
        <p class="opened" data-testid="opened-summary">
          <span data-testid="progress-percent">100 %</span> ·{" "}
          <strong data-testid="opened-count">{tally.opened}</strong> responses opened in{" "}
          <span data-testid="open-seconds">{phase.seconds.toFixed(2)}</span> s ·{" "}
          <strong data-testid="unreadable-count">{tally.unreadable}</strong> unreadable (wrong key,
          altered or not for this survey; never counted)
          {tally.otherVersions > 0
            ? ` · ${tally.otherVersions} answered an earlier version and are not tabulated here`
            : ""}{" "}
          <button type="button" onClick={load}>
            Fetch again
          </button>
        </p>
      ) : null}
      {phase.kind === "stopped" ? (
        <p class="status error" role="alert">
          {phase.text}{" "}
          <button type="button" onClick={load}>
            Try again
          </button>
        </p>
      ) : null}

      {survey && tally.tables && phase.kind === "done" ? (
        <>
          <h2>Tables (true counts, for you only)</h2>
          <div class="tables">
            {tally.tables.map((table) => (
              <CountsTable key={table.id} table={table} survey={survey} />
            ))}
          </div>

          <h2>Free-text answers (never published)</h2>
          {texts.length === 0 ? <p class="muted">This survey has no free-text question.</p> : null}
          {texts.map(({ question, answers }) => (
            <div key={question.id} class="free-texts">
              <h3>{question.label[language] ?? question.id}</h3>
              {answers.length === 0 ? (
                <p class="muted">No answers.</p>
              ) : (
                <ul>
                  {answers.map((text, i) => (
                    <li key={`${i}`}>{text}</li>
                  ))}
                </ul>
              )}
            </div>
          ))}

          <h2>Publish</h2>
          <form
            class="publish"
            onSubmit={(event) => {
              event.preventDefault();
              if (validK) runPreview();
            }}
          >
            <label for="results-k">Smallest count shown (k)</label>
            <input
              id="results-k"
              type="number"
              min={MIN_K}
              step={1}
              value={k}
              aria-describedby="results-k-hint"
              aria-invalid={validK ? undefined : "true"}
              onInput={(event) => {
                setK(Number((event.currentTarget as HTMLInputElement).value));
                setPreview(null);
              }}
            />
            <p id="results-k-hint" class="muted">
              Every count from 1 to k − 1 is hidden, and other cells as cover so that hidden ones
              cannot be worked out. At least {MIN_K}; {DEFAULT_K} unless you have a reason.
            </p>
            {validK ? null : (
              <p class="status error" role="alert">
                k must be a whole number of at least {MIN_K}.
              </p>
            )}
            <PublishingRules
              slug={slug}
              version={survey.version}
              responses={tally.opened}
              k={k}
              revision={outcome}
            />
            <button type="submit" disabled={!validK || previewing}>
              {previewing ? "Suppressing…" : "Preview publication"}
            </button>
          </form>

          {preview ? (
            <>
              <h2>Preview at k = {preview.k}</h2>
              <p data-testid="suppression-summary">
                {preview.result.primaries} primary (small) and {preview.result.secondaries}{" "}
                secondary (cover) cells hidden. Hidden cells show their true count in brackets here
                only; the publication carries no number for them.
              </p>
              <div class="tables preview">
                {preview.result.tables.map((table) => (
                  <CountsTable key={table.id} table={table} survey={survey} />
                ))}
              </div>
              <p class="actions">
                <button type="button" class="primary" onClick={publish}>
                  Publish
                </button>{" "}
                <a href={`/r/${encodeURIComponent(slug)}`}>Public page</a>
              </p>
            </>
          ) : null}
          <p>
            <button type="button" onClick={withdraw}>
              Withdraw the current publication
            </button>
          </p>
          {outcome ? (
            <p class="status" role="status" data-testid="publish-outcome">
              {outcome}
            </p>
          ) : null}
          {refusal ? (
            <div class="status error" role="alert" data-testid="publish-refusal">
              <p>The server refused the publication: {refusal.message}</p>
              <ul>
                {refusal.cells.map((cell, i) => (
                  <li key={`${i}`}>
                    {cell.table} {cell.key ? JSON.stringify(cell.key) : ""}:{" "}
                    {cell.problem ?? cell.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
