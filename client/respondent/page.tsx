// The respondent page GET /s/:slug as one HTML document (DESIGN §5): the first question is
// already there on a slow link, and the same App hydrates it. It must run under the server's
// CSP: no inline script code, no style attributes, nothing from another origin; the only inline
// styles are the ones whose hashes the server sends (server/routes/pages.ts, `inlineStyles`).
// Without JavaScript, the <noscript> form takes over (nojs-form.tsx), and the pages after it
// are whole documents too (renderPlainPage).
import type { ComponentChild, ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import type { Survey } from "../../surveys/schema";
import { directionOf } from "../lib/languages";
import { App, type PageData } from "./app";
import { FIRST_STEP, firstStep } from "./first-step";
import { PlainForm, type PlainFormProps } from "./nojs-form";
import { padPage, plainPageBytes } from "./nojs-size";
import { nextPage, plainPagesOf } from "./pages";
import { languageName, respondentStrings } from "./strings";

export interface PageAssets {
  /** Absolute URLs such as /assets/respondent-abc123.js. */
  script: string;
  /** The chunks `script` imports statically, fetched with it rather than after it (server/assets.ts). */
  preload?: string[];
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

/**
 * Asks for the entry's chunks at once (`modulepreload`), not one round trip per level of imports
 * (issue 15 item 3). Written by a script, not as <link> elements: a browser fetches those even
 * with JavaScript off, where the scripts only spend the respondent's data. Plain ES5, allowed by
 * its hash like FIRST_STEP.
 */
export function preloadScript(files: readonly string[]): string {
  return `${JSON.stringify(files)}.forEach(function(h){var l=document.createElement("link");l.rel="modulepreload";l.href=h;document.head.appendChild(l)});`;
}

/** Every inline script a respondent page may carry, for the CSP's hashes. */
export function inlineScripts(assets: PageAssets): string[] {
  return assets.preload?.length ? [FIRST_STEP, preloadScript(assets.preload)] : [FIRST_STEP];
}

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
  /**
   * Whether the page carries FIRST_STEP, the page after the first for it, and the chunks'
   * preload (inlineScripts): only where its
   * CSP allows them by hash (the served page), not in the workspace's preview, whose policy
   * allows no inline script.
   */
  earlyTap?: boolean;
}

/** JSON that cannot end the <script> element it sits in, whatever the survey's texts hold. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

function chosenLanguage(survey: Survey, language: string | undefined): string {
  return language && survey.languages.includes(language) ? language : (survey.languages[0] ?? "es");
}

export function Document(props: {
  language: string;
  title: string;
  assets: PageAssets;
  /**
   * Before the inlined styles: on a slow link a script named here is asked for as soon as the
   * first bytes arrive, not after the style sheet's.
   */
  scripts?: ComponentChildren;
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
        {props.scripts}
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
  earlyTap = false,
}: SurveyPageInput): string {
  const chosen = chosenLanguage(survey, language);
  const t = respondentStrings(chosen, survey.languages[0]);
  const data: PageData = {
    survey,
    publicKey,
    language: chosen,
    strings: t,
    languageNames: Object.fromEntries(
      survey.languages.map((code) => [code, languageName(code, survey)]),
    ),
  };
  const withoutJavaScript = survey.withoutJavaScript !== false;
  const step = earlyTap
    ? firstStep(survey, (values, at) => renderToString(<App {...data} initial={values} at={at} />))
    : null;
  const document = (
    <Document
      language={chosen}
      title={survey.title[chosen] ?? survey.slug}
      assets={assets}
      scripts={
        <>
          {/* Our own code, allowed by its hash (inlineScripts). */}
          {earlyTap ? <script dangerouslySetInnerHTML={{ __html: FIRST_STEP }} /> : null}
          <script type="module" src={assets.script} />
          {/* After the entry script, so that it is asked for first. */}
          {earlyTap && assets.preload?.length ? (
            <script dangerouslySetInnerHTML={{ __html: preloadScript(assets.preload) }} />
          ) : null}
        </>
      }
      head={
        withoutJavaScript ? (
          <noscript>
            <style dangerouslySetInnerHTML={{ __html: NOSCRIPT_CSS }} />
          </noscript>
        ) : null
      }
    >
      <div id="voz">
        <App {...data} />
      </div>
      {step ? (
        <template
          id="voz-next"
          data-at={step.next}
          data-required={step.required.join(" ")}
          // The app's own rendering of the next page (first-step.ts), inert until swapped in.
          dangerouslySetInnerHTML={{ __html: step.html }}
        />
      ) : null}
      <noscript>
        {withoutJavaScript ? (
          <PlainForm
            survey={survey}
            language={chosen}
            values={{}}
            screen={{
              kind: "question",
              index: nextPage(survey, {}, -1, plainPagesOf(survey)) ?? 0,
              editing: false,
              checked: false,
            }}
            requiresCode={requiresCode}
            switching="links"
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

export interface PlainPageInput extends Omit<PlainFormProps, "switching"> {
  assets: PageAssets;
}

/** Lengths of the pages after the first, per build, survey version, language and admission. */
const lengths = new WeakMap<PageAssets, WeakMap<Survey, Map<string, number>>>();

function plainLength(
  input: PlainPageInput,
  language: string,
  render: (body: ComponentChild) => string,
) {
  const { survey, assets, requiresCode } = input;
  const bySurvey = lengths.get(assets) ?? new WeakMap<Survey, Map<string, number>>();
  lengths.set(assets, bySurvey);
  const byPage = bySurvey.get(survey) ?? new Map<string, number>();
  bySurvey.set(survey, byPage);
  const key = `${language} ${requiresCode}`;
  let length = byPage.get(key);
  if (length === undefined) {
    length = plainPageBytes(survey, language, requiresCode, render);
    byPage.set(key, length);
  }
  return length;
}

/**
 * A page of the form without JavaScript after the first: no script, nothing to hydrate, and the
 * same length as every other such page of the survey version (nojs-size.tsx).
 */
export function renderPlainPage(input: PlainPageInput): string {
  const { survey, assets } = input;
  const language = chosenLanguage(survey, input.language);
  const render = (body: ComponentChild) =>
    `<!doctype html>${renderToString(
      <Document language={language} title={survey.title[language] ?? survey.slug} assets={assets}>
        {body}
      </Document>,
    )}`;
  return padPage(
    render(<PlainForm {...input} language={language} switching="buttons" />),
    plainLength(input, language, render),
  );
}
