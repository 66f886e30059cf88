// "You said — we did" (issue 8 §4): counts of the general messages this member opened, by
// category × month (and country when chosen), suppressed at k with the survey results' core and
// previewed with their table; short statements of what changed go with them. Only the
// suppressed publication leaves this browser, and the server's gate audits it again.
import { useState } from "preact/hooks";
import { FEEDBACK_LANGUAGES } from "../../feedback/strings";
import {
  type CountedMessage,
  feedbackPublication,
  feedbackTables,
} from "../../lib/feedback-tables";
import { DEFAULT_K, MIN_K } from "../../lib/publication";
import { type SuppressResult, suppress } from "../../lib/suppress";
import { CountsTable } from "../results/tables";
import { type ChannelInfo, feedbackApi } from "./api";
import type { OpenedMessage } from "./crypto";

/** A feedback publication has no questions: its variables and categories show as their codes. */
const NO_QUESTIONS = { languages: ["en"], questions: [] };

interface Statement {
  month: string;
  language: string;
  text: string;
}

export function Publish({
  channel,
  messages,
}: {
  channel: ChannelInfo;
  messages: OpenedMessage[];
}) {
  const [k, setK] = useState(DEFAULT_K);
  const [byCountry, setByCountry] = useState(false);
  const [preview, setPreview] = useState<{
    k: number;
    byCountry: boolean;
    result: SuppressResult;
  } | null>(null);
  const [statements, setStatements] = useState<Statement[]>([]);
  const [draft, setDraft] = useState<Statement>({ month: "", language: "es", text: "" });
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const validK = Number.isInteger(k) && k >= MIN_K;

  // Sensitive reports are never counted in public; feedbackTables leaves them out as well.
  const counted: CountedMessage[] = messages.flatMap(({ stored, message }) =>
    message && !stored.sensitive
      ? [{ category: message.category, month: stored.month, country: message.country }]
      : [],
  );
  const unreadable = messages.filter((m) => !m.message && !m.stored.sensitive).length;

  async function runPreview(event: Event) {
    event.preventDefault();
    if (!validK) return;
    setOutcome(null);
    try {
      const result = await suppress(feedbackTables(counted, { byCountry }), k);
      setPreview({ k, byCountry, result });
    } catch (error) {
      // The solver is a download of its own; a failed one must say so, not leave a dead button.
      setOutcome({ ok: false, text: `The suppression could not run: ${String(error)}` });
    }
  }

  function addStatement(event: Event) {
    event.preventDefault();
    if (!/^\d{4}-\d{2}$/.test(draft.month) || !draft.text.trim()) {
      return setOutcome({ ok: false, text: "A statement needs a month and a text." });
    }
    setStatements((now) => [...now, { ...draft, text: draft.text.trim() }]);
    setDraft({ ...draft, text: "" });
    setOutcome(null);
  }

  async function publish() {
    if (!preview) return;
    const publication = await feedbackPublication(channel.slug, counted, {
      k: preview.k,
      byCountry: preview.byCountry,
      unreadable,
    });
    const result = await feedbackApi.publish({
      publication,
      statements: statements.map((s) => ({ month: s.month, text: { [s.language]: s.text } })),
    });
    setOutcome(
      result.ok
        ? { ok: true, text: `Published as number ${result.value.number}.` }
        : { ok: false, text: `The server refused the publication: ${result.message}` },
    );
  }

  async function withdraw() {
    const result = await feedbackApi.withdraw();
    setOutcome(
      result.ok
        ? { ok: true, text: "The current publication is withdrawn." }
        : { ok: false, text: result.message },
    );
  }

  return (
    <section class="feedback-publish">
      <h2>You said — we did</h2>
      <p>
        {counted.length} general message{counted.length === 1 ? "" : "s"} counted. Sensitive reports
        are never counted in public.
      </p>
      <form class="publish" onSubmit={runPreview}>
        <label for="feedback-k">Smallest count shown (k)</label>
        <input
          id="feedback-k"
          type="number"
          min={MIN_K}
          step={1}
          value={k}
          aria-describedby="feedback-k-hint"
          aria-invalid={validK ? undefined : "true"}
          onInput={(e) => {
            setK(Number(e.currentTarget.value));
            setPreview(null);
          }}
        />
        <p id="feedback-k-hint" class="muted">
          Every count from 1 to k − 1 is hidden, and other cells as cover. At least {MIN_K};{" "}
          {DEFAULT_K} unless you have a reason.
        </p>
        {validK ? null : (
          <p class="status error" role="alert">
            k must be a whole number of at least {MIN_K}.
          </p>
        )}
        <label class="check">
          <input
            type="checkbox"
            checked={byCountry}
            onChange={(e) => {
              setByCountry(e.currentTarget.checked);
              setPreview(null);
            }}
          />{" "}
          Also count by country
        </label>
        <button type="submit" disabled={!validK || counted.length === 0}>
          Preview publication
        </button>
      </form>

      {preview ? (
        <>
          <h3>Preview at k = {preview.k}</h3>
          <p data-testid="suppression-summary">
            {preview.result.primaries} primary (small) and {preview.result.secondaries} secondary
            (cover) cells hidden. Hidden cells show their true count in brackets here only.
          </p>
          <div class="tables preview">
            {preview.result.tables.map((table) => (
              <CountsTable key={table.id} table={table} survey={NO_QUESTIONS} language="en" />
            ))}
          </div>
        </>
      ) : null}

      <h3>What changed</h3>
      {statements.length > 0 ? (
        <ul class="statements">
          {statements.map((s, i) => (
            <li key={`${i}`}>
              {s.month} ({s.language}): {s.text}{" "}
              <button
                type="button"
                onClick={() => setStatements((now) => now.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No statements yet.</p>
      )}
      <form onSubmit={addStatement} class="statement">
        <label for="statement-month">Month</label>
        <input
          id="statement-month"
          type="month"
          value={draft.month}
          onInput={(e) => setDraft({ ...draft, month: e.currentTarget.value })}
        />
        <label for="statement-language">Language</label>
        <select
          id="statement-language"
          value={draft.language}
          onChange={(e) => setDraft({ ...draft, language: e.currentTarget.value })}
        >
          {FEEDBACK_LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
        <label for="statement-text">What you changed</label>
        <textarea
          id="statement-text"
          rows={3}
          maxLength={500}
          value={draft.text}
          onInput={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
        />
        <button type="submit">Add statement</button>
      </form>

      <p class="actions">
        <button type="button" class="primary" onClick={publish} disabled={!preview}>
          Publish
        </button>{" "}
        <button type="button" onClick={withdraw}>
          Withdraw the current publication
        </button>{" "}
        <a href={`/f/${encodeURIComponent(channel.slug)}/results`}>Public page</a>
      </p>
      {outcome ? (
        <p
          class={outcome.ok ? "status" : "status error"}
          role={outcome.ok ? "status" : "alert"}
          data-testid="publish-outcome"
        >
          {outcome.text}
        </p>
      ) : null}
    </section>
  );
}
