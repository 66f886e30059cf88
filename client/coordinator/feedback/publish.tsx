// "You said — we did" (issue 8 §4): counts of the general messages this member opened, by
// category × month (and country when chosen), suppressed at k with the survey results' core and
// previewed with their table and what the server's gate will answer (the results page's worker
// runs both); short statements of what changed go with them. Only the suppressed publication
// leaves this browser, and the server's gate audits it again.
import { useState } from "preact/hooks";
import { countryChoices } from "../../feedback/countries";
import { FEEDBACK_LANGUAGES } from "../../feedback/strings";
import {
  feedbackRelease,
  feedbackShapeProblems,
  feedbackTables,
  PUBLISHED_CATEGORIES,
} from "../../lib/feedback-tables";
import { fill, type LabelSource } from "../../lib/labels";
import { languageName } from "../../lib/languages";
import { type EarlierTables, readEarlierPublications } from "../../lib/policy";
import { DEFAULT_K, grandOf, MIN_K, type Publication } from "../../lib/publication";
import type { SuppressResult } from "../../lib/suppress";
import { HiddenReasons } from "../reasons";
import { Forecast, PreviewProgress, Untried, usePreview } from "../results/preview";
import type { GateForecast } from "../results/protocol";
import { CountsTable } from "../results/tables";
import { ScrollRegion } from "../scroll-region";
import { useStrings, workspaceLanguage } from "../strings";
import { type ChannelInfo, feedbackApi } from "./api";
import { type OpenedMessage, publicCounts } from "./crypto";
import { type Outcome, OutcomeLine } from "./outcome";

/**
 * A feedback publication has no questions; its preview names categories as the inbox does and
 * countries as the form does (they showed as "complaint", "ve"). Months stay codes, 2026-09.
 */
