// What the public sees of a publication (DESIGN §7): the same format, except that a hidden
// cell says only `"suppressed": true`. Whether it was primary (a small count) or secondary
// (cover) stays with the coordinator: telling them apart would say which counts are small.
import { csvCell } from "../lib/csv";
import type { Category, Labels } from "../lib/labels";
import { BOM } from "../lib/microdata/csv";

export interface PublicCell {
  key: Record<string, Category>;
  count: number | null;
  suppressed: boolean;
}

export interface PublicTable {
  id: string;
  variables: string[];
  cells: PublicCell[];
}

export interface PublicPublication {
  format: "voz.publication/1";
  survey: string;
  version: number;
  k: number;
  responses: number;
  unreadable: number;
  tables: PublicTable[];
}

interface AnyCell {
  key: Record<string, Category>;
  count: number | null;
  suppressed: boolean | "primary" | "secondary";
}

export function toPublic<
  T extends Omit<PublicPublication, "tables"> & {
    tables: { id: string; variables: string[]; cells: AnyCell[] }[];
  },
>(publication: T): PublicPublication {
  const { format, survey, version, k, responses, unreadable } = publication;
  return {
    format,
    survey,
    version,
    k,
    responses,
    unreadable,
    tables: publication.tables.map(({ id, variables, cells }) => ({
      id,
      variables,
      cells: cells.map(({ key, count, suppressed }) =>
        suppressed === false
          ? { key, count, suppressed: false }
          : { key, count: null, suppressed: true },
      ),
    })),
  };
}

/** A country variable's categories are ISO 3166 alpha-2 codes (see the seed surveys). */
const isCountry = (variable: string) => variable === "country" || variable.endsWith("_country");

// Each code has its label in the page's language in the column after it, as in the answers
// export (client/lib/microdata/csv.ts), so the file reads in a spreadsheet without a codebook.
const COLUMNS: [name: string, hxl: string][] = [
  ["table", "#meta+table"],
  ["variable", "#indicator+code"],
  ["variable_label", "#indicator+name"],
  ["category", "#indicator+category"],
  ["category_label", "#indicator+category+name"],
  ["breakdown", "#meta+breakdown"],
  ["breakdown_label", "#meta+breakdown+name"],
  ["breakdown_category", "#meta+breakdown+category"],
  ["breakdown_category_label", "#meta+breakdown+category+name"],
  ["country", "#country+code+v_iso2"],
  ["count", "#value"],
  ["suppressed", "#meta+suppressed"],
];

const categoryCode = (category: Category) =>
  category === null ? "no_answer" : category === "*" ? "total" : category;

/**
 * One row per cell, long format, with HXL hashtags (hxlstandard.org) under the header so
 * humanitarian data tools read the file as it is. UTF-8 with a byte order mark, or Excel on
 * Windows garbles "Perú"; texts go through the answers export's cell rule, so a label starting
 * with "=" stays text. Table names are ASCII: a breakdown is "<variable>/<breakdown>".
 */
export function toCsv(publication: PublicPublication, labels: Labels): string {
  const lines: (string | number | null)[][] = [
    COLUMNS.map(([name]) => name),
    COLUMNS.map(([, hxl]) => hxl),
  ];
  for (const table of publication.tables) {
    const [variable, breakdown] = table.variables as [string, string | undefined];
    for (const cell of table.cells) {
      const category = cell.key[variable] ?? null;
      const byCategory = breakdown === undefined ? null : (cell.key[breakdown] ?? null);
      const countryCategory = isCountry(variable)
        ? category
        : breakdown && isCountry(breakdown)
          ? byCategory
          : null;
      const country =
        countryCategory && countryCategory !== "*" && /^[a-z]{2}$/.test(countryCategory)
          ? countryCategory.toUpperCase()
          : null;
      const by = breakdown === undefined;
      lines.push([
        table.variables.join("/"),
        variable,
        labels.variable(variable),
        categoryCode(category),
        labels.category(variable, category),
        breakdown ?? null,
        by ? null : labels.variable(breakdown),
        by ? null : categoryCode(byCategory),
        by ? null : labels.category(breakdown, byCategory),
        country,
        cell.suppressed ? null : cell.count,
        cell.suppressed ? "yes" : "no",
      ]);
    }
  }
  return `${BOM}${lines.map((line) => line.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
