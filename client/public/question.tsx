// One published question on a public results page: a chart of what the publication shows, its
// table folded beneath, and each breakdown folded in a region that scrolls on its own. A hidden
// cell shows one mark, the same whether it was small or cover (DESIGN §8), explained once at
// the top of the page (HiddenLegend). Server-rendered: works without JavaScript (<details>).

import { fill } from "../lib/labels";
import { formatNumber, formatPercent } from "../lib/locale";
import { type Bar, BarChart } from "./chart";
import type { PublicCell } from "./publication";
import { type Cross, type Denominator, denominator, type QuestionView } from "./questions";
import type { ResultsStrings } from "./strings";

/** One character in every font, not a digit, so it is never read as a count. */
export const HIDDEN_MARK = "x";

export interface Words {
  t: ResultsStrings;
  language: string;
}

function Hidden({ t }: { t: ResultsStrings }) {
  return (
    <>
      <span class="mark" aria-hidden="true">
        {HIDDEN_MARK}
      </span>
      <span class="visually-hidden">{t.hidden}</span>
    </>
  );
}

/** Said once, above the first table, when any cell is hidden. */
export function HiddenLegend({ t }: { t: ResultsStrings }) {
  return (
    <p class="legend">
      <span class="mark" aria-hidden="true">
        {HIDDEN_MARK}
      </span>{" "}
      = {t.hiddenMeaning}
    </p>
  );
}

function Count({ cell, words }: { cell: PublicCell | undefined; words: Words }) {
  if (!cell) return <td>—</td>;
  if (cell.suppressed || cell.count === null) {
    return (
      <td class="hidden">
        <Hidden t={words.t} />
      </td>
    );
  }
  return <td class="num">{formatNumber(cell.count, words.language)}</td>;
}

const shareOf = (cell: PublicCell | undefined, of: Denominator) =>
  cell && !cell.suppressed && cell.count !== null && of.of !== null && of.of > 0
    ? cell.count / of.of
    : null;

function barText(cell: PublicCell | undefined, of: Denominator, words: Words) {
  if (!cell) return "—";
  if (cell.suppressed || cell.count === null) return <Hidden t={words.t} />;
  const share = shareOf(cell, of);
  const n = formatNumber(cell.count, words.language);
  return share === null ? n : `${n} · ${formatPercent(share, words.language)}`;
}

function caption(view: QuestionView, of: Denominator, words: Words): string {
  const { t, language } = words;
  const parts: string[] = [];
  if (of.of !== null) {
    parts.push(
      fill(of.answered ? t.shareOfAnswered : t.shareOfAll, { n: formatNumber(of.of, language) }),
    );
  }
  if (view.several) parts.push(t.severalOptions);
  return parts.join(" ");
}

function CrossTable({ cross, words }: { cross: Cross; words: Words }) {
  const heading = `${cross.id}-heading`;
  return (
    <details class="cross">
      <summary id={heading}>{fill(words.t.by, { question: cross.by })}</summary>
      {/* A region that scrolls must take focus, or keyboard users cannot scroll it (WCAG 2.1.1). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is interactive */}
      <section class="scroll" aria-labelledby={heading} tabIndex={0} data-scroll-region>
        <table>
          <thead>
            <tr>
              <td />
              {cross.columns.map((column) => (
                <th scope="col" key={column.key}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cross.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {row.cells.map((cell, i) => (
                  <Count key={cross.columns[i]?.key} cell={cell} words={words} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </details>
  );
}

export function QuestionSection({
  view,
  words,
  noAnswerLabel,
}: {
  view: QuestionView;
  words: Words;
  /** "No answer", or "No answer or not asked" where the survey's conditions may skip it. */
  noAnswerLabel: string;
}) {
  const { t, language } = words;
  const of = denominator(view);
  const bars: Bar[] = view.rows.map((row) => ({
    key: row.key,
    label: row.label,
    share: shareOf(row.cell, of),
    text: barText(row.cell, of, words),
  }));
  const heading = `q-${view.id}-heading`;
  return (
    <section class="question" id={`q-${view.id}`} aria-labelledby={heading}>
      <h2 id={heading}>{view.label}</h2>
      <BarChart caption={caption(view, of, words)} bars={bars} />
      <details>
        <summary>{t.table}</summary>
        <table class="summary">
          <thead>
            <tr>
              <td />
              <th scope="col">{t.count}</th>
              <th scope="col">{t.share}</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => {
              const share = shareOf(row.cell, of);
              return (
                <tr key={row.key}>
                  <th scope="row">{row.label}</th>
                  <Count cell={row.cell} words={words} />
                  <td class="num">{share === null ? "" : formatPercent(share, language)}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            {view.noAnswer ? (
              <tr>
                <th scope="row">{noAnswerLabel}</th>
                <Count cell={view.noAnswer} words={words} />
                <td />
              </tr>
            ) : null}
            <tr>
              <th scope="row">{t.total}</th>
              <Count cell={view.total} words={words} />
              <td />
            </tr>
          </tfoot>
        </table>
      </details>
      {view.crosses.map((cross) => (
        <CrossTable key={cross.id} cross={cross} words={words} />
      ))}
    </section>
  );
}
