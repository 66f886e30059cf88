// The feedback pages without JavaScript (issue 15 item 7): the same message and reply forms,
// posting to the server, which seals the message in memory to the channel's key and makes the
// reply code, or opens the replies with a typed code (server/routes/feedback-nojs.ts). Every page
// says so in one line linking to why, as the survey form without JavaScript does
// (client/respondent/nojs-form.tsx PlainChrome). Rendered by the server only. Every page a post
// answers has one length per channel and language (plainFeedbackBytes), so that its size does not
// say whether the message was sent or refused, its category, or what a reply holds.
import type { ComponentChild } from "preact";
import { renderToString } from "preact-render-to-string";
import { MESSAGE_MAX_LENGTH, REPLY_MAX_LENGTH } from "../lib/feedback-format";
import { fill } from "../lib/labels";
import { LanguagePicker, languageHref } from "../respondent/chrome";
import { PlainChrome, type PlainChromeText } from "../respondent/nojs-form";
import { bytes, COMMENT, padPage } from "../respondent/nojs-size";
import { plainStrings } from "../respondent/nojs-strings";
import { Document, type PageAssets } from "../respondent/page";
import { languageName, respondentStrings } from "../respondent/strings";
import { ReplyCode, ReplyTime } from "./app";
import {
  CODE_MAX_LENGTH,
  GO_FIELD,
  languageToken,
  MESSAGE_FORM_ID,
  PROGRAM_MAX_LENGTH,
  plainMessageAction,
  plainReplyAction,
  REPLY_FORM_ID,
  SEND_TOKEN,
} from "./plain-wire";
import { type LookupProblem, lookupProblem, Replies, ReplyForm } from "./reply";
import type { Channel, Draft } from "./send";
import { FEEDBACK_LANGUAGES, type FeedbackStrings, feedbackStrings } from "./strings";
import { MessageForm } from "./write";

export type PlainFeedbackScreen =
  | {
      kind: "write";
      draft: Draft;
      /** The message's id, posted back with the form: sending it twice stores it once. */
      id: string;
      /** Whether to show the draft's problems: the server refused it. */
      checked: boolean;
      /** Why the server could not take it: too many from here, or (never by chance) a code clash. */
      failure: "rate_limited" | "server" | null;
    }
  | { kind: "sent"; code: string }
  | { kind: "already_sent" }
  | {
      kind: "reply";
      /** What was typed, shown again when it read nothing so that a slip can be mended. */
      typed: string;
      problem: LookupProblem | null;
      replies: { text: string | null; day: string }[] | null;
    };

export interface PlainFeedbackProps {
  channel: Channel;
  /** A feedback language (strings.ts). */
  language: string;
  screen: PlainFeedbackScreen;
  /**
   * How the forms offer the other languages: links on the channel's own pages (a GET, nothing
   * typed yet), buttons of the form on a page answering a post, which carries what was typed
   * (the draft, the code) that a link would lose.
   */
  switching: "links" | "buttons";
}

function chromeText(language: string, t: FeedbackStrings): PlainChromeText {
  const { notice, why, aboutTitle } = plainStrings(language);
  return {
    quickExit: respondentStrings(language).quickExit,
    notice,
    why,
    aboutTitle,
    about: t.plainAbout,
  };
}

function ReplyLink({ channel, t }: { channel: Channel; t: FeedbackStrings }) {
  return (
    <p class="reply-link">
      <a href={`/f/${encodeURIComponent(channel.slug)}/reply`}>{t.replyLink}</a>
    </p>
  );
}

