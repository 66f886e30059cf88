// The words the importer adds or says: what or_other becomes in each language, and why a column
// Voz has no place for is left out. Kept apart so the import logic reads as logic.
import type { ProblemList } from "./problems";
import type { Column, RowCells } from "./sheets";

/** pyxform's or_other: an "Other" choice and a "Specify other." question, in these languages. */
export const OTHER_TEXTS: Record<string, { option: string; specify: string }> = {
  en: { option: "Other", specify: "Specify other." },
  es: { option: "Otro", specify: "Especifique otro." },
  pt: { option: "Outro", specify: "Especifique outro." },
  fr: { option: "Autre", specify: "Précisez autre." },
  ht: { option: "Lòt", specify: "Presize lòt." },
  ar: { option: "أخرى", specify: "حدد أخرى." },
};

const QUESTION_COLUMNS: Record<string, string> = {
  default:
    "a default answer is left out: Voz never pre-fills an answer, which would be sent as if the person had given it",
  read_only: "read-only is left out: every Voz question is answered by the person",
  calculation: "a calculation is left out: Voz computes nothing from answers on the phone",
  repeat_count: "a repeat count is left out with its repeat",
  required_message:
    "a message for a skipped required question is left out: Voz says it in the person's language",
  guidance_hint:
    "guidance for interviewers is left out: Voz questions are read by the person answering",
  image: "an image in the question is left out: Voz shows text only",
  "big-image": "an image in the question is left out: Voz shows text only",
  audio: "a sound in the question is left out: Voz shows text only",
  video: "a video in the question is left out: Voz shows text only",
  parameters: "parameters are left out: this kind of question takes none in Voz",
  trigger: "a trigger is left out: Voz computes nothing from answers on the phone",
  choice_filter: "a choice filter on a question without choices is left out",
  constraint: "a constraint on this kind of question is left out",
  constraint_message: "a constraint message is left out with its constraint",
};

const SETTINGS: Record<string, string> = {
  version: "Voz numbers versions itself each time a survey is published",
  public_key: "Voz makes each survey's own key in the coordinator's browser when the survey opens",
  submission_url: "answers go to Voz, sealed to the survey's key, never to another address",
  instance_name: "Voz gives responses no names: they are anonymous",
  style: "Voz draws its pages one way, made for small phones",
};

/** Why a column with text is left out, by its field and sheet. */
export function leftoverProblem(
  field: string,
  kind: "question" | "choice" | "setting",
): { construct: string; message: string } {
  if (kind === "setting") {
    return {
      construct: `setting ${field}`,
      message: `left out: ${SETTINGS[field] ?? "Voz has no such setting"}`,
    };
  }
  const known = kind === "question" ? QUESTION_COLUMNS[field] : undefined;
  if (known) return { construct: `column ${field}`, message: known };
  return {
    construct: `column ${field}`,
    message:
      kind === "choice"
        ? "a choices column Voz has no place for is left out"
        : "a column Voz has no place for is left out",
  };
}

/** Reports each cell with text on a row that the import did not take, by its column. */
export function reportLeftovers(
  cells: RowCells,
  kind: "question" | "choice" | "setting",
  unread: ReadonlyMap<Column, { construct: string; message: string }>,
  problems: ProblemList,
) {
  for (const column of cells.leftovers()) {
    const why = unread.get(column) ?? leftoverProblem(column.field, kind);
    problems.add(cells.table.sheet, cells.row.row, column.header, why.construct, why.message);
  }
}
