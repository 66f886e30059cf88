// The opened answers as a report, question by question (issue 16): a chart, the denominators
// in words, the table folded beneath, and, when a breakdown is chosen, the question within
// each group in a region that scrolls on its own. Shares are of those who were asked and
// answered; people the survey's conditions never showed a question to are "not asked".
import "../../public/chart.css";
import { useMemo } from "preact/hooks";
import type { Question, Survey, Text } from "../../../surveys/schema";
import type { Answers } from "../../lib/answers";
import { categoryLabel, fill } from "../../lib/labels";
import { formatNumber, formatPercent } from "../../lib/locale";
import {
  type Asked,
  type CrossTab,
  crossTab,
  type QuestionSummary,
  reportedQuestions,
  summarizeQuestion,
  withAsked,
} from "../../lib/report";
import { type Bar, BarChart } from "../../public/chart";
import { type ResultsStrings, resultsStrings } from "../../public/strings";
import { useStrings } from "../strings";
import type { WorkspaceStrings } from "../strings/en";

export const questionAnchor = (question: Question) => `q-${question.id}`;

interface Words {
  language: string;
  survey: Survey;
  /** Category words in the survey's language: "No answer", "Not asked", bins, Yes/No. */
  t: ResultsStrings;
}

const pick = (text: Text, { language, survey }: Words) =>
  text[language] ?? text[survey.languages[0] ?? ""] ?? Object.values(text)[0] ?? "";

export function questionLabel(question: Question, words: Words): string {
  return pick(question.label, words);
}

function categoryText(question: Question, id: string, words: Words): string {
  if (question.type === "single" || question.type === "multi") {
    const option = question.options.find((o) => o.id === id);
    return option ? pick(option.label, words) : id;
  }
  return categoryLabel(words.survey, question.id, id, words.language, words.t);
}

const share = (n: number, of: number) => (of > 0 ? n / of : 0);

function cellText(n: number, of: number, language: string): string {
  return of > 0
    ? `${formatNumber(n, language)} · ${formatPercent(share(n, of), language)}`
    : formatNumber(n, language);
}

/** "Asked 160 of 200 · answered 150 · no answer 10 · not asked 40", only what applies. */
function Denominators({ summary, language }: { summary: QuestionSummary; language: string }) {
  const t = useStrings().report;
  const { responses, asked, answered } = summary;
  const n = (count: number) => formatNumber(count, language);
  const parts = [
    asked < responses
      ? fill(t.askedOf, { asked: n(asked), responses: n(responses) })
      : fill(t.askedAll, { responses: n(responses) }),
    fill(t.answered, { n: n(answered) }),
    fill(t.noAnswer, { n: n(asked - answered) }),
  ];
  if (asked < responses) parts.push(fill(t.notAsked, { n: n(responses - asked) }));
  return (
    <p class="denominators" data-testid="denominators">
      {parts.join(" · ")}
    </p>
  );
}

function chartCaption(
  t: WorkspaceStrings["report"],
  summary: QuestionSummary,
  language: string,
): string {
  const of = formatNumber(summary.answered, language);
  return fill(summary.kind === "multi" ? t.captionMulti : t.caption, { of });
}

