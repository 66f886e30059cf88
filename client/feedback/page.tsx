// The public feedback pages GET /f/:slug and GET /f/:slug/reply as whole HTML documents
// (issue 8), mounted by server/routes/feedback.ts. Like the respondent page they run under the
// server's CSP: no inline script code and no style attributes; the channel travels as inert
// JSON that main.tsx reads to hydrate the same FeedbackApp. Without JavaScript, the <noscript>
// form takes over (plain.tsx), as on the survey page; its one inline style is allowed by hash.
import { renderToString } from "preact-render-to-string";
import { directionOf } from "../lib/languages";
import { inlineJson, NOSCRIPT_CSS } from "../respondent/page";
import { FeedbackApp, type FeedbackPageData } from "./app";
import { PlainFeedback } from "./plain";
import type { Channel } from "./send";
import { feedbackStrings, isFeedbackLanguage } from "./strings";

/** The inline styles a feedback page carries, for its CSP's hashes. */
export const FEEDBACK_INLINE_STYLES = [NOSCRIPT_CSS];

export interface FeedbackPageInput {
  channel: Channel;
  view: FeedbackPageData["view"];
  /** An interface language (strings.ts); Spanish otherwise. */
  language: string;
  /** Absolute URL of the built entry, e.g. /assets/feedback-abc123.js. */
  script: string;
  styles: string[];
  /** The id the form without JavaScript posts with its message (a random UUID per page). */
  plainId: string;
}

export function renderFeedbackPage(input: FeedbackPageInput): string {
  const language = isFeedbackLanguage(input.language) ? input.language : "es";
  const data: FeedbackPageData = { channel: input.channel, view: input.view, language };
  const t = feedbackStrings(language);
  const document = (
    <html lang={language} dir={directionOf(language)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>{input.view === "reply" ? t.replyTitle : input.channel.orgName}</title>
        <link rel="icon" href="data:," />
        {input.styles.map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
        <script type="module" src={input.script} />
        <noscript>
          <style dangerouslySetInnerHTML={{ __html: NOSCRIPT_CSS }} />
        </noscript>
      </head>
      <body>
        <div id="voz">
          <FeedbackApp {...data} />
        </div>
        <noscript>
          <PlainFeedback
            channel={input.channel}
            language={language}
            switching="links"
            screen={
              input.view === "reply"
                ? { kind: "reply", typed: "", problem: null, replies: null }
                : {
                    kind: "write",
                    draft: { category: "", country: "", program: "", message: "" },
                    id: input.plainId,
                    checked: false,
                    failure: null,
                  }
            }
          />
        </noscript>
        <script
          type="application/json"
          id="voz-feedback"
          // Inert JSON with every "<" escaped (inlineJson).
          dangerouslySetInnerHTML={{ __html: inlineJson(data) }}
        />
      </body>
    </html>
  );
  return `<!doctype html>${renderToString(document)}`;
}
