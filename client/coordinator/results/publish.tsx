// Publishing from the results page (DESIGN §7–8): choose k, preview in a worker what the
// suppression hides, publish through the server's gate (which audits again) or withdraw. Only
// the suppressed tables ever leave this tab.
import { useId, useState } from "preact/hooks";
import type { Survey } from "../../../surveys/schema";
import { fill, surveyLabels } from "../../lib/labels";
import { type EarlierTables, readEarlierPublications } from "../../lib/policy";
import {
  type CountedTable,
  DEFAULT_K,
  FORMAT,
  hideSuppressed,
  MIN_K,
  type Publication,
} from "../../lib/publication";
import { reportedQuestions } from "../../lib/report";
import type { ReasonedTable, SuppressResult } from "../../lib/suppress";
import { crossedBy } from "../../lib/tabulate";
import { resultsStrings } from "../../public/strings";
import { api } from "../api";
import { type Earlier, HiddenReasons } from "../reasons";
import { useStrings } from "../strings";
import type { WorkspaceStrings } from "../strings/en";
import { Forecast, KeptPattern, PreviewProgress, Untried, usePreview } from "./preview";
import type { GateForecast } from "./protocol";
import { PublishingRules } from "./publishing-rules";
import { questionLabel } from "./report";
import { CountsTable } from "./tables";

