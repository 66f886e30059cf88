// The respondent page GET /s/:slug as one HTML document (DESIGN §5): the first question is
// already there on a slow link, and the same App hydrates it. It must run under the server's
// CSP: no inline script code, no style attributes, nothing from another origin; the only inline
// styles are the ones whose hashes the server sends (server/routes/pages.ts, `inlineStyles`).
// Without JavaScript, the <noscript> form takes over (nojs-form.tsx), and the pages after it
// are whole documents too (renderPlainPage).
import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import type { Survey } from "../../surveys/schema";
import { directionOf } from "../lib/languages";
import { App, type PageData } from "./app";
import { PlainForm, type PlainFormProps } from "./nojs-form";
import { respondentStrings } from "./strings";

export interface PageAssets {
  /** Absolute URLs such as /assets/respondent-abc123.js. */
  script: string;
  /** Style sheets to link when `css` is not given (the coordinator's preview links them). */
  styles: string[];
  /**
   * The built style sheet's text, inlined in <head> so the first question paints in one round
   * trip (issue 6 item 1); the server sends its hash in the page's CSP.
   */
  css?: string;
}

/**
 * With JavaScript off the script's copy of the page cannot work: hide it, and show the
 * <noscript> form alone. An inline style, so its hash is in the page's CSP.
 */
export const NOSCRIPT_CSS = "#voz{display:none}";

/** Every inline style a respondent page may carry, for the CSP's hashes. */
export function inlineStyles(assets: PageAssets): string[] {
  return assets.css === undefined ? [NOSCRIPT_CSS] : [assets.css, NOSCRIPT_CSS];
}

export interface SurveyPageInput {
  survey: Survey;
  publicKey: string;
  assets: PageAssets;
  /** One of the survey's languages; its first language otherwise. */
  language?: string;
  /** Whether the survey takes invitation codes; the form without JavaScript asks for one. */
  requiresCode?: boolean;
}

/** JSON that cannot end the <script> element it sits in, whatever the survey's texts hold. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

function chosenLanguage(survey: Survey, language: string | undefined): string {
  return language && survey.languages.includes(language) ? language : (survey.languages[0] ?? "es");
}

function Document(props: {
  language: string;
  title: string;
  assets: PageAssets;
  head?: ComponentChildren;
  children: ComponentChildren;
}) {
  const { assets } = props;
  return (
    <html lang={props.language} dir={directionOf(props.language)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        {/* No /favicon.ico request: one round trip less on a slow link. */}
        <link rel="icon" href="data:," />
        {assets.css === undefined ? (
          assets.styles.map((href) => <link key={href} rel="stylesheet" href={href} />)
        ) : (
          // Our own built CSS, allowed by its hash; it never holds "</style" (server/assets.ts).
          <style dangerouslySetInnerHTML={{ __html: assets.css }} />
        )}
        {props.head}
      </head>
      <body>{props.children}</body>
    </html>
  );
}

export function renderSurveyPage({
  survey,
  publicKey,
  assets,
  language,
  requiresCode = false,
}: SurveyPageInput): string {
  const chosen = chosenLanguage(survey, language);
  const data: PageData = { survey, publicKey, language: chosen };
  const t = respondentStrings(chosen, survey.languages[0]);
  const withoutJavaScript = survey.withoutJavaScript !== false;
  const document = (
    <Document
      language={chosen}
      title={survey.title[chosen] ?? survey.slug}
      assets={assets}
      head={
        <>
          {withoutJavaScript ? (
            <noscript>
              <style dangerouslySetInnerHTML={{ __html: NOSCRIPT_CSS }} />
            </noscript>
          ) : null}
          <script type="module" src={assets.script} />
        </>
      }
    >
      <div id="voz">
        <App {...data} />
      </div>
      <noscript>
        {withoutJavaScript ? (
          <PlainForm
            survey={survey}
            language={chosen}
            values={{}}
            screen={{ kind: "question", index: 0, problem: null }}
            requiresCode={requiresCode}
          />
        ) : (
          <p class="noscript">{t.noscript}</p>
        )}
      </noscript>
      <script
        type="application/json"
        id="voz-survey"
        // Inert JSON with every "<" escaped (inlineJson).
        dangerouslySetInnerHTML={{ __html: inlineJson(data) }}
      />
    </Document>
  );
  return `<!doctype html>${renderToString(document)}`;
}

export interface PlainPageInput extends PlainFormProps {
  assets: PageAssets;
}

/** A page of the form without JavaScript after the first: no script, nothing to hydrate. */
export function renderPlainPage(input: PlainPageInput): string {
  const { survey, assets } = input;
  const language = chosenLanguage(survey, input.language);
  const document = (
    <Document language={language} title={survey.title[language] ?? survey.slug} assets={assets}>
      <PlainForm {...input} language={language} />
    </Document>
  );
  return `<!doctype html>${renderToString(document)}`;
}
