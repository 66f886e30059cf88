// The dataset as an Excel workbook: a sheet of answers (a row per response, codes and their
// labels side by side, as in the CSV) and a sheet of the questionnaire (every variable with its
// question, and every code with its label). write-excel-file makes the file (docs/export.md).
import writeXlsxFile, { type SheetData } from "write-excel-file/universal";
import { type Dataset, labelledTable } from "./dataset";

export interface WorkbookWords {
  answers: string;
  questionnaire: string;
  variable: string;
  question: string;
  label: string;
  code: string;
  value: string;
  valueLabel: string;
}

// Typed cells: a string is stored as text, never read as a formula.
const answersSheet = (dataset: Dataset): SheetData => labelledTable(dataset);

function questionnaireSheet(dataset: Dataset, words: WorkbookWords): SheetData {
  const rows: SheetData = [
    [words.variable, words.question, words.label, words.code, words.value, words.valueLabel],
  ];
  for (const column of dataset.columns) {
    rows.push([column.name, column.question, column.label, null, null, null]);
    if (column.kind === "choice") {
      column.codes?.forEach((code, i) => {
        rows.push([null, null, null, i + 1, code, column.codeLabels?.[i] ?? null]);
      });
    } else if (column.kind === "choices") {
      column.codes?.forEach((code, i) => {
        rows.push([null, null, null, null, code, column.codeLabels?.[i] ?? null]);
      });
    } else if (column.kind === "flag") {
      rows.push([null, null, null, 1, null, dataset.flagLabels.yes]);
      rows.push([null, null, null, 0, null, dataset.flagLabels.no]);
    }
    if (column.labelName)
      rows.push([column.labelName, column.question, column.label, null, null, null]);
  }
  return rows;
}

export async function datasetXlsx(dataset: Dataset, words: WorkbookWords): Promise<Blob> {
  return writeXlsxFile([
    { sheet: words.answers, data: answersSheet(dataset), stickyRowsCount: 1 },
    { sheet: words.questionnaire, data: questionnaireSheet(dataset, words), stickyRowsCount: 1 },
  ]).toBlob();
}
