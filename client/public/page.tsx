// The public results page /r/:slug: server-rendered, complete without JavaScript, readable on a
// 360 px phone. Who published it and how the numbers were made come first; then a chart per
// question, its table folded beneath. Hidden cells look the same whether primary or secondary,
// so nobody can tell which was small (DESIGN §8).
import type { Survey } from "../../surveys/schema";
import { fill, surveyLabels } from "../lib/labels";
import { languageName } from "../lib/languages";
import { formatMonth, formatNumber } from "../lib/locale";
import { LanguageLinks, renderPublicDocument } from "./document";
import type { PublicPublication } from "./publication";
import { HiddenLegend, QuestionSection, type Words } from "./question";
import { mayBeUnaskedId, type QuestionView, questionViews } from "./questions";
import { type ResultsStrings, resultsStrings } from "./strings";

export interface ResultsPageInput {
  survey: Survey;
  /** The organization that runs the survey; null for surveys opened from files with the CLI. */
  orgName: string | null;
  /** Null when nothing is published (yet, or any more). */
  publication: PublicPublication | null;
  /** The newest publication was withdrawn: say so, show nothing (DESIGN §8). */
  withdrawn: boolean;
  language: string;
  /** Months as YYYY-MM: the finest dates the page shows. */
  publishedOn: string;
  collected: { from: string; to: string } | null;
  styles: string[];
}

/** How the numbers were made, in the page's language: the methodology note. */
export function MethodNote({
  publication,
  orgName,
  publishedOn,
  collected,
  words,
}: {
  publication: PublicPublication;
  orgName: string | null;
  publishedOn: string;
  collected: { from: string; to: string } | null;
  words: Words;
}) {
  const { t, language } = words;
  const n = formatNumber(publication.responses, language);
  const summary = !collected
    ? fill(t.summary, { n })
    : collected.from === collected.to
      ? fill(t.summaryIn, { n, month: formatMonth(collected.from, language) })
      : fill(t.summaryBetween, {
          n,
          from: formatMonth(collected.from, language),
          to: formatMonth(collected.to, language),
        });
  const month = formatMonth(publishedOn, language);
  return (
    <section class="method" aria-labelledby="method-heading">
      <h2 id="method-heading">{t.method}</h2>
      <p>
        {summary}{" "}
        {orgName ? fill(t.publishedBy, { org: orgName, month }) : fill(t.publishedOn, { month })}
      </p>
      <p>{fill(t.protection, { k: formatNumber(publication.k, language) })}</p>
      {publication.unreadable > 0 ? (
        <p>{fill(t.unreadable, { unreadable: formatNumber(publication.unreadable, language) })}</p>
      ) : null}
    </section>
  );
}

export function Contents({ views, t }: { views: readonly QuestionView[]; t: ResultsStrings }) {
  if (views.length < 2) return null;
  return (
    <nav class="contents" aria-labelledby="contents-heading">
      <h2 id="contents-heading">{t.contents}</h2>
      <ol>
        {views.map((view) => (
          <li key={view.id}>
            <a href={`#q-${view.id}`}>{view.label}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

const pickText = (survey: Survey, text: Record<string, string>, language: string) =>
  text[language] ?? text[survey.languages[0] ?? ""] ?? Object.values(text)[0] ?? "";

function ResultsPage(input: ResultsPageInput) {
  const { survey, orgName, publication, withdrawn, language } = input;
  const t = resultsStrings(language);
  const words: Words = { t, language };
  const labels = surveyLabels(survey, language, t);
  const views = publication
    ? questionViews(publication.tables, labels, {
        definition: survey,
        optionLabel: (question, option) => {
          const q = survey.questions.find((x) => x.id === question);
          const o = q && "options" in q ? q.options.find((x) => x.id === option) : undefined;
          return o ? pickText(survey, o.label, language) : option;
        },
      })
    : [];
  const anyHidden = publication?.tables.some((table) => table.cells.some((c) => c.suppressed));
  const download = (format: string) =>
    `/r/${survey.slug}.${format}${format === "csv" ? `?lang=${encodeURIComponent(language)}` : ""}`;
  return (
    <main>
      <LanguageLinks
        languages={survey.languages}
        current={language}
        name={(code) => languageName(survey, code)}
        label={t.languages}
      />
      {orgName ? <p class="org">{orgName}</p> : null}
      <h1>{pickText(survey, survey.title, language)}</h1>
      {publication === null ? (
        <p>{withdrawn ? t.withdrawn : t.noPublication}</p>
      ) : (
        <>
          <p class="lead">{fill(t.lead, { n: formatNumber(publication.responses, language) })}</p>
          <MethodNote
            publication={publication}
            orgName={orgName}
            publishedOn={input.publishedOn}
            collected={input.collected}
            words={words}
          />
          <p>
            {t.download}: <a href={download("csv")}>CSV</a> · <a href={download("json")}>JSON</a>
          </p>
          <Contents views={views} t={t} />
          {anyHidden ? <HiddenLegend t={t} /> : null}
          {views.map((view) => (
            <QuestionSection
              key={view.id}
              view={view}
              words={words}
              noAnswerLabel={mayBeUnaskedId(survey, view.id) ? t.noAnswerOrNotAsked : t.noAnswer}
            />
          ))}
        </>
      )}
    </main>
  );
}

export function renderResultsPage(input: ResultsPageInput): string {
  const title = pickText(input.survey, input.survey.title, input.language);
  return renderPublicDocument({
    language: input.language,
    title: input.orgName ? `${title} — ${input.orgName}` : title,
    styles: input.styles,
    body: <ResultsPage {...input} />,
  });
}
