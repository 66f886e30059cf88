// The public "you said — we did" page /f/:slug/results (issue 8): server-rendered, complete
// without JavaScript, with the same charts and tables as survey results (hidden cells look
// alike) and the organization's statements of what changed. Nothing here comes from a person's
// message.
import { type Category, fill, type Labels } from "../lib/labels";
import { languageName } from "../lib/languages";
import { formatMonth, formatNumber } from "../lib/locale";
import { LanguageLinks, renderPublicDocument } from "./document";
import { FEEDBACK_RESULTS_LANGUAGES, feedbackResultsStrings } from "./feedback-strings";
import { type PublicPublication, toPublic } from "./publication";
import { HiddenLegend, QuestionSection, type Words } from "./question";
import { questionViews } from "./questions";
import { resultsStrings } from "./strings";

/** The stored body of a feedback publication (server/publish.ts publishFeedback). */
export interface FeedbackPublished {
  publication: Parameters<typeof toPublic>[0];
  statements: { text: Record<string, string>; month: string }[];
}

export interface FeedbackResultsInput {
  slug: string;
  orgName: string;
  /** The current publication as stored, and its month; null when nothing is published. */
  published: (FeedbackPublished & { publishedOn: string }) | null;
  /** The newest publication was withdrawn: say so, show nothing (DESIGN §8). */
  withdrawn: boolean;
  language: string;
  styles: string[];
}

function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: "region" }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

function FeedbackResults({ orgName, published, withdrawn, language }: FeedbackResultsInput) {
  const s = feedbackResultsStrings(language);
  const t = {
    ...resultsStrings(language),
    hiddenMeaning: s.hiddenMeaning,
    shareOfAll: s.shareOfAll,
  };
  const words: Words = { t, language };
  const publication: PublicPublication | null = published ? toPublic(published.publication) : null;
  const labels: Labels = {
    variable: (variable) =>
      variable === "category" ? s.category : variable === "month" ? s.month : s.country,
    category: (variable: string, category: Category) => {
      if (category === "*") return t.total;
      if (category === null) return variable === "country" ? s.noCountry : t.noAnswer;
      if (variable === "category") return s.categories[category] ?? category;
      if (variable === "month") return formatMonth(category, language);
      return countryName(category, language);
    },
  };
  const statements = [...(published?.statements ?? [])].sort((a, b) =>
    b.month.localeCompare(a.month),
  );
  const anyHidden = publication?.tables.some((table) => table.cells.some((c) => c.suppressed));
  return (
    <main>
      <LanguageLinks
        languages={FEEDBACK_RESULTS_LANGUAGES}
        current={language}
        name={(code) => languageName({}, code)}
        label={t.languages}
      />
      <p class="org">{orgName}</p>
      <h1>{s.title}</h1>
      <p class="lead">{fill(s.lead, { org: orgName })}</p>
      {!published || !publication ? (
        <p>{withdrawn ? s.withdrawn : s.noPublication}</p>
      ) : (
        <>
          {statements.length > 0 ? (
            <section>
              <h2>{s.weDid}</h2>
              <ul class="statements">
                {statements.map((statement) => (
                  <li key={`${statement.month}${JSON.stringify(statement.text)}`}>
                    <strong>{formatMonth(statement.month, language)}</strong>:{" "}
                    {statement.text[language] ?? Object.values(statement.text)[0]}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section class="method" aria-labelledby="method-heading">
            <h2 id="method-heading">{t.method}</h2>
            <p>
              {fill(s.summary, {
                n: formatNumber(publication.responses, language),
                org: orgName,
                published: formatMonth(published.publishedOn, language),
              })}
            </p>
            <p>{fill(s.method, { k: formatNumber(publication.k, language) })}</p>
          </section>
          <h2>{s.youSaid}</h2>
          {anyHidden ? <HiddenLegend t={t} /> : null}
          {questionViews(publication.tables, labels).map((view) => (
            <QuestionSection key={view.id} view={view} words={words} noAnswerLabel={t.noAnswer} />
          ))}
        </>
      )}
    </main>
  );
}

export function renderFeedbackResultsPage(input: FeedbackResultsInput): string {
  const s = feedbackResultsStrings(input.language);
  return renderPublicDocument({
    language: input.language,
    title: `${s.title} — ${input.orgName}`,
    styles: input.styles,
    body: <FeedbackResults {...input} />,
  });
}
