// The answers of one survey, opened in this browser: the survey key is fetched sealed, opened
// with the member's unlocked key, and every response is opened here. Free-text answers are
// shown only on this page (DESIGN §9.6); nothing opened is stored anywhere.
import { useEffect, useState } from "preact/hooks";
import type { Question, Survey } from "../../surveys/schema";
import type { KeyPair } from "../lib/crypto";
import { api } from "./api";
import { type Status, StatusLine } from "./fields";
import { type OpenedResponse, openResponses, openSurveyKeys } from "./keys";
import { onLinkClick, surveyPath } from "./router";
import { RequireKey, useSession } from "./session";

type Loaded = { versions: Survey[]; responses: OpenedResponse[] };

async function loadAnswers(
  slug: string,
  memberKey: KeyPair,
  progress: (read: number) => void,
): Promise<Loaded | string> {
  const [detail, sealed] = await Promise.all([api.survey(slug), api.surveyKey(slug)]);
  if (!detail.ok) return detail.message;
  if (!sealed.ok) {
    return sealed.code === "not_granted"
      ? "You have no access to this survey's answers yet: an owner can give it to you."
      : sealed.message;
  }
  const surveyKeys = await openSurveyKeys(sealed.value.keys, memberKey);
  if (surveyKeys.length === 0) return "Your key does not open this survey's key.";
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
  const [status, setStatus] = useState<Status>({ kind: "busy", text: "Opening the answers…" });

  async function load() {
    if (!memberKey) return;
    setStatus({ kind: "busy", text: "Opening the answers…" });
    const result = await loadAnswers(slug, memberKey, (n) =>
      setStatus({ kind: "busy", text: `Opened ${n}…` }),
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
            <strong data-testid="readable-count">{readable.length}</strong> response
            {readable.length === 1 ? "" : "s"} opened ·{" "}
            <strong data-testid="unreadable-count">{unreadable}</strong> unreadable (wrong key,
            altered or not for this survey; never counted){" "}
            <button type="button" onClick={load}>
              Fetch again
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
                    Response {i + 1}{" "}
                    <span class="muted">
                      · {r.receivedOn} · version {r.version}
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
  return (
    <section class="answers">
      <p>
        <a href={surveyPath(slug)} onClick={onLinkClick}>
          ← Back to the survey
        </a>
      </p>
      <h1>Answers</h1>
      <p class="muted">
        Opened in this browser with your key. Free-text answers appear only here: they are never
        tabulated or published. Closing the tab forgets them.
      </p>
      <RequireKey>
        <Answers slug={slug} />
      </RequireKey>
    </section>
  );
}
