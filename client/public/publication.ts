// What the public sees of a publication (DESIGN §7): the same format, except that a hidden
// cell says only `"suppressed": true`. Whether it was primary (a small count) or secondary
// (cover) stays with the coordinator: telling them apart would say which counts are small.
import { csvCell } from "../lib/csv";
import type { Category } from "../lib/labels";

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

const HEADER = [
  "table",
  "variable",
  "category",
  "breakdown",
  "breakdown_category",
  "country",
  "count",
  "suppressed",
];
// HXL hashtags (hxlstandard.org) so humanitarian data tools can read the file as it is.
const HXL = [
  "#meta+table",
  "#indicator+code",
  "#indicator+category",
  "#meta+breakdown",
  "#meta+breakdown+category",
  "#country+code+v_iso2",
  "#value",
  "#meta+suppressed",
];

const categoryText = (category: Category) =>
  category === null ? "no_answer" : category === "*" ? "total" : category;

/** One row per cell, long format, with the HXL hashtag row under the header. */
export function toCsv(publication: PublicPublication): string {
  const lines = [HEADER.join(","), HXL.join(",")];
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
      lines.push(
        [
          table.id,
          variable,
          categoryText(category),
          breakdown ?? null,
          breakdown === undefined ? null : categoryText(byCategory),
          country,
          cell.suppressed ? null : cell.count,
          cell.suppressed ? "yes" : "no",
        ]
          .map(csvCell)
          .join(","),
      );
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
