// The answers of one survey, opened in this browser: the survey key is fetched sealed, opened
// with the member's unlocked key, and every response is opened here. Free-text answers are
// shown only on this page (DESIGN §9.6); nothing opened is stored anywhere.
import { useEffect, useState } from "preact/hooks";
import type { Question, Survey } from "../../surveys/schema";
import type { KeyPair } from "../lib/crypto";
import { fill } from "../lib/labels";
import { api } from "./api";
import { type Status, StatusLine } from "./fields";
import { type OpenedResponse, openResponses, openSurveyKeys } from "./keys";
import { onLinkClick, surveyPath } from "./router";
import { RequireKey, useSession } from "./session";
import { useStrings } from "./strings";
import type { WorkspaceStrings } from "./strings/en";

type Loaded = { versions: Survey[]; responses: OpenedResponse[] };

async function loadAnswers(
  t: WorkspaceStrings["answers"],
  slug: string,
  memberKey: KeyPair,
  progress: (read: number) => void,
): Promise<Loaded | string> {
  const [detail, sealed] = await Promise.all([api.survey(slug), api.surveyKey(slug)]);
  if (!detail.ok) return detail.message;
  if (!sealed.ok) {
    return sealed.code === "not_granted" ? t.notGranted : sealed.message;
  }
  const surveyKeys = await openSurveyKeys(sealed.value.keys, memberKey);
  if (surveyKeys.length === 0) return t.noKey;
  const responses: OpenedResponse[] = [];
  let after = "";
  for (;;) {
    const page = await api.responses(slug, after);
    if (!page.ok) return page.message;
    responses.push(
      ...(await openResponses(page.value.responses, surveyKeys, detail.value.versions)),
    );
    progress(responses.length);
    if (!page.value.next) break;
    after = page.value.next;
  }
  return { versions: detail.value.versions, responses };
}

function answerText(question: Question, value: unknown, language: string): string {
  const label = (text: Record<string, string>) => text[language] ?? Object.values(text)[0] ?? "";
  if (question.type === "single" || question.type === "multi") {
    const ids = Array.isArray(value) ? value : [value];
    return question.options
      .filter((o) => ids.includes(o.id))
      .map((o) => label(o.label))
      .join("; ");
  }
  return String(value);
}

function Answers({ slug }: { slug: string }) {
  const { memberKey } = useSession();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const t = useStrings().answers;
  const [status, setStatus] = useState<Status>({ kind: "busy", text: t.opening });

  async function load() {
    if (!memberKey) return;
    setStatus({ kind: "busy", text: t.opening });
    const result = await loadAnswers(t, slug, memberKey, (n) =>
      setStatus({ kind: "busy", text: fill(t.openedSoFar, { n }) }),
    );
    if (typeof result === "string") return setStatus({ kind: "error", text: result });
    setLoaded(result);
    setStatus({ kind: "idle" });
  }
  useEffect(() => {
    load();
  }, [slug, memberKey]);

  const readable = loaded?.responses.filter((r) => r.ok) ?? [];
  const unreadable = (loaded?.responses.length ?? 0) - readable.length;
  return (
    <>
      <StatusLine status={status} />
      {loaded ? (
        <>
          <p class="counts">
            <strong data-testid="readable-count">{readable.length}</strong>{" "}
            {readable.length === 1 ? t.oneOpened : t.opened} ·{" "}
            <strong data-testid="unreadable-count">{unreadable}</strong>{" "}
            {unreadable === 1 ? t.oneUnreadable : t.unreadable}{" "}
            <button type="button" onClick={load}>
              {t.fetchAgain}
            </button>
          </p>
          <ol class="responses">
            {readable.map((r, i) => {
              if (!r.ok) return null;
              const survey = loaded.versions.find((v) => v.version === r.version);
              const language = survey?.languages[0] ?? "";
              return (
                <li key={r.id} class="response">
                  <h2>
                    {fill(t.response, { n: i + 1 })}{" "}
                    <span class="muted">
                      · {r.receivedOn} · {fill(t.version, { n: r.version })}
                    </span>
                  </h2>
                  <dl>
                    {survey?.questions.map((q) =>
                      r.answers[q.id] === undefined ? null : (
                        <div key={q.id}>
                          <dt>{q.label[language] ?? q.id}</dt>
                          <dd class={q.type === "text" ? "free-text" : undefined}>
                            {answerText(q, r.answers[q.id], language)}
                          </dd>
                        </div>
                      ),
                    )}
                  </dl>
                </li>
              );
            })}
          </ol>
        </>
      ) : null}
    </>
  );
}

export function AnswersPage({ slug }: { slug: string }) {
  const t = useStrings().answers;
  return (
    <section class="answers">
      <p>
        <a href={surveyPath(slug)} onClick={onLinkClick}>
          ← {t.back}
        </a>
      </p>
      <h1>{t.heading}</h1>
      <p class="muted">{t.intro}</p>
      <RequireKey>
        <Answers slug={slug} />
      </RequireKey>
    </section>
  );
}