function channelLabels(t: ReturnType<typeof useStrings>["feedback"], language: string) {
  const text = (value: string) => ({ [language]: value });
  const single = (id: string, label: string, options: { id: string; label: string }[]) => ({
    id,
    type: "single" as const,
    label: text(label),
    options: options.map((o) => ({ id: o.id, label: text(o.label) })),
  });
  const categories = t.categories as Record<string, string>;
  return {
    languages: [language],
    questions: [
      single(
        "category",
        t.category,
        PUBLISHED_CATEGORIES.map((id) => ({ id, label: categories[id] ?? id })),
      ),
      single(
        "country",
        t.country,
        countryChoices(language).map((c) => ({ id: c.code, label: c.name })),
      ),
    ],
  } as unknown as LabelSource;
}

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
  const worker = usePreview<{
    k: number;
    result: SuppressResult;
    publication: Publication;
    earlier: EarlierTables[];
    gate: GateForecast;
  }>();
  const { preview, setPreview, settingsChanged } = worker;
  const [statements, setStatements] = useState<Statement[]>([]);
  const [draft, setDraft] = useState<Statement>({ month: "", language: "es", text: "" });
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const strings = useStrings();
  const t = strings.feedbackPublish;
  const validK = Number.isInteger(k) && k >= MIN_K;

  const { counted, unreadable, copies } = publicCounts(messages, channel.months);
  const labels = channelLabels(strings.feedback, workspaceLanguage());

  async function runPreview(tryAll = false) {
    if (!validK) return;
    setOutcome(null);
    const ticket = worker.ticket();
    // The gate audits against every earlier publication of the channel: so does this.
    const read = await feedbackApi.earlier();
    const after = read.ok ? readEarlierPublications(read.value) : null;
    if (!after) {
      const why = read.ok ? strings.publish.notUnderstood : read.message;
      return setOutcome({ ok: false, text: fill(strings.publish.noEarlier, { reason: why }) });
    }
    const { earlier, gateWork } = after;
    const tables = feedbackTables(counted, { byCountry, months: channel.months });
    const history = earlier.map((e) => e.publication);
    const responses = grandOf(tables);
    const request = { tables, k, responses, survey: null, history, gateWork, tryAll };
    const reply = await worker.run(request, ticket);
    if (reply === "stopped") return setOutcome({ ok: true, text: strings.publish.stopped });
    // The solver is a download of its own; a failed one must say so, not leave a dead button.
    if (!reply.ok) {
      return setOutcome({ ok: false, text: fill(t.suppressionFailed, { reason: reply.message }) });
    }
    const publication = feedbackRelease(channel.slug, k, unreadable, reply.result.tables);
    // The gate's own rule (feedbackShapeProblems): a closed month's numbers never change.
    const changed = feedbackShapeProblems(publication, channel.months, history);
    if (changed.length > 0) {
      return setOutcome({ ok: false, text: fill(t.closedMonthChanged, { n: changed.length }) });
    }
    setPreview({ k, result: reply.result, publication, earlier, gate: reply.gate });
  }

  function addStatement(event: Event) {
    event.preventDefault();
    if (!/^\d{4}-\d{2}$/.test(draft.month) || !draft.text.trim()) {
      return setOutcome({ ok: false, text: t.statementNeeds });
    }
    setStatements((now) => [...now, { ...draft, text: draft.text.trim() }]);
    setDraft({ ...draft, text: "" });
    setOutcome(null);
  }

  async function publish() {
    if (!preview) return;
    const result = await feedbackApi.publish({
      publication: preview.publication,
      statements: statements.map((s) => ({ month: s.month, text: { [s.language]: s.text } })),
    });
    setOutcome(
      result.ok
        ? { ok: true, text: fill(t.published, { number: result.value.number }) }
        : { ok: false, text: fill(strings.publish.refused, { reason: result.message }) },
    );
  }

  async function withdraw() {
    const result = await feedbackApi.withdraw();
    setOutcome(result.ok ? { ok: true, text: t.withdrawn } : { ok: false, text: result.message });
  }

  return (
    <section class="feedback-publish">
      <h2>{strings.feedback.youSaid}</h2>
      <p>
        {counted.length === 1 ? t.oneCounted : fill(t.counted, { n: counted.length })}{" "}
        {copies === 0 ? null : (
          <span data-testid="feedback-copies">
            {copies === 1 ? t.oneCopy : fill(t.copies, { n: copies })}{" "}
          </span>
        )}
        {t.neverSensitive}
      </p>
      <form
        class="publish"
        onSubmit={(event) => {
          event.preventDefault();
          runPreview();
        }}
      >
        <label for="feedback-k">{strings.publish.k}</label>
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
            settingsChanged();
          }}
        />
        <p id="feedback-k-hint" class="muted">
          {fill(t.kHint, { min: MIN_K, default: DEFAULT_K })}
        </p>
        {validK ? null : (
          <p class="status error" role="alert">
            {fill(strings.publish.badK, { min: MIN_K })}
          </p>
        )}
        <label class="check">
          <input
            type="checkbox"
            checked={byCountry}
            onChange={(e) => {
              setByCountry(e.currentTarget.checked);
              settingsChanged();
            }}
          />{" "}
          {t.byCountry}
        </label>
        {channel.months.length === 0 ? (
          <p class="muted" data-testid="no-closed-month">
            {t.nothingYet}
          </p>
        ) : null}
        <button
          type="submit"
          disabled={!validK || channel.months.length === 0 || worker.running !== null}
        >
          {worker.running ? strings.publish.suppressing : strings.publish.preview}
        </button>
        {worker.running ? <PreviewProgress running={worker.running} onStop={worker.stop} /> : null}
      </form>

      {preview ? (
        <>
          <h3>{fill(strings.publish.previewAt, { k: preview.k })}</h3>
          <p data-testid="suppression-summary">
            {fill(t.summary, {
              primaries: preview.result.primaries,
              k: preview.k,
              secondaries: preview.result.secondaries,
              first: channel.months[0] ?? "",
              last: channel.months.at(-1) ?? "",
            })}
          </p>
          <Untried
            untried={preview.result.untried}
            running={worker.running !== null}
            onTryAll={() => runPreview(true)}
          />
          <Forecast gate={preview.gate} earlier={preview.earlier.length} />
          <HiddenReasons
            cells={preview.result.tables.flatMap((table) => table.cells)}
            k={preview.k}
            earlier={preview.earlier}
          />
          <ScrollRegion label={strings.feedback.youSaid}>
            <div class="tables preview">
              {preview.result.tables.map((table) => (
                <CountsTable
                  key={table.id}
                  table={table}
                  survey={labels}
                  language={workspaceLanguage()}
                />
              ))}
            </div>
          </ScrollRegion>
        </>
      ) : null}

      <h3>{t.whatChanged}</h3>
      {statements.length > 0 ? (
        <ul class="statements">
          {statements.map((s, i) => (
            <li key={`${i}`}>
              {s.month} ({languageName({}, s.language)}): {s.text}{" "}
              <button
                type="button"
                onClick={() => setStatements((now) => now.filter((_, j) => j !== i))}
              >
                {t.remove}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t.noStatements}</p>
      )}
      <form onSubmit={addStatement} class="statement">
        <label for="statement-month">{strings.feedback.month}</label>
        <input
          id="statement-month"
          type="month"
          value={draft.month}
          onInput={(e) => setDraft({ ...draft, month: e.currentTarget.value })}
        />
        <label for="statement-language">{t.language}</label>
        <select
          id="statement-language"
          value={draft.language}
          onChange={(e) => setDraft({ ...draft, language: e.currentTarget.value })}
        >
          {FEEDBACK_LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {languageName({}, l)}
            </option>
          ))}
        </select>
        <label for="statement-text">{t.whatYouChanged}</label>
        <textarea
          id="statement-text"
          rows={3}
          maxLength={500}
          value={draft.text}
          onInput={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
        />
        <button type="submit">{t.addStatement}</button>
      </form>

      <p class="actions">
        <button
          type="button"
          class="primary"
          onClick={publish}
          // While "Check them all" runs, the preview shown is about to be replaced.
          disabled={preview?.gate.verdict !== "accepts" || worker.running !== null}
        >
          {strings.publish.publish}
        </button>{" "}
        <button type="button" onClick={withdraw}>
          {strings.publish.withdraw}
        </button>{" "}
        <a href={`/f/${encodeURIComponent(channel.slug)}/results`}>{strings.publish.publicPage}</a>
      </p>
      <OutcomeLine outcome={outcome} testId="publish-outcome" />
    </section>
  );
}
