// One exported file from opened answers, the same in the analyst's browser and in the CLI:
// CSV, Excel or Stata, labels in one survey language, free text only when asked for.
import type { Survey } from "../../../surveys/schema";
import type { Answers } from "../answers";
import { datasetCsv } from "./csv";
import { toDataset } from "./dataset";
import { datasetDta } from "./dta";
import { fileWords } from "./words";
import { datasetXlsx } from "./xlsx";

export const FORMATS = ["csv", "xlsx", "dta"] as const;
export type MicrodataFormat = (typeof FORMATS)[number];

export interface MicrodataOptions {
  format: MicrodataFormat;
  language: string;
  includeText: boolean;
}

const TYPES: Record<MicrodataFormat, string> = {
  csv: "text/csv;charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  dta: "application/x-stata-dta",
};

export function microdataFileName(survey: Survey, options: MicrodataOptions): string {
  return `${survey.slug}-v${survey.version}-${options.language}.${options.format}`;
}

export async function microdataFile(
  survey: Survey,
  responses: readonly Answers[],
  options: MicrodataOptions,
): Promise<Blob> {
  const words = fileWords(options.language);
  const dataset = toDataset(survey, responses, {
    language: options.language,
    includeText: options.includeText,
    flagLabels: { no: words.no, yes: words.yes },
    responseLabel: words.response,
    askedLabel: words.asked,
  });
  switch (options.format) {
    case "csv":
      return new Blob([datasetCsv(dataset)], { type: TYPES.csv });
    case "xlsx":
      return datasetXlsx(dataset, words);
    case "dta": {
      const title = survey.title[options.language] ?? Object.values(survey.title)[0] ?? survey.slug;
      return new Blob([datasetDta(dataset, `${title} (v${survey.version})`)], { type: TYPES.dta });
    }
  }
}
