// The tables of a tabulation as the coordinator sees them: true counts with percentages and
// their denominators, or, in the preview, what publishing would hide and why (primary: a small
// count; secondary: cover). Only this tab ever shows the marks.
import {
  type Category,
  categoriesOf,
  categoryLabel,
  fill,
  type LabelSource,
  variableLabel,
} from "../../lib/labels";
import { type Key, keyText, type Suppression, TOTAL } from "../../lib/publication";
import { resultsStrings } from "../../public/strings";
import { useStrings } from "../strings";

export interface ShownCell {
  key: Key;
  count: number;
  suppressed?: Suppression;
}

export interface ShownTable {
  id: string;
  variables: string[];
  cells: ShownCell[];
}

const percent = (count: number, of: number) =>
  of > 0 ? `${((count / of) * 100).toFixed(0)} %` : "—";

function Count({ cell, of }: { cell: ShownCell | undefined; of: number | null }) {
  const marks = useStrings().report.marks;
  if (!cell) return <td>—</td>;
  if (cell.suppressed) {
    return (
      <td class={`suppressed ${cell.suppressed}`} data-suppressed={cell.suppressed}>
        <span class="mark">{marks[cell.suppressed]}</span>{" "}
        <span class="true-count">({cell.count})</span>
      </td>
    );
  }
  return (
    <td class="num">
      {cell.count}
      {of === null ? null : <span class="share"> · {percent(cell.count, of)}</span>}
    </td>
  );
}

export function CountsTable({
  table,
  survey,
  language,
}: {
  table: ShownTable;
  survey: LabelSource;
  /** A survey language: labels, Yes/No, "No answer" and bins are in it. */
  language: string;
}) {
  const words = resultsStrings(language);
  const { countShare, rowShares } = useStrings().report;
  const at = new Map(table.cells.map((cell) => [keyText(table.variables, cell.key), cell]));
  const find = (key: Key) => at.get(keyText(table.variables, key));
  const label = (variable: string, category: Category) =>
    categoryLabel(survey, variable, category, language, words);

  if (table.variables.length === 1) {
    const variable = table.variables[0] as string;
    const total = find({ [variable]: TOTAL })?.count ?? 0;
    return (
      <table class="counts" data-table={table.id}>
        <caption>{variableLabel(survey, variable, language)}</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{fill(countShare, { total })}</th>
          </tr>
        </thead>
        <tbody>
          {categoriesOf(table, variable).map((category) => (
            <tr key={String(category)}>
              <th scope="row">{label(variable, category)}</th>
              <Count cell={find({ [variable]: category })} of={category === TOTAL ? null : total} />
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  const [rowVariable, columnVariable] = table.variables as [string, string];
  const columns = categoriesOf(table, columnVariable);
  return (
    <table class="counts" data-table={table.id}>
      <caption>
        {variableLabel(survey, rowVariable, language)} ×{" "}
        {variableLabel(survey, columnVariable, language)}
        <span class="muted"> — {rowShares}</span>
      </caption>
      <thead>
        <tr>
          <th scope="col" />
          {columns.map((column) => (
            <th scope="col" key={String(column)}>
              {label(columnVariable, column)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {categoriesOf(table, rowVariable).map((row) => {
          const rowTotal = find({ [rowVariable]: row, [columnVariable]: TOTAL })?.count ?? 0;
          return (
            <tr key={String(row)}>
              <th scope="row">{label(rowVariable, row)}</th>
              {columns.map((column) => (
                <Count
                  key={String(column)}
                  cell={find({ [rowVariable]: row, [columnVariable]: column })}
                  of={column === TOTAL ? null : rowTotal}
                />
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
