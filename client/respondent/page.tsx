// The respondent page GET /s/:slug as one HTML document (DESIGN §5): the first question is
// already there on a slow link, and the same App hydrates it. It must run under the server's
// CSP: no inline script code, no style attributes, nothing from another origin.
import { renderToString } from "preact-render-to-string";
import type { Survey } from "../../surveys/schema";
import { App, type PageData } from "./app";
import { respondentStrings } from "./strings";

export interface PageAssets {
  /** Absolute URLs such as /assets/respondent-abc123.js. */
  script: string;
  styles: string[];
}

export interface SurveyPageInput {
  survey: Survey;
  publicKey: string;
  assets: PageAssets;
  /** One of the survey's languages; its first language otherwise. */
  language?: string;
}

/** JSON that cannot end the <script> element it sits in, whatever the survey's texts hold. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

export function renderSurveyPage({ survey, publicKey, assets, language }: SurveyPageInput): string {
  const chosen =
    language && survey.languages.includes(language) ? language : (survey.languages[0] ?? "es");
  const data: PageData = { survey, publicKey, language: chosen };
  const title = survey.title[chosen] ?? survey.slug;
  const t = respondentStrings(chosen, survey.languages[0]);
  const document = (
    <html lang={chosen}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        {/* No /favicon.ico request: one round trip less on a slow link. */}
        <link rel="icon" href="data:," />
        {assets.styles.map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
        <script type="module" src={assets.script} />
      </head>
      <body>
        <div id="voz">
          <App {...data} />
        </div>
        <noscript>
          <p class="noscript">{t.noscript}</p>
        </noscript>
        <script
          type="application/json"
          id="voz-survey"
          // Inert JSON with every "<" escaped (inlineJson).
          dangerouslySetInnerHTML={{ __html: inlineJson(data) }}
        />
      </body>
    </html>
  );
  return `<!doctype html>${renderToString(document)}`;
}
