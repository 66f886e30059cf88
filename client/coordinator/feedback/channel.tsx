// The workspace's Feedback page (issue 8 §3): the owner opens the channel and says who handles
// sensitive reports; members unlock the channel keys they hold and work through the inbox, a
// message, or the "you said — we did" publication. Opened messages live in this tab's memory.
import "./feedback.css";
import { useEffect, useState } from "preact/hooks";
import type { KeyPair } from "../../lib/crypto";
import { api } from "../api";
import { type FeedbackView, onLinkClick } from "../router";
import { RequireKey, useSession } from "../session";
import { useStrings } from "../strings";
import { type ChannelInfo, feedbackApi } from "./api";
import {
  type ChannelKeys,
  newChannelKeys,
  type OpenedMessage,
  openChannelKeys,
  openMessages,
} from "./crypto";
import { FrameEditor } from "./frame";
import { Inbox } from "./inbox";
import { MessagePage } from "./message";
import { Publish } from "./publish";
import { Readers } from "./readers";
import { ReplyTimeSetting } from "./reply-time";

export function FeedbackPage(props: FeedbackView) {
  const { me } = useSession();
  const [channel, setChannel] = useState<ChannelInfo | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const t = useStrings().feedback;

  async function load() {
    const result = await feedbackApi.channel();
    if (result.ok) setChannel(result.value);
    else if (result.status === 404) setChannel(null);
    else setProblem(result.message);
  }
  useEffect(() => {
    load();
  }, []);

  if (problem)
    return (
      <p class="status error" role="alert">
        {problem}
      </p>
    );
  if (channel === undefined) return <p class="loading">{t.loading}</p>;
  if (channel === null) {
    return me.member.role === "owner" ? (
      <RequireKey>
        <OpenChannel onOpened={load} />
      </RequireKey>
    ) : (
      <p>{t.noChannel}</p>
    );
  }
  return (
    <section class="feedback">
      <h1>{t.heading}</h1>
      <p>
        {t.publicPage} <a href={`/f/${channel.slug}`}>/f/{channel.slug}</a> · {t.repliesPage}{" "}
        <a href={`/f/${channel.slug}/reply`}>/f/{channel.slug}/reply</a> · {t.countsPage}{" "}
        <a href={`/f/${channel.slug}/results`}>/f/{channel.slug}/results</a>
      </p>
      <nav aria-label={t.heading} class="subnav">
        <a
          href="/c/feedback"
          onClick={onLinkClick}
          aria-current={props.view === "inbox" ? "page" : undefined}
        >
          {t.inbox}
        </a>
        <a
          href="/c/feedback/publish"
          onClick={onLinkClick}
          aria-current={props.view === "publish" ? "page" : undefined}
        >
          {t.youSaid}
        </a>
      </nav>
      <RequireKey>
        <Workbench channel={channel} onChannel={load} {...props} />
      </RequireKey>
    </section>
  );
}

function OpenChannel({ onOpened }: { onOpened: () => void }) {
  const { me, memberKey } = useSession();
  const [slug, setSlug] = useState(
    me.organization.name
      .toLowerCase()
      .normalize("NFD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 64),
  );
  const [problem, setProblem] = useState<{ message: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const t = useStrings().feedback;

  async function open(event: Event) {
    event.preventDefault();
    if (!memberKey) return;
    setBusy(true);
    setProblem(null);
    try {
      // Someone must hold the sensitive key from the start, or reports sealed to it are lost.
      const flagged = await feedbackApi.safeguarding(me.member.id, true);
      if (!flagged.ok) return setProblem(flagged);
      const analysts = await api.analysts();
      if (!analysts.ok) return setProblem(analysts);
      const readers = analysts.value.analysts.map((a) => ({
        ...a,
        safeguarding: a.id === me.member.id,
      }));
      const keys = await newChannelKeys(readers);
      const opened = await feedbackApi.open({ slug, ...keys });
      if (!opened.ok) return setProblem(opened);
      onOpened();
    } finally {
      setBusy(false);
    }
  }

  const slugError = problem?.field === "$.slug";
  return (
    <section>
      <h1>{t.openHeading}</h1>
      <p>{t.openIntro}</p>
      <form onSubmit={open}>
        <label for="feedback-slug">{t.address}</label>
        <input
          id="feedback-slug"
          value={slug}
          required
          pattern="[a-z0-9\-]{3,64}"
          aria-describedby={slugError ? "feedback-slug-error" : "feedback-slug-hint"}
          aria-invalid={slugError ? "true" : undefined}
          onInput={(e) => setSlug(e.currentTarget.value)}
        />
        <p id="feedback-slug-hint" class="muted">
          {t.addressHint}
        </p>
        {problem ? (
          <p class="status error" role="alert" id={slugError ? "feedback-slug-error" : undefined}>
            {problem.message}
          </p>
        ) : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t.opening : t.open}
        </button>
      </form>
    </section>
  );
}

type Loaded =
  | { state: "loading"; text: string }
  | { state: "refused"; text: string }
  | { state: "ready"; keys: ChannelKeys; messages: OpenedMessage[] };

function Workbench(props: FeedbackView & { channel: ChannelInfo; onChannel: () => Promise<void> }) {
  const { me, memberKey } = useSession();
  const t = useStrings().feedback;
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading", text: t.openingKeys });

  async function load(member: KeyPair) {
    const sealed = await feedbackApi.keys();
    if (!sealed.ok) {
      return setLoaded({
        state: "refused",
        text: sealed.status === 403 ? t.noFeedbackKey : sealed.message,
      });
    }
    const keys = await openChannelKeys(sealed.value, member);
    setLoaded({ state: "loading", text: t.openingMessages });
    const stored = [];
    let cursor = "";
    for (;;) {
      const page = await feedbackApi.messages(cursor);
      if (!page.ok) return setLoaded({ state: "refused", text: page.message });
      stored.push(...page.value.messages);
      if (!page.value.next) break;
      cursor = page.value.next;
    }
    setLoaded({ state: "ready", keys, messages: await openMessages(stored, keys) });
  }

  useEffect(() => {
    if (memberKey) load(memberKey);
  }, [memberKey]);

  /** After a change on the server, the one message it touched is reread and reopened. */
  function replace(next: OpenedMessage) {
    setLoaded((now) =>
      now.state === "ready"
        ? { ...now, messages: now.messages.map((m) => (m.stored.id === next.stored.id ? next : m)) }
        : now,
    );
  }

  const owned =
    me.member.role === "owner" && loaded.state === "ready" ? (
      <>
        <Readers channel={props.channel} keys={loaded.keys} onChange={props.onChannel} />
        <ReplyTimeSetting replyDays={props.channel.replyDays} onSaved={props.onChannel} />
        <FrameEditor frame={props.channel.frame} onSaved={props.onChannel} />
      </>
    ) : null;

  if (loaded.state !== "ready") {
    return (
      <p class={loaded.state === "refused" ? "status error" : "loading"} role="status">
        {loaded.text}
      </p>
    );
  }
  if (props.view === "message") {
    const found = loaded.messages.find((m) => m.stored.id === props.id);
    return found ? (
      <MessagePage channel={props.channel} keys={loaded.keys} opened={found} onChange={replace} />
    ) : (
      <p>{t.noSuchMessage}</p>
    );
  }
  if (props.view === "publish") {
    return <Publish channel={props.channel} messages={loaded.messages} />;
  }
  return (
    <>
      <Inbox channel={props.channel} messages={loaded.messages} />
      {owned}
    </>
  );
}
