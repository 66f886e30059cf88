// The dataset as CSV for spreadsheets and statistics packages: UTF-8 with a byte order mark
// (without it Excel on Windows reads UTF-8 as ANSI and garbles "Perú"), comma-separated,
// CRLF line ends, RFC 4180 quoting and no cell a formula (../csv.ts). Each coded answer is
// written twice: its code (the option id of the survey) and, in the column after it, its label
// in the chosen language.
import { csvCell } from "../csv";
import { type Dataset, labelledTable } from "./dataset";

export const BOM = "\uFEFF";

export function datasetCsv(dataset: Dataset): string {
  const lines = labelledTable(dataset).map((row) => row.map(csvCell).join(","));
  return `${BOM}${lines.join("\r\n")}\r\n`;
}
