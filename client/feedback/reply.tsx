// /f/:slug/reply: the person types their code and the replies open in this browser. A wrong
// code says only that no message has it; the server limits how fast codes can be tried. Without
// JavaScript the same form posts the code to the server, which opens the replies (plain.tsx).
import { useState } from "preact/hooks";
import { fill } from "../lib/labels";
import { CODE_MAX_LENGTH, REPLY_FIELDS, REPLY_FORM_ID, SEND_TOKEN } from "./plain-wire";
import { type Lookup, readReplies } from "./send";
import type { FeedbackStrings } from "./strings";

/** Why a code read nothing: in the person's words. */
export type LookupProblem = Exclude<Lookup, { ok: true }>;

export function lookupProblem(t: FeedbackStrings, found: LookupProblem): string {
  switch (found.reason) {
    case "not_a_code":
      return t.notACode;
    case "unknown":
      return t.unknownCode;
    case "rate_limited":
      return fill(t.tryLater, { minutes: found.minutes });
    default:
      return t.failed;
  }
}

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

  return (
    <>
      <h1>{t.replyTitle}</h1>
      <ReplyForm
        t={t}
        typed={typed}
        onTyped={setTyped}
        onSubmit={submit}
        busy={busy}
        problem={found && !found.ok ? lookupProblem(t, found) : null}
      />
      {found?.ok ? <Replies t={t} replies={found.replies} /> : null}
    </>
  );
}

/** How the reply form posts without a script (server/routes/feedback-nojs.ts). */
export interface PlainLookup {
  action: string;
  language: string;
}

export function ReplyForm(props: {
  t: FeedbackStrings;
  typed: string;
  onTyped?: (typed: string) => void;
  onSubmit?: (event: Event) => void;
  busy?: boolean;
  problem: string | null;
  plain?: PlainLookup;
}) {
  const { t, problem, plain } = props;
  // The page without a script also holds the script's hidden copy of this form.
  const id = (name: string) => (plain ? `plain-${name}` : name);
  return (
    <form
      class="code"
      id={plain ? REPLY_FORM_ID : undefined}
      onSubmit={props.onSubmit}
      noValidate
      method={plain ? "post" : undefined}
      action={plain?.action}
    >
      {plain ? <input type="hidden" name={REPLY_FIELDS.language} value={plain.language} /> : null}
      <p>{t.replyIntro}</p>
      <label for={id("reply-code")}>{t.replyCodeLabel}</label>
      <p class="hint" id={id("reply-code-hint")}>
        {t.replyCodeHint}
      </p>
      <input
        id={id("reply-code")}
        name={plain ? REPLY_FIELDS.code : undefined}
        type="text"
        maxLength={CODE_MAX_LENGTH}
        autocomplete="off"
        autocapitalize="characters"
        spellcheck={false}
        aria-describedby={`${id("reply-code-hint")}${problem ? ` ${id("reply-code-error")}` : ""}`}
        aria-invalid={problem ? "true" : undefined}
        value={props.typed}
        onInput={(e) => props.onTyped?.(e.currentTarget.value)}
      />
      {problem ? (
        <p class="error" id={id("reply-code-error")} role="alert">
          {problem}
        </p>
      ) : null}
      <div class="actions">
        <button
          type="submit"
          class="primary"
          name={plain ? REPLY_FIELDS.go : undefined}
          value={plain ? SEND_TOKEN : undefined}
          disabled={props.busy}
        >
          {t.replyRead}
        </button>
      </div>
    </form>
  );
}

export function Replies(props: {
  t: FeedbackStrings;
  replies: { text: string | null; day: string }[];
}) {
  const { t } = props;
  return (
    <section class="replies" aria-live="polite">
      <h2>{t.repliesTitle}</h2>
      {props.replies.length === 0 ? <p>{t.noReplyYet}</p> : null}
      {props.replies.map((reply, i) => (
        <article class="reply" key={`${i}`}>
          <h3>{fill(t.repliedOn, { day: reply.day })}</h3>
          <p>{reply.text ?? t.failed}</p>
        </article>
      ))}
    </section>
  );
}
