// The organization's surveys: the list with state and responses per day, and one survey's
// page — its link and poster, opening (the survey key is made and sealed here), closing,
// publishing a new version, duplicating, deleting, and who may read its answers. Every action
// that changes what respondents see asks first (ConfirmAction).
import { useEffect, useState } from "preact/hooks";
import { Access, sealWarning } from "./access";
import { api, type SurveyDetail, type SurveySummary } from "./api";
import { Codes } from "./codes";
import { ConfirmAction } from "./confirm";
import { type Status, StatusLine } from "./fields";
import { newSurveyKey, surveyLink } from "./keys";
import { checkRecipients, pinsOf } from "./pins";
import { navigate, onLinkClick, surveyPath } from "./router";
import { useSession } from "./session";
import { sameDefinition } from "./survey-file";

/** Days are UTC days: the only time the server keeps for a response (DESIGN §9.2). */
export const utcDay = (date = new Date()) => date.toISOString().slice(0, 10);

const STATE_TEXT: Record<SurveySummary["state"], string> = {
  draft: "Draft — not published",
  open: "Open — taking answers",
  closed: "Closed",
};

/** Re-fetches every `ms` while mounted, so counters rise without a reload. */
function usePolling(load: () => void, ms: number, deps: unknown[]) {
  useEffect(() => {
    load();
    const timer = setInterval(load, ms);
    return () => clearInterval(timer);
  }, deps);
}

function titleOf(detail: SurveyDetail | undefined, slug: string): string {
  const survey = detail?.draft ?? detail?.versions.at(-1);
  return survey?.title[survey.languages[0] ?? ""] || slug;
}

