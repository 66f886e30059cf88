// The organization's surveys: the list with state and responses per day, and one survey's
// page — its link and poster, opening (the survey key is made and sealed here), closing,
// publishing a new version, duplicating, deleting, and who may read its answers. Every action
// that changes what respondents see asks first (ConfirmAction).

import { useEffect, useState } from "preact/hooks";
import { askTheSame } from "../../surveys/wording";
import { fill } from "../lib/labels";
import { Access, sealWarning, who } from "./access";
import { api, type SurveyDetail, type SurveySummary } from "./api";
import { Codes } from "./codes";
import { ConfirmAction } from "./confirm";
import { type Status, StatusLine } from "./fields";
import { newSurveyKey, surveyLink } from "./keys";
import { checkRecipients, pinsOf } from "./pins";
import { navigate, onLinkClick, surveyPath } from "./router";
import { ScrollRegion } from "./scroll-region";
import { useSession } from "./session";
import { useStrings } from "./strings";
import { sameDefinition } from "./survey-file";

/** Days are UTC days: the only time the server keeps for a response (DESIGN §9.2). */
export const utcDay = (date = new Date()) => date.toISOString().slice(0, 10);

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
  const t = useStrings().surveys;

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
        <h1>{t.title}</h1>
        {designer ? (
          <a class="button primary" href="/c/new" onClick={onLinkClick}>
            {t.newSurvey}
          </a>
        ) : null}
      </div>
      <StatusLine status={status} />
      {surveys && surveys.length === 0 ? <p>{t.none}</p> : null}
      {surveys && surveys.length > 0 ? (
        <ScrollRegion label={t.title}>
          <table class="list surveys">
            <thead>
              <tr>
                <th scope="col">{t.survey}</th>
                <th scope="col">{t.state}</th>
                <th scope="col" class="num">
                  {t.today}
                </th>
                <th scope="col">{t.week}</th>
                <th scope="col" class="num">
                  {t.all}
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
                      <span class={`state ${s.state}`}>{t.states[s.state]}</span>
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
        </ScrollRegion>
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
  const t = useStrings().survey;
  const total = counts.reduce((sum, c) => sum + c.responses, 0);
  const max = Math.max(1, ...counts.map((c) => c.responses));
  return (
    <section aria-labelledby="daily-heading">
      <h2 id="daily-heading">
        {t.responses} <span data-testid="response-total">{total}</span>
      </h2>
      {counts.length === 0 ? (
        <p class="muted">{t.noneYet}</p>
      ) : (
        <ScrollRegion label={t.responses}>
          <table class="list daily">
            <thead>
              <tr>
                <th scope="col">{t.day}</th>
                <th scope="col" class="num">
                  {t.responsesColumn}
                </th>
                <th scope="col">
                  <span class="visually-hidden">{t.bar}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...counts].reverse().map((c) => (
                <tr key={c.day}>
                  <td class="day">{c.day}</td>
                  <td class="num">{c.responses}</td>
                  <td>
                    <meter min={0} max={max} value={c.responses} aria-hidden="true" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <p class="muted">{t.dayOnly}</p>
    </section>
  );
}

export function SurveyPage({ slug }: { slug: string }) {
  const { me } = useSession();
  const strings = useStrings();
  const t = strings.survey;
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
  // An edit of texts only keeps counting the same respondents (surveys/wording.ts): say which.
  const reworded = detail.draft !== null && !!latest && askTheSame(detail.draft, latest);

  async function openFirst() {
    setStatus({ kind: "busy", text: t.opening });
    const analysts = await api.analysts();
    if (!analysts.ok) return setStatus({ kind: "error", text: analysts.message });
    const readers = analysts.value.analysts;
    const warning = sealWarning(strings.access, checkRecipients(pinsOf(me), readers), readers);
    if (warning?.refuse) return setStatus({ kind: "error", text: warning.text });
    const key = await newSurveyKey(readers);
    const result = await api.publish(slug, key);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setStatus({
      kind: "done",
      text: [
        fill(t.opened, { readers: readers.map((a) => a.email ?? who(a)).join(", ") }),
        warning?.text,
      ]
        .filter(Boolean)
        .join(" "),
    });
    load();
  }

  async function publishNext() {
    setStatus({ kind: "busy", text: t.publishing });
    const result = await api.publish(slug);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setStatus({ kind: "done", text: fill(t.live, { n: result.value.version }) });
    load();
  }

  async function setState(state: "open" | "closed") {
    const result = await api.setState(slug, state);
    if (!result.ok) return setStatus({ kind: "error", text: result.message });
    setStatus({ kind: "done", text: state === "open" ? t.openedAgain : t.closed });
    load();
  }

  return (
    <section class="survey-page">
      <div class="toolbar">
        <h1>{titleOf(detail, slug)}</h1>
        <span class={`state ${detail.state}`} data-testid="survey-state">
          {t.states[detail.state]}
        </span>
      </div>
      <p class="muted">
        {t.shortName} <code>{slug}</code>
        {latest ? ` · ${fill(t.version, { n: latest.version })}` : ""}
        {unpublished ? ` · ${t.unpublished}` : ""}
      </p>
      <div class="actions">
        {designer ? (
          <a class="button" href={surveyPath(slug, "edit")} onClick={onLinkClick}>
            {t.edit}
          </a>
        ) : null}
        {designer && detail.versions.length === 0 ? (
          <ConfirmAction
            label={t.open}
            confirmLabel={t.openYes}
            primary
            disabled={status.kind === "busy"}
            onConfirm={openFirst}
          >
            {t.openWhat}
          </ConfirmAction>
        ) : null}
        {designer && detail.versions.length > 0 && unpublished ? (
          <ConfirmAction
            label={fill(t.publish, { n: (latest?.version ?? 0) + 1 })}
            confirmLabel={fill(t.publishYes, { n: (latest?.version ?? 0) + 1 })}
            primary
            disabled={status.kind === "busy"}
            onConfirm={publishNext}
          >
            {fill(`${t.publishWhat} ${reworded ? t.publishReworded : t.publishAsksElse}`, {
              latest: latest?.version ?? 1,
            })}
          </ConfirmAction>
        ) : null}
        {designer && detail.state === "open" ? (
          <ConfirmAction
            label={t.close}
            confirmLabel={t.closeYes}
            onConfirm={() => setState("closed")}
          >
            {t.closeWhat}
          </ConfirmAction>
        ) : null}
        {designer && detail.state === "closed" ? (
          <ConfirmAction
            label={t.reopen}
            confirmLabel={t.reopenYes}
            onConfirm={() => setState("open")}
          >
            {t.reopenWhat}
          </ConfirmAction>
        ) : null}
        {reader ? (
          <a class="button" href={surveyPath(slug, "answers")} onClick={onLinkClick}>
            {t.readAnswers}
          </a>
        ) : null}
        {reader ? (
          <a class="button" href={surveyPath(slug, "results")} onClick={onLinkClick}>
            {t.results}
          </a>
        ) : null}
        <button type="button" onClick={load}>
          {t.refresh}
        </button>
      </div>
      <StatusLine status={status} />
      {designer ? <SurveyCopies slug={slug} detail={detail} onStatus={setStatus} /> : null}
      {detail.versions.length === 0 ? (
        <p>{t.beforeOpening}</p>
      ) : (
        <section aria-label={t.distribution}>
          {link?.tampered ? (
            <p class="error" role="alert" data-testid="key-tampered">
              {fill(t.tampered, { n: latest?.version ?? 1 })}
            </p>
          ) : link ? (
            <p>
              {t.link}{" "}
              <a href={link.url} data-testid="respondent-link">
                {link.url}
              </a>{" "}
              · <a href={`/s/${slug}/poster`}>{t.poster}</a>
            </p>
          ) : null}
          <p class="muted">{t.fingerprint}</p>
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
  const words = useStrings();
  const t = words.survey;
  const answered = detail.counts.some((c) => c.responses > 0);
  const source = detail.draft ?? detail.versions.at(-1);

  async function duplicate(event: Event) {
    event.preventDefault();
    if (!source || !copyName) return;
    onStatus({ kind: "busy", text: t.copying });
    const result = await api.create({ ...source, slug: copyName, version: 1 });
    if (!result.ok) {
      return onStatus({ kind: "error", text: fill(t.notCopied, { reason: result.message }) });
    }
    onStatus({ kind: "done", text: fill(t.copied, { slug: copyName }) });
    navigate(surveyPath(copyName, "edit"));
  }

  async function remove() {
    onStatus({ kind: "busy", text: t.deleting });
    const result = await api.deleteSurvey(slug);
    if (!result.ok) {
      return onStatus({ kind: "error", text: fill(t.notDeleted, { reason: result.message }) });
    }
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
          {t.duplicate}
        </button>
      ) : (
        <form class="confirm" onSubmit={duplicate}>
          <label>
            {t.copyName}{" "}
            <input
              value={copyName}
              required
              pattern="[a-z0-9\-]{3,64}"
              onInput={(e) => setCopyName((e.currentTarget as HTMLInputElement).value)}
            />
          </label>{" "}
          <button type="submit" class="primary">
            {t.makeCopy}
          </button>
          <button type="button" onClick={() => setCopyName(null)}>
            {words.confirm.cancel}
          </button>
          <p class="muted">{t.copyWhat}</p>
        </form>
      )}
      {answered ? null : (
        <ConfirmAction label={t.delete} confirmLabel={t.deleteYes} danger onConfirm={remove}>
          {t.deleteWhat}
        </ConfirmAction>
      )}
    </div>
  );
}
