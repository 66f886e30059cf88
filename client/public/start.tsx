// The start page `/`: what Voz is, in the reader's language, and the two ways in — a survey
// (its link, poster or short name) and the organizations' workspace. Server-rendered, no
// script, nothing from another origin; it names no survey and no organization.
import { languageName } from "../lib/languages";
import { LanguageLinks, renderPublicDocument } from "./document";
import { START_LANGUAGES, startStrings } from "./start-strings";

export interface StartPageInput {
  language: string;
  /** A short name that was typed and refused, shown back with the reason. */
  badName?: string;
  styles: readonly string[];
}

function StartPage({ language, badName }: StartPageInput) {
  const t = startStrings(language);
  return (
    <main class="start">
      <LanguageLinks
        languages={START_LANGUAGES}
        current={language}
        name={(code) => languageName({}, code)}
        label={t.languages}
      />
      <h1>{t.title}</h1>
      <p class="lead">{t.lead}</p>
      <section aria-labelledby="respondents-heading">
        <h2 id="respondents-heading">{t.respondentsHeading}</h2>
        <p>{t.respondents}</p>
        <form method="get" action="/" class="go">
          <input type="hidden" name="lang" value={language} />
          <label for="survey">{t.surveyName}</label>
          <input
            id="survey"
            name="survey"
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            value={badName ?? ""}
            aria-invalid={badName === undefined ? undefined : "true"}
            aria-describedby={badName === undefined ? undefined : "survey-error"}
          />
          {badName === undefined ? null : (
            <p id="survey-error" class="error">
              {t.badName}
            </p>
          )}
          <button type="submit">{t.go}</button>
        </form>
        <p class="muted">{t.safety}</p>
      </section>
      <section aria-labelledby="organizations-heading">
        <h2 id="organizations-heading">{t.organizationsHeading}</h2>
        <p>{t.organizations}</p>
        <p class="ways">
          <a href="/c/login">{t.logIn}</a>
          <a href="/c/signup">{t.signUp}</a>
        </p>
      </section>
    </main>
  );
}

export function renderStartPage(input: StartPageInput): string {
  return renderPublicDocument({
    language: input.language,
    title: startStrings(input.language).title,
    styles: input.styles,
    body: <StartPage {...input} />,
  });
}
