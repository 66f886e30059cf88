// The public feedback pages (issue 8): /f/:slug, where a person writes and sends a message, and
// /f/:slug/reply, where they read the answer with their code. Rendered on the server (page.tsx)
// and hydrated (main.tsx). The message lives only in this component's state until it is sealed;
// only ciphertext is ever queued on the phone (DESIGN §9.5).
import { useEffect, useRef, useState } from "preact/hooks";
import { fill } from "../lib/labels";
import { directionOf } from "../lib/languages";
import { LanguagePicker, QuickExit, TopBar } from "../respondent/chrome";
import { enqueue, keepFlushing } from "../respondent/queue";
import type { SendFailure } from "../respondent/send";
import { languageName, respondentStrings } from "../respondent/strings";
import { ReplyView } from "./reply";
import { type Channel, type Draft, postMessage, sealDraft } from "./send";
import { FEEDBACK_LANGUAGES, type FeedbackStrings, feedbackStrings } from "./strings";
import { MessageForm } from "./write";

/**
 * Copies the reply code, so that it can be kept in a note or a chat with oneself; says so once
 * done. Where the clipboard is refused, the code is selected for the phone's own copy.
 */
function CopyCode({ code, t }: { code: string; t: FeedbackStrings }) {
  const [copied, setCopied] = useState(false);
  async function copy(event: Event) {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      const strong = (event.currentTarget as HTMLElement).ownerDocument.querySelector(
        "[data-code]",
      );
      if (strong) getSelection()?.selectAllChildren(strong);
    }
  }
  return (
    <div class="actions">
      <button type="button" class="secondary" onClick={copy}>
        {t.copyCode}
      </button>
      <p class="status" aria-live="polite">
        {copied ? t.codeCopied : ""}
      </p>
    </div>
  );
}

/** How long a reply usually takes, when the organization has said so (issue 15 item 7). */
export function ReplyTime({ days, t }: { days: number | null; t: FeedbackStrings }) {
  if (days === null) return null;
  return <p class="reply-time">{days === 1 ? t.replyTimeOne : fill(t.replyTime, { days })}</p>;
}

/** What the server inlines in the page for the browser (page.tsx ⇄ main.tsx). */
export interface FeedbackPageData {
  channel: Channel;
  view: "send" | "reply";
  language: string;
}

type Screen =
  | { kind: "write" }
  | { kind: "queued"; id: string; code: string }
  | { kind: "sent"; code: string };

/** Failures that only time or a network can fix: the sealed message waits in the queue. */
const QUEUEABLE: readonly SendFailure[] = ["offline", "server", "rate_limited"];

const EMPTY: Draft = { category: "", country: "", program: "", message: "" };

export function FeedbackApp({ channel, view, language: initial }: FeedbackPageData) {
  const [language, setLanguage] = useState(initial);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [screen, setScreen] = useState<Screen>({ kind: "write" });
  const [failure, setFailure] = useState<SendFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const outbox = useRef<ReturnType<typeof keepFlushing> | null>(null);
  const t = feedbackStrings(language);
  const title = fill(t.title, { org: channel.orgName });

  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = directionOf(language);
    document.title = view === "reply" ? `${t.replyTitle} · ${channel.orgName}` : title;
  }, [language, title, view, t, channel.orgName]);

  useEffect(() => {
    if (view !== "send") return;
    const flusher = keepFlushing(
      postMessage,
      (id, result) => {
        if (!result.ok) return;
        setScreen((now) =>
          now.kind === "queued" && now.id === id ? { kind: "sent", code: now.code } : now,
        );
      },
      "feedback",
    );
    outbox.current = flusher;
    flusher.now().catch(() => undefined);
    return () => flusher.stop();
  }, [view]);

  useEffect(() => {
    if (screen.kind !== "write") heading.current?.focus();
  }, [screen.kind]);

  async function send() {
    setBusy(true);
    setFailure(null);
    try {
      const sealed = await sealDraft(channel, draft);
      if (!sealed.ok) return setFailure(sealed.reason === "offline" ? "offline" : "rejected");
      const result = await postMessage(sealed.item);
      if (result.ok) {
        setDraft(EMPTY);
        return setScreen({ kind: "sent", code: sealed.code });
      }
      if (QUEUEABLE.includes(result.reason)) {
        const stored = await enqueue(sealed.item)
          .then(() => true)
          .catch(() => false);
        if (stored) {
          setDraft(EMPTY);
          setScreen({ kind: "queued", id: sealed.item.id, code: sealed.code });
          outbox.current?.soon();
          return;
        }
      }
      setFailure(result.reason);
    } finally {
      setBusy(false);
    }
  }

  const chrome = respondentStrings(language);
  return (
    <>
      <TopBar
        exit={
          <QuickExit
            t={chrome}
            forget={() => {
              outbox.current?.stop();
              setDraft(EMPTY);
            }}
          />
        }
        languages={
          <LanguagePicker
            languages={FEEDBACK_LANGUAGES}
            nameOf={languageName}
            current={language}
            label={chrome.languagePicker}
            onPick={(code) => setLanguage(code as typeof language)}
          />
        }
      />
      <main>
        {view === "reply" ? (
          <ReplyView slug={channel.slug} t={t} />
        ) : (
          <>
            <h1>{title}</h1>
            {screen.kind === "write" ? (
              <MessageForm
                channel={channel}
                t={t}
                language={language}
                draft={draft}
                onDraft={setDraft}
                busy={busy}
                failure={failure}
                onSend={send}
              />
            ) : (
              <Sent
                t={t}
                screen={screen}
                headingRef={heading}
                onRetry={outbox.current?.now}
                retry={respondentStrings(language).retry}
                replyDays={channel.replyDays}
              />
            )}
            {screen.kind === "write" ? <ReplyTime days={channel.replyDays} t={t} /> : null}
            <p class="reply-link">
              <a href={`/f/${encodeURIComponent(channel.slug)}/reply`}>{t.replyLink}</a>
            </p>
          </>
        )}
      </main>
    </>
  );
}

/** The reply code, large and in its groups of four. */
export function ReplyCode({ code, t }: { code: string; t: FeedbackStrings }) {
  return (
    <p class="reply-code">
      {t.codeLabel}:{" "}
      <strong data-code={code}>
        {code.split("-").map((group, i) => (
          <span key={`${i}`}>{group}</span>
        ))}
      </strong>
    </p>
  );
}

function Sent(props: {
  t: FeedbackStrings;
  screen: Exclude<Screen, { kind: "write" }>;
  headingRef: preact.Ref<HTMLHeadingElement>;
  onRetry: (() => Promise<void>) | undefined;
  retry: string;
  replyDays: number | null;
}) {
  const { t, screen } = props;
  return (
    <div class="sent" aria-live="polite">
      <h2 tabIndex={-1} ref={props.headingRef}>
        {screen.kind === "sent" ? t.sentTitle : t.queuedTitle}
      </h2>
      {screen.kind === "queued" ? <p>{t.queuedNote}</p> : null}
      <ReplyCode code={screen.code} t={t} />
      <CopyCode code={screen.code} t={t} />
      <p class="privacy">{t.codeNote}</p>
      <ReplyTime days={props.replyDays} t={t} />
      {screen.kind === "queued" ? (
        <div class="actions">
          <button
            type="button"
            class="secondary"
            onClick={() => props.onRetry?.().catch(() => undefined)}
          >
            {props.retry}
          </button>
        </div>
      ) : null}
    </div>
  );
}
