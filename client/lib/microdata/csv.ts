// The dataset as CSV for spreadsheets and statistics packages: UTF-8 with a byte order mark
// (without it Excel on Windows reads UTF-8 as ANSI and garbles "Perú"), comma-separated,
// CRLF line ends and RFC 4180 quoting. Each coded answer is written twice: its code (the
// option id of the survey) and, in the column after it, its label in the chosen language.
import { type Dataset, labelledTable } from "./dataset";

export const BOM = "\uFEFF";

/**
 * RFC 4180 quoting, and a text that a spreadsheet would run as a formula (=, +, -, @, tab or
 * carriage return first: OWASP "CSV injection") gets a leading apostrophe, so a respondent's
 * answer can never become a formula on the analyst's machine. Numbers are written as numbers.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function datasetCsv(dataset: Dataset): string {
  const lines = labelledTable(dataset).map((row) => row.map(csvCell).join(","));
  return `${BOM}${lines.join("\r\n")}\r\n`;
}