function SummaryTable({ summary, words }: { summary: QuestionSummary; words: Words }) {
  const { question, answered, asked, responses } = summary;
  const { language, t } = words;
  const r = useStrings().report;
  return (
    <table class="summary">
      <thead>
        <tr>
          <th scope="col">{questionLabel(question, words)}</th>
          <th scope="col" class="num">
            {r.count}
          </th>
          <th scope="col" class="num">
            {fill(r.shareOf, { of: formatNumber(answered, language) })}
          </th>
        </tr>
      </thead>
      <tbody>
        {summary.categories.map((c) => (
          <tr key={c.id}>
            <th scope="row">{categoryText(question, c.id, words)}</th>
            <td class="num">{formatNumber(c.count, language)}</td>
            <td class="num">{formatPercent(share(c.count, answered), language)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t.noAnswer}</th>
          <td class="num">{formatNumber(asked - answered, language)}</td>
          <td />
        </tr>
        {asked < responses ? (
          <tr>
            <th scope="row">{t.notAsked}</th>
            <td class="num">{formatNumber(responses - asked, language)}</td>
            <td />
          </tr>
        ) : null}
      </tfoot>
    </table>
  );
}

function CrossTable({ table, words }: { table: CrossTab; words: Words }) {
  const { question, breakdown, groups, columns } = table;
  const { language, t } = words;
  const id = `cross-${question.id}-${breakdown.id}`;
  const groupText = (group: string | null) =>
    group === null ? t.noAnswer : categoryText(breakdown, group, words);
  const anyNotAsked = columns.some((c) => c.asked < c.responses);
  const r = useStrings().report;
  return (
    <div class="crosstab">
      <h4 id={id}>{fill(r.by, { question: questionLabel(breakdown, words) })}</h4>
      <p class="muted">{r.columns}</p>
      {/* A region that scrolls must take focus, or keyboard users cannot scroll it (WCAG 2.1.1). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is interactive */}
      <section class="scroll" aria-labelledby={id} tabIndex={0} data-scroll-region>
        <table>
          <thead>
            <tr>
              <td />
              {groups.map((group) => (
                <th scope="col" key={String(group)}>
                  {groupText(group)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(columns[0]?.categories ?? []).map((category, row) => (
              <tr key={category.id}>
                <th scope="row">{categoryText(question, category.id, words)}</th>
                {columns.map((column, i) => (
                  <td class="num" key={String(groups[i])}>
                    {cellText(column.categories[row]?.count ?? 0, column.answered, language)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{r.answeredRow}</th>
              {columns.map((column, i) => (
                <td class="num" key={String(groups[i])}>
                  {formatNumber(column.answered, language)}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">{t.noAnswer}</th>
              {columns.map((column, i) => (
                <td class="num" key={String(groups[i])}>
                  {formatNumber(column.asked - column.answered, language)}
                </td>
              ))}
            </tr>
            {anyNotAsked ? (
              <tr>
                <th scope="row">{t.notAsked}</th>
                {columns.map((column, i) => (
                  <td class="num" key={String(groups[i])}>
                    {formatNumber(column.responses - column.asked, language)}
                  </td>
                ))}
              </tr>
            ) : null}
          </tfoot>
        </table>
      </section>
    </div>
  );
}

function QuestionReport({
  number,
  summary,
  words,
  breakdown,
  answers,
}: {
  number: number;
  summary: QuestionSummary;
  words: Words;
  breakdown: Question | null;
  answers: Asked[];
}) {
  const r = useStrings().report;
  const { question, answered } = summary;
  const { language } = words;
  const anchor = questionAnchor(question);
  const cross = useMemo(
    () =>
      breakdown && breakdown.id !== question.id && summary.categories.length > 0
        ? crossTab(question, breakdown, answers)
        : null,
    [breakdown, question, answers],
  );
  const bars: Bar[] = summary.categories.map((c) => ({
    key: c.id,
    label: categoryText(question, c.id, words),
    share: share(c.count, answered),
    text: cellText(c.count, answered, language),
  }));
  return (
    <section class="question" id={anchor} aria-labelledby={`${anchor}-heading`}>
      <h3 id={`${anchor}-heading`}>
        {number}. {questionLabel(question, words)}
      </h3>
      <Denominators summary={summary} language={language} />
      {summary.categories.length > 0 ? (
        <>
          <BarChart caption={chartCaption(r, summary, language)} bars={bars} />
          <details>
            <summary>{r.table}</summary>
            <SummaryTable summary={summary} words={words} />
          </details>
        </>
      ) : null}
      {summary.kind === "number" && summary.statistics ? (
        <p>
          {fill(r.statistics, {
            median: formatNumber(summary.statistics.median, language),
            lowest: formatNumber(summary.statistics.min, language),
            highest: formatNumber(summary.statistics.max, language),
          })}
        </p>
      ) : null}
      {summary.kind === "text" ? (
        <p>
          {r.freeText} <a href="#free-text">{r.readAnswers}</a>
        </p>
      ) : null}
      {cross ? <CrossTable table={cross} words={words} /> : null}
    </section>
  );
}

export interface ReportProps {
  survey: Survey;
  answers: Answers[];
  /** A survey language: every label of the report is in it. */
  language: string;
  /** The id of a breakdown question, or null for none. */
  breakdown: string | null;
}

export function Report({ survey, answers, language, breakdown }: ReportProps) {
  const asked = useMemo(() => withAsked(survey, answers), [survey, answers]);
  const summaries = useMemo(
    () => reportedQuestions(survey).map((q) => summarizeQuestion(q, asked)),
    [survey, asked],
  );
  const words: Words = { language, survey, t: resultsStrings(language) };
  const by = breakdown ? (survey.questions.find((q) => q.id === breakdown) ?? null) : null;
  return (
    <>
      {summaries.map((summary, i) => (
        <QuestionReport
          key={summary.question.id}
          number={i + 1}
          summary={summary}
          words={words}
          breakdown={by}
          answers={asked}
        />
      ))}
    </>
  );
}
