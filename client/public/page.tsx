// The public results page /r/:slug: server-rendered, complete without JavaScript. Hidden
// cells look the same whether primary or secondary, so nobody can tell which was small.
import { renderToString } from "preact-render-to-string";
import type { Survey } from "../../surveys/schema";
import { type Category, categoriesOf, categoryLabel, fill, variableLabel } from "../lib/labels";
import type { PublicCell, PublicPublication, PublicTable } from "./publication";
import { type ResultsStrings, resultsStrings } from "./strings";

export interface ResultsPageInput {
  survey: Survey;
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

export function month(yyyyMm: string, language: string): string {
  const date = new Date(`${yyyyMm}-01T00:00:00Z`);
  try {
    return new Intl.DateTimeFormat(language, {
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    }).format(date);
  } catch {
    return yyyyMm;
  }
}

function cellAt(table: PublicTable, key: Record<string, Category>): PublicCell | undefined {
  return table.cells.find((cell) =>
    table.variables.every((v) => (cell.key[v] ?? null) === (key[v] ?? null)),
  );
}

function Count({ cell, t }: { cell: PublicCell | undefined; t: ResultsStrings }) {
  if (!cell) return <td>—</td>;
  if (cell.suppressed) return <td class="hidden">{t.hidden}</td>;
  return <td class="num">{cell.count}</td>;
}

function OneWay({ table, labels, t }: TableProps) {
  const variable = table.variables[0] as string;
  const total = cellAt(table, { [variable]: "*" })?.count ?? 0;
  const rows = categoriesOf(table, variable).filter((c) => c !== "*");
  return (
    <table>
      <caption>{labels.variable(variable)}</caption>
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">{t.count}</th>
          <th scope="col">{t.share}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((category) => {
          const cell = cellAt(table, { [variable]: category });
          const share =
            cell && !cell.suppressed && total > 0 ? ((cell.count ?? 0) / total) * 100 : null;
          return (
            <tr key={String(category)}>
              <th scope="row">{labels.category(variable, category)}</th>
              <Count cell={cell} t={t} />
              <td class="bar">
                {share === null ? null : (
                  <svg
                    viewBox="0 0 100 12"
                    preserveAspectRatio="none"
                    role="img"
                    aria-label={`${share.toFixed(0)} %`}
                  >
                    <rect width={share.toFixed(2)} height="12" />
                  </svg>
                )}
                {share === null ? null : <span>{share.toFixed(0)} %</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t.total}</th>
          <td class="num">{total}</td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}

function TwoWay({ table, labels, t }: TableProps) {
  const [rowVariable, columnVariable] = table.variables as [string, string];
  const rows = categoriesOf(table, rowVariable);
  const columns = categoriesOf(table, columnVariable);
  return (
    <table>
      <caption>
        {labels.variable(rowVariable)} × {labels.variable(columnVariable)}
      </caption>
      <thead>
        <tr>
          <th scope="col" />
          {columns.map((column) => (
            <th scope="col" key={String(column)}>
              {labels.category(columnVariable, column)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={String(row)}>
            <th scope="row">{labels.category(rowVariable, row)}</th>
            {columns.map((column) => (
              <Count
                key={String(column)}
                cell={cellAt(table, { [rowVariable]: row, [columnVariable]: column })}
                t={t}
              />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** How a page names variables and categories: from a survey, or from the feedback channel. */
export interface Labels {
  variable(variable: string): string;
  category(variable: string, category: Category): string;
}

interface TableProps {
  table: PublicTable;
  labels: Labels;
  t: ResultsStrings;
}

/** One published table; hidden cells read the same whatever hid them. */
export function ResultTable(props: TableProps) {
  return props.table.variables.length === 1 ? <OneWay {...props} /> : <TwoWay {...props} />;
}

/** Plain links, so the page switches language without JavaScript. */
export function LanguageLinks({
  languages,
  current,
}: {
  languages: readonly string[];
  current: string;
}) {
  return (
    <nav class="languages" aria-label="Language">
      {languages.map((code) => (
        <a
          key={code}
          href={`?lang=${code}`}
          lang={code}
          aria-current={code === current ? "true" : undefined}
        >
          {code.toUpperCase()}
        </a>
      ))}
    </nav>
  );
}

function ResultsPage({
  survey,
  publication,
  withdrawn,
  language,
  publishedOn,
  collected,
}: ResultsPageInput) {
  const t = resultsStrings(language);
  const title = survey.title[language] ?? survey.title[survey.languages[0] ?? ""] ?? survey.slug;
  const labels: Labels = {
    variable: (variable) => variableLabel(survey, variable, language),
    category: (variable, category) => categoryLabel(survey, variable, category, language, t),
  };
  return (
    <main>
      <LanguageLinks languages={survey.languages} current={language} />
      <h1>{title}</h1>
      {publication === null ? (
        <p>{withdrawn ? t.withdrawn : t.noPublication}</p>
      ) : (
        <>
          <p class="lead">
            {t.results}: {publication.responses} {t.responses}
          </p>
          <section>
            <h2>{t.method}</h2>
            <p>
              {fill(t.methodText, {
                n: publication.responses,
                k: publication.k,
                unreadable: publication.unreadable,
                from: collected ? month(collected.from, language) : "—",
                to: collected ? month(collected.to, language) : "—",
                published: month(publishedOn, language),
              })}
            </p>
            <p>
              {t.download}: <a href={`/r/${survey.slug}.csv`}>CSV (HXL)</a> ·{" "}
              <a href={`/r/${survey.slug}.json`}>JSON</a>
            </p>
          </section>
          {publication.tables.map((table) => (
            <ResultTable key={table.id} table={table} labels={labels} t={t} />
          ))}
        </>
      )}
    </main>
  );
}

export function renderResultsPage(input: ResultsPageInput): string {
  const title = input.survey.title[input.language] ?? input.survey.slug;
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    // No /favicon.ico request to answer with a 404.
    '<link rel="icon" href="data:,">',
    ...input.styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
  ].join("");
  return `<!doctype html><html lang="${escapeHtml(input.language)}"><head>${head}</head><body>${renderToString(
    <ResultsPage {...input} />,
  )}</body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
