// One message: what the person wrote, its triage (status, assignee, codes from the
// organization's frame) and a reply encrypted with the key the person put inside the message.
// The server receives status and assignee as they are, the codes and the reply only sealed.
import { useState } from "preact/hooks";
import { REPLY_MAX_LENGTH } from "../../lib/feedback-format";
import { who } from "../access";
import { onLinkClick } from "../router";
import { useStrings, workspaceLanguage } from "../strings";
import { type ChannelInfo, type FeedbackStatus, feedbackApi, STATUSES } from "./api";
import { type ChannelKeys, type OpenedMessage, sealCodes, sealReplyTo } from "./crypto";
import { type Outcome, OutcomeLine } from "./outcome";

export function MessagePage(props: {
  channel: ChannelInfo;
  keys: ChannelKeys;
  opened: OpenedMessage;
  onChange: (next: OpenedMessage) => void;
}) {
  const { channel, opened } = props;
  const { stored, message } = opened;
  const [status, setStatus] = useState<FeedbackStatus>(stored.status);
  const [assignee, setAssignee] = useState(stored.assignee ?? "");
  const [codes, setCodes] = useState<string[]>(opened.codes);
  const [reply, setReply] = useState("");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const t = useStrings().feedback;
  // Only members who may read the message can be assigned it (the server checks it too).
  const assignable = channel.members.filter((m) =>
    stored.sensitive ? m.safeguarding : m.role === "owner" || m.role === "analyst",
  );

  async function saveTriage(event: Event) {
    event.preventDefault();
    setBusy(true);
    try {
      const publicKey = stored.sensitive ? channel.sensitivePublicKey : channel.publicKey;
      const coding = codes.length > 0 ? await sealCodes(codes, publicKey) : null;
      const result = await feedbackApi.triage(stored.id, {
        status,
        assignee: assignee || null,
        coding,
      });
      if (!result.ok) return setOutcome({ ok: false, text: result.message });
      props.onChange({
        ...opened,
        codes,
        stored: { ...stored, status, assignee: assignee || null, coding },
      });
      setOutcome({ ok: true, text: t.triageSaved });
    } finally {
      setBusy(false);
    }
  }

  async function sendReply(event: Event) {
    event.preventDefault();
    if (!message || !reply.trim()) return setOutcome({ ok: false, text: t.writeFirst });
    setBusy(true);
    try {
      const sealed = await sealReplyTo(message, reply.trim());
      if (!sealed) return setOutcome({ ok: false, text: t.noReplyKey });
      const result = await feedbackApi.reply(stored.id, sealed);
      if (!result.ok) return setOutcome({ ok: false, text: result.message });
      setReply("");
      setStatus("answered");
      props.onChange({
        ...opened,
        stored: { ...stored, status: "answered", replies: stored.replies + 1 },
      });
      setOutcome({ ok: true, text: t.replySent });
    } finally {
      setBusy(false);
    }
  }

  const label = (text: Record<string, string>) =>
    text[workspaceLanguage()] ?? text.en ?? Object.values(text)[0] ?? "";
  return (
    <article class="feedback-message">
      <p>
        <a href="/c/feedback" onClick={onLinkClick}>
          ← {t.inbox}
        </a>
      </p>
      <h2>
        {message
          ? (t.categories[message.category as keyof typeof t.categories] ?? message.category)
          : t.unreadableMessage}{" "}
        · {stored.month}
      </h2>
      {message ? (
        <>
          <dl class="message-facts">
            {message.country ? (
              <>
                <dt>{t.country}</dt>
                <dd>{message.country.toUpperCase()}</dd>
              </>
            ) : null}
            {message.program ? (
              <>
                <dt>{t.program}</dt>
                <dd>{message.program}</dd>
              </>
            ) : null}
            <dt>{t.repliesSoFar}</dt>
            <dd>{stored.replies}</dd>
          </dl>
          <blockquote class="message-text" data-testid="message-text">
            {message.message}
          </blockquote>
        </>
      ) : (
        <p>{t.keysDoNotOpen}</p>
      )}

      <form onSubmit={saveTriage} class="triage">
        <h3>{t.triage}</h3>
        <label for="triage-status">{t.status}</label>
        <select
          id="triage-status"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as FeedbackStatus)}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t.statuses[s]}
            </option>
          ))}
        </select>
        <label for="triage-assignee">{t.assigned}</label>
        <select
          id="triage-assignee"
          value={assignee}
          onChange={(e) => setAssignee(e.currentTarget.value)}
        >
          <option value="">{t.nobody}</option>
          {assignable.map((m) => (
            <option key={m.id} value={m.id}>
              {who(m)}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>{t.codes}</legend>
          {channel.frame.map((c) => (
            <label key={c.code} class="check">
              <input
                type="checkbox"
                value={c.code}
                checked={codes.includes(c.code)}
                onChange={(e) =>
                  setCodes((now) =>
                    e.currentTarget.checked ? [...now, c.code] : now.filter((x) => x !== c.code),
                  )
                }
              />{" "}
              {label(c.label)}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          {t.saveTriage}
        </button>
      </form>

      {message ? (
        <form onSubmit={sendReply} class="reply-form">
          <h3>{t.reply}</h3>
          <label for="reply-text">{t.replyLabel}</label>
          <p id="reply-hint" class="muted">
            {t.replyHint}
          </p>
          <textarea
            id="reply-text"
            rows={5}
            maxLength={REPLY_MAX_LENGTH}
            aria-describedby="reply-hint"
            value={reply}
            onInput={(e) => setReply(e.currentTarget.value)}
          />
          <button type="submit" class="primary" disabled={busy}>
            {t.sendReply}
          </button>
        </form>
      ) : null}
      <OutcomeLine outcome={outcome} />
    </article>
  );
}
