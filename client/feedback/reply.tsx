// /f/:slug/reply: the person types their code and the replies open in this browser. A wrong
// code says only that no message has it; the server limits how fast codes can be tried.
import { useState } from "preact/hooks";
import { fill } from "../lib/labels";
import { type Lookup, readReplies } from "./send";
import type { FeedbackStrings } from "./strings";

export function ReplyView({ slug, t }: { slug: string; t: FeedbackStrings }) {
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<Lookup | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setFound(null);
    try {
      setFound(await readReplies(slug, typed));
    } finally {
      setBusy(false);
    }
  }

  let problem: string | null = null;
  if (found && !found.ok) {
    problem =
      found.reason === "not_a_code"
        ? t.notACode
        : found.reason === "unknown"
          ? t.unknownCode
          : found.reason === "rate_limited"
            ? fill(t.tryLater, { minutes: found.minutes })
            : t.failed;
  }

  return (
    <>
      <h1>{t.replyTitle}</h1>
      <form class="code" onSubmit={submit} noValidate>
        <p>{t.replyIntro}</p>
        <label for="reply-code">{t.replyCodeLabel}</label>
        <p class="hint" id="reply-code-hint">
          {t.replyCodeHint}
        </p>
        <input
          id="reply-code"
          type="text"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          aria-describedby={`reply-code-hint${problem ? " reply-code-error" : ""}`}
          aria-invalid={problem ? "true" : undefined}
          value={typed}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
        {problem ? (
          <p class="error" id="reply-code-error" role="alert">
            {problem}
          </p>
        ) : null}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {t.replyRead}
          </button>
        </div>
      </form>
      {found?.ok ? (
        <section class="replies" aria-live="polite">
          <h2>{t.repliesTitle}</h2>
          {found.replies.length === 0 ? <p>{t.noReplyYet}</p> : null}
          {found.replies.map((reply, i) => (
            <article class="reply" key={`${i}`}>
              <h3>{fill(t.repliedOn, { day: reply.day })}</h3>
              <p>{reply.text ?? t.failed}</p>
            </article>
          ))}
        </section>
      ) : null}
    </>
  );
}
