// Publishing from the results page (DESIGN §7–8): choose k, preview in a worker what the
// suppression hides, publish through the server's gate (which audits again) or withdraw. Only
// the suppressed tables ever leave this tab.
import { useId, useState } from "preact/hooks";
import type { Survey } from "../../../surveys/schema";
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
import { resultsStrings } from "../../public/strings";
import { api } from "../api";
import { type Earlier, reasonSummary } from "../reasons";
import type { SuppressReply, SuppressRequest } from "./protocol";
import { PublishingRules } from "./publishing-rules";
import { questionLabel } from "./report";
import { CountsTable } from "./tables";

interface Refusal {
  message: string;
  cells: { problem: string; table: string; key?: Record<string, unknown>; message?: string }[];
}

function suppressInWorker(request: SuppressRequest): Promise<SuppressReply> {
  const worker = new Worker(new URL("./suppress-worker.ts", import.meta.url), { type: "module" });
  return new Promise<SuppressReply>((resolve) => {
    worker.onmessage = (event: MessageEvent<SuppressReply>) => resolve(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      resolve({ ok: false, message: event.message || "the suppression worker failed" });
    };
    worker.postMessage(request);
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
                · {own.length} tables · {hidden} hidden cells
              </span>
            </summary>
            <ul class="reasons" data-testid="hidden-reasons">
              {reasonSummary(
                own.flatMap((table) => table.cells),
                k,
                earlier,
              ).map((reason) => (
                <li key={reason.text}>
                  {reason.text} ({reason.cells} {reason.cells === 1 ? "cell" : "cells"})
                </li>
              ))}
            </ul>
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
  const [preview, setPreview] = useState<{
    k: number;
    result: SuppressResult;
    earlier: EarlierTables[];
  } | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const validK = Number.isInteger(k) && k >= MIN_K;

  async function runPreview() {
    setPreviewing(true);
    setOutcome(null);
    setRefusal(null);
    // The gate audits against every earlier publication of these respondents: so does this.
    const read = await api.earlierPublications(slug, survey.version);
    const earlier = read.ok ? readEarlierPublications(read.value) : null;
    if (!earlier) {
      setPreviewing(false);
      return setOutcome(
        `Could not read the earlier publications: ${read.ok ? "not understood" : read.message}`,
      );
    }
    const history = earlier.map((e) => e.publication);
    const reply = await suppressInWorker({ tables, k, survey, history });
    setPreviewing(false);
    if (!reply.ok) return setOutcome(`Suppression failed: ${reply.message}`);
    setPreview({ k, result: reply.result, earlier });
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

  return (
    <section class="publish-panel" id="publish" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Publish</h2>
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
          Every count from 1 to k − 1 is hidden, and other cells as cover so that hidden ones cannot
          be worked out. At least {MIN_K}; {DEFAULT_K} unless you have a reason.
        </p>
        {validK ? null : (
          <p class="status error" role="alert">
            k must be a whole number of at least {MIN_K}.
          </p>
        )}
        <PublishingRules
          slug={slug}
          version={survey.version}
          responses={opened}
          k={k}
          revision={outcome}
        />
        <button type="submit" disabled={!validK || previewing}>
          {previewing ? "Suppressing…" : "Preview publication"}
        </button>
      </form>

      {preview ? (
        <section aria-labelledby={`${id}-preview`}>
          <h3 id={`${id}-preview`}>Preview at k = {preview.k}</h3>
          <p data-testid="suppression-summary">
            {preview.result.primaries} cells hidden because they count fewer than {preview.k}{" "}
            people, and {preview.result.secondaries} more so that those cannot be worked out
            {preview.earlier.length > 0
              ? ` from this or the ${preview.earlier.length} earlier publication(s)`
              : ""}
            . Hidden cells show their true count in brackets here only; the publication carries no
            number for them. Each question says why.
          </p>
          <PreviewTables
            survey={survey}
            tables={preview.result.tables}
            language={language}
            k={preview.k}
            earlier={preview.earlier}
          />
          <p class="actions">
            <button type="button" class="primary" onClick={publish}>
              Publish
            </button>{" "}
            <a href={`/r/${encodeURIComponent(slug)}`}>Public page</a>
          </p>
        </section>
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
    </section>
  );
}