interface Refusal {
  message: string;
  cells: { problem: string; table: string; key?: Record<string, unknown>; message?: string }[];
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

const errorText = (
  t: WorkspaceStrings["publish"],
  json: Record<string, unknown> | null,
  status: number,
) =>
  (json?.error as { message?: string } | undefined)?.message ??
  (status === 0 ? t.unreachable : fill(t.answered, { status }));

/** The preview's tables, one folded group per question (its one-way table and its crosses). */
function PreviewTables({
  survey,
  tables,
  language,
  k,
  earlier,
}: {
  survey: Survey;
  tables: ReasonedTable[];
  language: string;
  k: number;
  earlier: readonly Earlier[];
}) {
  const words = { language, survey, t: resultsStrings(language) };
  const labels = surveyLabels(survey, language, words.t);
  const t = useStrings().publish;
  return (
    <div class="preview">
      {reportedQuestions(survey).map((question) => {
        const own = tables.filter((table) => {
          const first = table.variables[0] ?? "";
          return first === question.id || first.startsWith(`${question.id}.`);
        });
        if (own.length === 0) return null;
        const hidden = own.reduce(
          (n, table) => n + table.cells.filter((cell) => cell.suppressed).length,
          0,
        );
        return (
          <details key={question.id}>
            <summary>
              {questionLabel(question, words)}{" "}
              <span class="muted">
                · {own.length === 1 ? t.oneTable : fill(t.tables, { n: own.length })} ·{" "}
                {hidden === 1 ? t.oneHiddenCell : fill(t.hiddenCells, { n: hidden })}
              </span>
            </summary>
            <HiddenReasons
              cells={own.flatMap((table) => table.cells)}
              k={k}
              earlier={earlier}
              labels={labels}
            />
            <div class="tables">
              {own.map((table) => (
                <CountsTable key={table.id} table={table} survey={survey} language={language} />
              ))}
            </div>
          </details>
        );
      })}
    </div>
  );
}

function CrossBy({
  survey,
  language,
  chosen,
  onChange,
}: {
  survey: Survey;
  language: string;
  chosen: readonly string[];
  onChange: (next: string[]) => void;
}) {
  const t = useStrings().publish;
  const words = { language, survey, t: resultsStrings(language) };
  const breakdowns = survey.questions.filter((q) => survey.breakdowns.includes(q.id));
  if (breakdowns.length === 0) return null;
  return (
    <fieldset class="cross-by">
      <legend>{t.crossBy}</legend>
      {breakdowns.map((question) => (
        <label class="check" key={question.id}>
          <input
            type="checkbox"
            checked={chosen.includes(question.id)}
            onChange={(event) => {
              const on = event.currentTarget.checked;
              // In the survey's order, whichever order they were ticked in.
              onChange(
                survey.breakdowns.filter((b) => (b === question.id ? on : chosen.includes(b))),
              );
            }}
          />{" "}
          {questionLabel(question, words)}
        </label>
      ))}
      <p class="muted">{t.crossByHint}</p>
    </fieldset>
  );
}

export interface PublishProps {
  slug: string;
  survey: Survey;
  tables: CountedTable[];
  opened: number;
  unreadable: number;
  csrfToken: string;
  language: string;
}

export function PublishPanel({
  slug,
  survey,
  tables,
  opened,
  unreadable,
  csrfToken,
  language,
}: PublishProps) {
  const id = useId();
  const [k, setK] = useState(DEFAULT_K);
  const [crossBy, setCrossBy] = useState<readonly string[]>(survey.breakdowns);
  const [previewing, setPreviewing] = useState(false);
  const worker = usePreview<{
    k: number;
    result: SuppressResult;
    earlier: EarlierTables[];
    gate: GateForecast;
    newPattern: boolean;
  }>();
  const { preview, setPreview, settingsChanged } = worker;
  const [outcome, setOutcome] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const validK = Number.isInteger(k) && k >= MIN_K;
  const t = useStrings().publish;

  /**
   * `newPattern`: the coordinator asked to look at every cell again rather than keep the last
   * publication's hidden cells (then the gate checks it against the last one alone).
   */
  async function runPreview({ tryAll = false, newPattern = false } = {}) {
    setPreviewing(true);
    setOutcome(null);
    setRefusal(null);
    const ticket = worker.ticket();
    // The gate audits against every earlier publication of these respondents: so does this.
    const read = await api.earlierPublications(slug, survey.version);
    const after = read.ok ? readEarlierPublications(read.value) : null;
    if (!after) {
      setPreviewing(false);
      return setOutcome(fill(t.noEarlier, { reason: read.ok ? t.notUnderstood : read.message }));
    }
    const { earlier, gateWork } = after;
    const history = earlier.map((e) => e.publication);
    const chosen = crossedBy(tables, crossBy);
    const keepPattern = !newPattern;
    const request = {
      tables: chosen,
      k,
      responses: opened,
      survey,
      history,
      gateWork,
      tryAll,
      keepPattern,
    };
    const reply = await worker.run(request, ticket);
    setPreviewing(false);
    if (reply === "stopped") return setOutcome(t.stopped);
    if (!reply.ok) return setOutcome(fill(t.suppressionFailed, { reason: reply.message }));
    setPreview({ k, result: reply.result, earlier, gate: reply.gate, newPattern });
  }

  async function publish() {
    if (!preview) return;
    const publication: Publication = {
      format: FORMAT,
      survey: slug,
      version: survey.version,
      k: preview.k,
      responses: opened,
      unreadable,
      tables: hideSuppressed(preview.result.tables),
    };
    setRefusal(null);
    setOutcome(t.publishing);
    const path = `/api/org/surveys/${encodeURIComponent(slug)}/publications`;
    const { status, json } = await send("POST", path, csrfToken, publication);
    if (status === 201) {
      setOutcome(fill(t.published, { number: String(json?.number) }));
    } else if (status === 422) {
      setOutcome(null);
      setRefusal({
        message: errorText(t, json, status),
        cells: ((json?.cells ?? json?.problems) as Refusal["cells"] | undefined) ?? [],
      });
    } else setOutcome(fill(t.notPublished, { reason: errorText(t, json, status) }));
  }

  async function withdraw() {
    const path = `/api/org/surveys/${encodeURIComponent(slug)}/publications/current`;
    const { status, json } = await send("DELETE", path, csrfToken);
    setOutcome(
      status === 200 ? t.withdrawn : fill(t.notWithdrawn, { reason: errorText(t, json, status) }),
    );
  }

  return (
    <section class="publish-panel" id="publish" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t.heading}</h2>
      <form
        class="publish"
        onSubmit={(event) => {
          event.preventDefault();
          if (validK) runPreview();
        }}
      >
        <label for="results-k">{t.k}</label>
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
            settingsChanged();
          }}
        />
        <p id="results-k-hint" class="muted">
          {fill(t.kHint, { min: MIN_K, default: DEFAULT_K })}
        </p>
        {validK ? null : (
          <p class="status error" role="alert">
            {fill(t.badK, { min: MIN_K })}
          </p>
        )}
        <CrossBy
          survey={survey}
          language={language}
          chosen={crossBy}
          onChange={(next) => {
            setCrossBy(next);
            settingsChanged();
          }}
        />
        <PublishingRules
          slug={slug}
          version={survey.version}
          responses={opened}
          k={k}
          revision={outcome}
        />
        <button type="submit" disabled={!validK || previewing}>
          {previewing ? t.suppressing : t.preview}
        </button>
        {worker.running ? <PreviewProgress running={worker.running} onStop={worker.stop} /> : null}
      </form>

      {preview ? (
        <section aria-labelledby={`${id}-preview`}>
          <h3 id={`${id}-preview`}>{fill(t.previewAt, { k: preview.k })}</h3>
          <p data-testid="suppression-summary">
            {fill(
              preview.earlier.length === 0
                ? t.summary
                : preview.earlier.length === 1
                  ? t.summaryOneEarlier
                  : t.summaryEarlier,
              {
                primaries: preview.result.primaries,
                k: preview.k,
                secondaries: preview.result.secondaries,
                earlier: preview.earlier.length,
              },
            )}{" "}
            {t.bracketed}
          </p>
          <Untried
            untried={preview.result.untried}
            running={previewing}
            onTryAll={() => runPreview({ tryAll: true, newPattern: !preview.result.keptPattern })}
          />
          <KeptPattern
            kept={preview.result.keptPattern}
            cells={preview.result.kept}
            running={previewing}
            onLookAgain={() => runPreview({ newPattern: true })}
          />
          <Forecast
            gate={preview.gate}
            earlier={preview.earlier.length}
            versioned
            kept={preview.result.keptPattern ? true : preview.newPattern ? false : null}
          />
          <PreviewTables
            survey={survey}
            tables={preview.result.tables}
            language={language}
            k={preview.k}
            earlier={preview.earlier}
          />
          <p class="actions">
            <button
              type="button"
              class="primary"
              onClick={publish}
              // While "Check them all" runs, the preview shown is about to be replaced.
              disabled={preview.gate.verdict !== "accepts" || previewing}
            >
              {t.publish}
            </button>{" "}
            <a href={`/r/${encodeURIComponent(slug)}`}>{t.publicPage}</a>
          </p>
        </section>
      ) : null}
      <p>
        <button type="button" onClick={withdraw}>
          {t.withdraw}
        </button>
      </p>
      {outcome ? (
        <p class="status" role="status" data-testid="publish-outcome">
          {outcome}
        </p>
      ) : null}
      {refusal ? (
        <div class="status error" role="alert" data-testid="publish-refusal">
          <p>{fill(t.refused, { reason: refusal.message })}</p>
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
    </section>
  );
}