export function SurveyList() {
  const { me } = useSession();
  const [surveys, setSurveys] = useState<SurveySummary[] | null>(null);
  const [details, setDetails] = useState<Record<string, SurveyDetail>>({});
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  async function load() {
    const result = await api.surveys();
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setSurveys(result.value.surveys);
    const loaded = await Promise.all(result.value.surveys.map((s) => api.survey(s.slug)));
    setDetails(
      Object.fromEntries(loaded.flatMap((r) => (r.ok ? [[r.value.slug, r.value] as const] : []))),
    );
  }
  usePolling(load, 30_000, []);

  const today = utcDay();
  const designer = me.member.role !== "analyst";
  return (
    <section>
      <div class="toolbar">
        <h1>Surveys</h1>
        {designer ? (
          <a class="button primary" href="/c/new" onClick={onLinkClick}>
            New survey
          </a>
        ) : null}
      </div>
      <StatusLine status={status} />
      {surveys && surveys.length === 0 ? <p>No surveys yet.</p> : null}
      {surveys && surveys.length > 0 ? (
        <table class="list surveys">
          <thead>
            <tr>
              <th scope="col">Survey</th>
              <th scope="col">State</th>
              <th scope="col" class="num">
                Today (UTC)
              </th>
              <th scope="col">Last 7 days</th>
              <th scope="col" class="num">
                All responses
              </th>
            </tr>
          </thead>
          <tbody>
            {surveys.map((s) => {
              const counts = details[s.slug]?.counts ?? [];
              return (
                <tr key={s.slug}>
                  <td>
                    <a href={surveyPath(s.slug)} onClick={onLinkClick}>
                      {titleOf(details[s.slug], s.slug)}
                    </a>
                    <div class="muted">
                      <code>{s.slug}</code>
                    </div>
                  </td>
                  <td>
                    <span class={`state ${s.state}`}>{s.state}</span>
                  </td>
                  <td class="num" data-testid={`today-${s.slug}`}>
                    {counts.find((c) => c.day === today)?.responses ?? 0}
                  </td>
                  <td>
                    <WeekBars counts={counts} />
                  </td>
                  <td class="num" data-testid={`total-${s.slug}`}>
                    {s.responses}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function lastDays(n: number): string[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => utcDay(new Date(now - (n - 1 - i) * 86_400_000)));
}

/** A week of responses per day as meters: readable without colour, and no inline styles. */
function WeekBars({ counts }: { counts: SurveyDetail["counts"] }) {
  const days = lastDays(7);
  const values = days.map((d) => counts.find((c) => c.day === d)?.responses ?? 0);
  const max = Math.max(1, ...values);
  return (
    <span class="week" title={days.map((d, i) => `${d}: ${values[i]}`).join("\n")}>
      {days.map((d, i) => (
        <meter key={d} min={0} max={max} value={values[i]} aria-label={`${d}: ${values[i]}`} />
      ))}
    </span>
  );
}

function DailyCounts({ counts }: { counts: SurveyDetail["counts"] }) {
  const total = counts.reduce((sum, c) => sum + c.responses, 0);
  const max = Math.max(1, ...counts.map((c) => c.responses));
  return (
    <section aria-labelledby="daily-heading">
      <h2 id="daily-heading">
        Responses: <span data-testid="response-total">{total}</span>
      </h2>
      {counts.length === 0 ? (
        <p class="muted">None yet.</p>
      ) : (
        <table class="list daily">
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col" class="num">
                Responses
              </th>
              <th scope="col">
                <span class="visually-hidden">Bar</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...counts].reverse().map((c) => (
              <tr key={c.day}>
                <td>{c.day}</td>
                <td class="num">{c.responses}</td>
                <td>
                  <meter min={0} max={max} value={c.responses} aria-hidden="true" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="muted">Only the day is stored for each response, never the time or the sender.</p>
    </section>
  );
}

export function SurveyPage({ slug }: { slug: string }) {
  const { me } = useSession();
  const [detail, setDetail] = useState<SurveyDetail | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  async function load() {
    const result = await api.survey(slug);
    if (result.ok) setDetail(result.value);
    else setStatus({ kind: "error", text: result.message });
  }
  usePolling(load, 15_000, [slug]);

  // The link carries the key's fingerprint, computed here from the key this browser was given;
  // a published version's key never changes, so one that differs from what this browser saw
  // was altered where surveys are stored, and the link is withheld.
  const [link, setLink] = useState<{ url: string; tampered: boolean } | null>(null);
  useEffect(() => {
    const latest = detail?.versions.at(-1);
    if (!detail?.publicKey || !latest) return setLink(null);
    const same = pinsOf(me).seeVersionKey(slug, latest.version, detail.publicKey);
    surveyLink(`${location.origin}/s/${slug}`, detail.publicKey).then((url) =>
      setLink({ url, tampered: !same }),
    );
  }, [detail?.publicKey, detail?.versions.length]);

  if (!detail) return <StatusLine status={status} />;
  const role = me.member.role;
  const designer = role !== "analyst";
  const reader = role !== "designer";
  const latest = detail.versions.at(-1);
  const unpublished = detail.draft !== null && !sameDefinition(detail.draft, latest);

  async function openFirst() {
    setStatus({ kind: "busy", text: "Making the survey key in this browser and sealing it…" });
    const analysts = await api.analysts();
    if (!analysts.ok) return setStatus({ kind: "error", text: analysts.message });
    const readers = analysts.value.analysts;
    const warning = sealWarning(checkRecipients(pinsOf(me), readers), readers);
    if (warning?.refuse) return setStatus({ kind: "error", text: warning.text });
    const key = await newSurveyKey(readers);
    const result = await api.publish(slug, key);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setStatus({
      kind: "done",
      text: [
        `Open. The survey key is sealed to ${readers.map((a) => a.email).join(", ")}.`,
        warning?.text,
      ]
        .filter(Boolean)
        .join(" "),
    });
    load();
  }

  async function publishNext() {
    setStatus({ kind: "busy", text: "Publishing…" });
    const result = await api.publish(slug);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setStatus({ kind: "done", text: `Version ${result.value.version} is live.` });
    load();
  }

  async function setState(state: "open" | "closed") {
    const result = await api.setState(slug, state);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setStatus({ kind: "done", text: state === "open" ? "Open again." : "Closed: no new answers." });
    load();
  }

  return (
    <section class="survey-page">
      <div class="toolbar">
        <h1>{titleOf(detail, slug)}</h1>
        <span class={`state ${detail.state}`} data-testid="survey-state">
          {STATE_TEXT[detail.state]}
        </span>
      </div>
      <p class="muted">
        Short name <code>{slug}</code>
        {latest ? ` · version ${latest.version}` : ""}
        {unpublished ? " · the draft has unpublished changes" : ""}
      </p>
      <div class="actions">
        {designer ? (
          <a class="button" href={surveyPath(slug, "edit")} onClick={onLinkClick}>
            Edit questionnaire
          </a>
        ) : null}
        {designer && detail.versions.length === 0 ? (
          <ConfirmAction
            label="Open survey"
            confirmLabel="Yes, open it"
            primary
            disabled={status.kind === "busy"}
            onConfirm={openFirst}
          >
            Opening publishes this questionnaire as version 1: from then on anyone with the link can
            answer. This browser makes the survey's key and seals it to every owner and analyst.
            Later changes reach respondents only when you publish them as a new version.
          </ConfirmAction>
        ) : null}
        {designer && detail.versions.length > 0 && unpublished ? (
          <ConfirmAction
            label={`Publish version ${(latest?.version ?? 0) + 1}`}
            confirmLabel={`Yes, publish version ${(latest?.version ?? 0) + 1}`}
            primary
            disabled={status.kind === "busy"}
            onConfirm={publishNext}
          >
            Respondents get the edited questionnaire from now on, through the same link and poster.
            Answers already given stay with version {latest?.version} and stay readable.
          </ConfirmAction>
        ) : null}
        {designer && detail.state === "open" ? (
          <ConfirmAction
            label="Close"
            confirmLabel="Yes, close it"
            onConfirm={() => setState("closed")}
          >
            Closing stops new answers at once: the link and the poster will say the survey is
            closed. Answers already given stay. You can reopen it later.
          </ConfirmAction>
        ) : null}
        {designer && detail.state === "closed" ? (
          <ConfirmAction
            label="Reopen"
            confirmLabel="Yes, reopen it"
            onConfirm={() => setState("open")}
          >
            Reopening takes answers again through the same link and poster.
          </ConfirmAction>
        ) : null}
        {reader ? (
          <a class="button" href={surveyPath(slug, "answers")} onClick={onLinkClick}>
            Read answers
          </a>
        ) : null}
        {reader ? (
          <a class="button" href={surveyPath(slug, "results")} onClick={onLinkClick}>
            Results
          </a>
        ) : null}
        <button type="button" onClick={load}>
          Refresh
        </button>
      </div>
      <StatusLine status={status} />
      {designer ? <SurveyCopies slug={slug} detail={detail} onStatus={setStatus} /> : null}
      {detail.versions.length === 0 ? (
        <p>
          Opening makes a key pair for this survey in your browser. Its secret half is sealed to
          every owner and analyst and never reaches the server unsealed.
        </p>
      ) : (
        <section aria-label="Distribution">
          {link?.tampered ? (
            <p class="error" role="alert" data-testid="key-tampered">
              The key of version {latest?.version} is not the one this browser saw before: someone
              who can change the stored survey may be redirecting answers. Do not share the link;
              tell the organization's owners.
            </p>
          ) : link ? (
            <p>
              Respondents' link:{" "}
              <a href={link.url} data-testid="respondent-link">
                {link.url}
              </a>{" "}
              · <a href={`/s/${slug}/poster`}>printable poster with QR code</a>
            </p>
          ) : null}
          <p class="muted">
            The part after “#k=” is the survey key's fingerprint: the survey page checks it before
            sending answers, and refuses if the key it is given is another. It changes when the key
            is replaced.
          </p>
        </section>
      )}
      <DailyCounts counts={detail.counts} />
      {designer && detail.versions.length > 0 ? (
        <Codes slug={slug} detail={detail} onChange={load} />
      ) : null}
      {role === "owner" && detail.versions.length > 0 ? (
        <Access slug={slug} onRotated={load} />
      ) : null}
    </section>
  );
}

/** A short name for a copy: "visas" → "visas-copy", then "visas-copy-2"… among those taken. */
export function copySlug(slug: string, taken: readonly string[]): string {
  const base = `${slug.slice(0, 58)}-copy`;
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Duplicate (a new draft from the newest questions, version 1, under a new short name) and
 * delete. Deleting is only offered while nobody has answered: answers people gave are never
 * thrown away with a click (the server refuses too); such a survey is closed instead.
 */
function SurveyCopies({
  slug,
  detail,
  onStatus,
}: {
  slug: string;
  detail: SurveyDetail;
  onStatus: (status: Status) => void;
}) {
  const [copyName, setCopyName] = useState<string | null>(null);
  const answered = detail.counts.some((c) => c.responses > 0);
  const source = detail.draft ?? detail.versions.at(-1);

  async function duplicate(event: Event) {
    event.preventDefault();
    if (!source || !copyName) return;
    onStatus({ kind: "busy", text: "Copying…" });
    const result = await api.create({ ...source, slug: copyName, version: 1 });
    if (!result.ok) return onStatus({ kind: "error", text: `Not copied: ${result.message}` });
    onStatus({ kind: "done", text: `Copied as the draft “${copyName}”.` });
    navigate(surveyPath(copyName, "edit"));
  }

  async function remove() {
    onStatus({ kind: "busy", text: "Deleting…" });
    const result = await api.deleteSurvey(slug);
    if (!result.ok) return onStatus({ kind: "error", text: `Not deleted: ${result.message}` });
    navigate("/c");
  }

  return (
    <div class="actions">
      {copyName === null ? (
        <button
          type="button"
          onClick={async () => {
            const list = await api.surveys();
            setCopyName(copySlug(slug, list.ok ? list.value.surveys.map((s) => s.slug) : []));
          }}
        >
          Duplicate…
        </button>
      ) : (
        <form class="confirm" onSubmit={duplicate}>
          <label>
            Short name of the copy{" "}
            <input
              value={copyName}
              required
              pattern="[a-z0-9\-]{3,64}"
              onInput={(e) => setCopyName((e.currentTarget as HTMLInputElement).value)}
            />
          </label>{" "}
          <button type="submit" class="primary">
            Make the copy
          </button>
          <button type="button" onClick={() => setCopyName(null)}>
            Cancel
          </button>
          <p class="muted">
            The copy is a new draft with the same questions, its own key once opened, and no
            answers.
          </p>
        </form>
      )}
      {answered ? null : (
        <ConfirmAction
          label="Delete survey"
          confirmLabel="Yes, delete it"
          danger
          onConfirm={remove}
        >
          Deleting removes this survey, its versions and its key copies for good; its link and
          poster stop working and its short name becomes free. Only a survey nobody has answered can
          be deleted.
        </ConfirmAction>
      )}
    </div>
  );
}