/** A page's quick exit, title, notice, content and why: the <noscript> part of GET /f/:slug too. */
export function PlainFeedback({ channel, language, screen, switching }: PlainFeedbackProps) {
  const t = feedbackStrings(language);
  const ignore = () => undefined;
  let title = fill(t.title, { org: channel.orgName });
  let body: ComponentChild;
  switch (screen.kind) {
    case "write":
      body = (
        <>
          <MessageForm
            channel={channel}
            t={t}
            language={language}
            draft={screen.draft}
            onDraft={ignore}
            busy={false}
            failure={screen.failure}
            onSend={ignore}
            plain={{ action: plainMessageAction(channel.slug), language, id: screen.id }}
            checked={screen.checked}
          />
          <ReplyTime days={channel.replyDays} t={t} />
          <ReplyLink channel={channel} t={t} />
        </>
      );
      break;
    case "sent":
      body = (
        <div class="sent">
          <h2>{t.sentTitle}</h2>
          <ReplyCode code={screen.code} t={t} />
          <p class="privacy">{t.codeNote}</p>
          <ReplyTime days={channel.replyDays} t={t} />
          <p>{t.plainSentNote}</p>
          <ReplyLink channel={channel} t={t} />
        </div>
      );
      break;
    case "already_sent":
      body = (
        <div class="sent">
          <h2>{t.sentTitle}</h2>
          <p>{t.alreadySent}</p>
          <ReplyLink channel={channel} t={t} />
        </div>
      );
      break;
    case "reply":
      title = t.replyTitle;
      body = (
        <>
          <ReplyForm
            t={t}
            typed={screen.typed}
            problem={screen.problem ? lookupProblem(t, screen.problem) : null}
            plain={{ action: plainReplyAction(channel.slug), language }}
          />
          {screen.replies ? <Replies t={t} replies={screen.replies} /> : null}
        </>
      );
      break;
  }
  // On a page answering a post with a form, buttons of that form post what was typed back in
  // the language chosen; elsewhere links lead to the form of this view (a page answering a post
  // has an address that takes posts only). Not beside the reply code: leaving that page is
  // losing the code.
  const view = `/f/${encodeURIComponent(channel.slug)}${screen.kind === "reply" ? "/reply" : ""}`;
  const form =
    screen.kind === "write" ? MESSAGE_FORM_ID : screen.kind === "reply" ? REPLY_FORM_ID : null;
  const buttons =
    form && switching === "buttons"
      ? { form, name: GO_FIELD, main: SEND_TOKEN, valueOf: languageToken }
      : undefined;
  const languages =
    screen.kind === "sent" ? null : (
      <LanguagePicker
        languages={FEEDBACK_LANGUAGES}
        nameOf={languageName}
        current={language}
        label={respondentStrings(language).languagePicker}
        hrefOf={(code) => `${view}${languageHref(code)}`}
        buttons={buttons}
      />
    );
  return (
    <PlainChrome title={title} t={chromeText(language, t)} languages={languages}>
      {body}
    </PlainChrome>
  );
}

/** What HTML-escaping makes longest: `"` becomes `&quot;`. */
const WIDEST = '"';

/**
 * The longest any page of these forms can be for this channel and language, found by rendering
 * each at its worst: the message and program at their longest in the widest character with every
 * problem shown, the longest lookup problem with the longest typed code, one reply at its longest.
 * Several long replies make a page longer still: padPage then pads it to the next whole kilobyte.
 */
export function plainFeedbackBytes(
  channel: Channel,
  language: string,
  render: (body: ComponentChild) => string,
): number {
  const page = (screen: PlainFeedbackScreen) =>
    render(
      <PlainFeedback channel={channel} language={language} screen={screen} switching="buttons" />,
    );
  const id = "00000000-0000-4000-8000-000000000000";
  const long: Draft = {
    category: "",
    country: "",
    program: WIDEST.repeat(PROGRAM_MAX_LENGTH),
    message: WIDEST.repeat(MESSAGE_MAX_LENGTH),
  };
  const t = feedbackStrings(language);
  const problems: LookupProblem[] = [
    { ok: false, reason: "not_a_code" },
    { ok: false, reason: "unknown" },
    { ok: false, reason: "server" },
    // A minute is the lookups' window; three digits leave room for any window.
    { ok: false, reason: "rate_limited", minutes: 999 },
  ];
  const longestProblem = problems.reduce((a, b) =>
    lookupProblem(t, b).length > lookupProblem(t, a).length ? b : a,
  );
  const pages = [
    ...(["rate_limited", "server"] as const).flatMap((failure) => [
      page({ kind: "write", draft: long, id, checked: true, failure }),
      page({ kind: "write", draft: { ...long, message: "" }, id, checked: true, failure }),
    ]),
    page({ kind: "sent", code: "XXXX-XXXX-XXXX-XXXX-XXXX" }),
    page({ kind: "already_sent" }),
    page({
      kind: "reply",
      typed: WIDEST.repeat(CODE_MAX_LENGTH),
      problem: longestProblem,
      replies: null,
    }),
    page({
      kind: "reply",
      typed: "",
      problem: null,
      replies: [{ text: WIDEST.repeat(REPLY_MAX_LENGTH), day: "2026-12-31" }],
    }),
  ];
  return Math.max(...pages.map(bytes)) + COMMENT;
}

export interface PlainFeedbackPageInput extends Omit<PlainFeedbackProps, "switching"> {
  /** The feedback entry's style sheets (linked: no inline style, no script). */
  assets: PageAssets;
}

/** A whole page answering a post of these forms, padded to the channel's one length. */
export function renderPlainFeedbackPage(input: PlainFeedbackPageInput): string {
  const { channel, language, assets } = input;
  const render = (body: ComponentChild) =>
    `<!doctype html>${renderToString(
      <Document language={language} title={channel.orgName} assets={assets}>
        {body}
      </Document>,
    )}`;
  return padPage(
    render(<PlainFeedback {...input} switching="buttons" />),
    plainFeedbackBytes(channel, language, render),
  );
}
