// Opened answers as one rectangular dataset (a row per response, a column per variable), the
// one shape the CSV, XLSX and Stata writers read, in the browser and in the CLI alike. It lives
// only on the analyst's machine: nothing here is ever sent anywhere (issue 16). UI-free.
import type { Question, Survey, Text } from "../../../surveys/schema";
import type { Answers } from "../answers";
import { mayBeUnasked, wasAsked } from "../asked";

/** What a column holds: the writers decide how each kind is stored in their format. */
export type ColumnKind =
  /** A single question: the 1-based position of the chosen option; `codes[i]` is its id. */
  | "choice"
  /** One option of a multi question: 1 chosen, 0 not chosen, empty when the question was not answered. */
  | "flag"
  /** A multi question's chosen option ids, separated by spaces (the XLSForm convention). */
  | "choices"
  | "number"
  | "text";

export interface Column {
  /** A variable name valid in Stata and SPSS, unique in the dataset (see `variableNames`). */
  name: string;
  question: string;
  kind: ColumnKind;
  /** The question's label; for a flag, "question — option". */
  label: string;
  /** choice: option ids in order (value i + 1 is codes[i]); choices: every option id. */
  codes?: string[];
  /** choice and choices: option labels, in the same order as `codes`. */
  codeLabels?: string[];
  /** choice and choices: the name of the column that spells the answer out in words. */
  labelName?: string;
  /** Free text typed by respondents (never included unless asked for). */
  freeText: boolean;
}

export type Value = number | string | null;

export interface Dataset {
  survey: string;
  version: number;
  language: string;
  columns: Column[];
  /** One row per response, values in column order; null = no answer or not asked. */
  rows: Value[][];
  /** The words a flag column's two values stand for. */
  flagLabels: { no: string; yes: string };
}

export interface DatasetOptions {
  /** A survey language: labels are written in it. */
  language: string;
  /** Free-text answers (which may name people) are left out unless this is true. */
  includeText: boolean;
  flagLabels: { no: string; yes: string };
  /** The label of the first column, the response's row number. */
  responseLabel: string;
  /** Follows a question's label in its "asked" column: "¿…? — se preguntó". */
  askedLabel: string;
}

// Stata's reserved words (Stata User's Guide §11.3) cannot name a variable.
const RESERVED = new Set(
  "_all _b byte _coef _cons double float if in int long _n _N _pi _pred _rc _skip str strL using with".split(
    " ",
  ),
);
const MAX_NAME = 32;

/**
 * Variable names from question ids and option ids: Stata allows [A-Za-z_][A-Za-z0-9_]{0,31} and
 * no reserved word (SPSS allows more), so a name that starts with a digit gets a "q", a long
 * one is cut, and a clash gets a number. The same names appear in every format. Names marked
 * `first` (a question's own column) are given before the rest, so a clash numbers the made-up
 * name: a multi question `motivos` with option `otro` beside its follow-up `motivos_otro` gave
 * the follow-up `motivos_otro_2` (QA pass, 5 December); now the option's column gets it.
 */
export function variableNames(wanted: readonly string[], first: readonly boolean[] = []): string[] {
  const taken = new Set<string>();
  const names: string[] = new Array(wanted.length);
  const give = (i: number) => {
    let base = (wanted[i] as string).replace(/[^A-Za-z0-9_]/g, "_");
    if (!/^[A-Za-z_]/.test(base)) base = `q${base}`;
    if (RESERVED.has(base) || /^str\d+$/.test(base)) base = `${base}_`;
    base = base.slice(0, MAX_NAME);
    let name = base;
    for (let n = 2; taken.has(name); n++) {
      const suffix = `_${n}`;
      name = `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    }
    taken.add(name);
    names[i] = name;
  };
  for (const [i] of wanted.entries()) if (first[i]) give(i);
  for (const [i] of wanted.entries()) if (!first[i]) give(i);
  return names;
}

const pick = (text: Text, language: string, survey: Survey) =>
  text[language] ?? text[survey.languages[0] ?? ""] ?? Object.values(text)[0] ?? "";

interface Plan {
  column: Omit<Column, "name" | "labelName">;
  wantsLabel: boolean;
  /** The question's "asked" column. */
  asked?: true;
  /** The cell of one response; `row` counts from 0. */
  value: (answers: Answers, row: number) => Value;
}

/** The first column numbers the responses 1..n, so that a row is still there when every cell is empty. */
const RESPONSE = "response";

function plans(survey: Survey, options: DatasetOptions): Plan[] {
  const label = (text: Text) => pick(text, options.language, survey);
  const out: Plan[] = [
    {
      column: { question: "", kind: "number", label: options.responseLabel, freeText: false },
      wantsLabel: false,
      value: (_, row) => row + 1,
    },
  ];
  for (const q of survey.questions as readonly Question[]) {
    const base = { question: q.id, label: label(q.label), freeText: false };
    // Where conditions may skip a question, an empty cell is ambiguous: `<q>_asked` says 1 when
    // it was shown (empty then means "no answer"), 0 when it was never asked.
    const exported = q.type !== "note" && (q.type !== "text" || options.includeText);
    if (exported && mayBeUnasked(survey, q)) {
      out.push({
        column: { ...base, kind: "flag", label: `${base.label} — ${options.askedLabel}` },
        wantsLabel: false,
        asked: true,
        value: (answers) => (wasAsked(survey, q, answers) ? 1 : 0),
      });
    }
    switch (q.type) {
      case "single": {
        const codes = q.options.map((o) => o.id);
        out.push({
          column: {
            ...base,
            kind: "choice",
            codes,
            codeLabels: q.options.map((o) => label(o.label)),
          },
          wantsLabel: true,
          value: (answers) => {
            const index = codes.indexOf(answers[q.id] as string);
            return index === -1 ? null : index + 1;
          },
        });
        break;
      }
      case "multi": {
        const codes = q.options.map((o) => o.id);
        const chosen = (answers: Answers) => {
          const value = answers[q.id];
          return Array.isArray(value) && value.length > 0 ? value : null;
        };
        out.push({
          column: {
            ...base,
            kind: "choices",
            codes,
            codeLabels: q.options.map((o) => label(o.label)),
          },
          wantsLabel: true,
          value: (answers) => {
            const ids = chosen(answers);
            return ids ? codes.filter((code) => ids.includes(code)).join(" ") : null;
          },
        });
        for (const option of q.options) {
          out.push({
            column: {
              ...base,
              kind: "flag",
              label: `${base.label} — ${label(option.label)}`,
              codes: [option.id],
            },
            wantsLabel: false,
            value: (answers) => {
              const ids = chosen(answers);
              return ids ? (ids.includes(option.id) ? 1 : 0) : null;
            },
          });
        }
        break;
      }
      case "number":
        out.push({
          column: { ...base, kind: "number" },
          wantsLabel: false,
          value: (answers) => {
            const value = answers[q.id];
            return typeof value === "number" ? value : null;
          },
        });
        break;
      case "text":
        if (options.includeText) {
          out.push({
            column: { ...base, kind: "text", freeText: true },
            wantsLabel: false,
            value: (answers) => {
              const value = answers[q.id];
              return typeof value === "string" && value !== "" ? value : null;
            },
          });
        }
        break;
      case "month":
        // "YYYY-MM" as written: it sorts and reads the same in every package.
        out.push({
          column: { ...base, kind: "text" },
          wantsLabel: false,
          value: (answers) => {
            const value = answers[q.id];
            return typeof value === "string" ? value : null;
          },
        });
        break;
      case "note":
        // Never answered (SPEC §A): no column.
        break;
    }
  }
  return out;
}

/** The name of a multi question's flag column for one option: `<question>_<option>`. */
const wantedName = (plan: Plan) =>
  plan.column.question === ""
    ? RESPONSE
    : plan.asked
      ? `${plan.column.question}_asked`
      : plan.column.kind === "flag"
        ? `${plan.column.question}_${plan.column.codes?.[0]}`
        : plan.column.question;

export function toDataset(
  survey: Survey,
  responses: readonly Answers[],
  options: DatasetOptions,
): Dataset {
  const planned = plans(survey, options);
  // Label columns are named after their coded column and take part in the same clash check.
  const wanted = planned.flatMap((plan) =>
    plan.wantsLabel ? [wantedName(plan), `${wantedName(plan)}_label`] : [wantedName(plan)],
  );
  // A question's own column (named by its id alone) keeps its name before any made-up one, and
  // the id of a question left out (free text not asked for) is held too: an option's column is
  // then named the same in every export of the survey.
  const own = planned.flatMap((plan) => {
    const isOwn = wantedName(plan) === plan.column.question;
    return plan.wantsLabel ? [isOwn, false] : [isOwn];
  });
  const owned = new Set(wanted.filter((_, i) => own[i]));
  const held = survey.questions.map((q) => q.id).filter((id) => !owned.has(id));
  const names = variableNames([...held, ...wanted], [...held.map(() => true), ...own]).slice(
    held.length,
  );
  let at = 0;
  const columns: Column[] = planned.map((plan) => {
    const name = names[at++] as string;
    const labelName = plan.wantsLabel ? (names[at++] as string) : undefined;
    return { ...plan.column, name, ...(labelName ? { labelName } : {}) };
  });
  return {
    survey: survey.slug,
    version: survey.version,
    language: options.language,
    columns,
    rows: responses.map((answers, row) => planned.map((plan) => plan.value(answers, row))),
    flagLabels: options.flagLabels,
  };
}

/** A choice or choices value in words, as the CSV and XLSX label columns write it. */
export function valueLabel(column: Column, value: Value): string | null {
  if (value === null) return null;
  if (column.kind === "choice" && typeof value === "number") {
    return column.codeLabels?.[value - 1] ?? null;
  }
  if (column.kind === "choices" && typeof value === "string") {
    return value
      .split(" ")
      .map((code) => column.codeLabels?.[column.codes?.indexOf(code) ?? -1] ?? code)
      .join("; ");
  }
  return null;
}

/**
 * The dataset as a spreadsheet reads it (CSV and the workbook's answers sheet): a header row,
 * then each coded answer as its code (the option id) followed by its label column.
 */
export function labelledTable(dataset: Dataset): Value[][] {
  const header: Value[] = [];
  for (const column of dataset.columns) {
    header.push(column.name);
    if (column.labelName) header.push(column.labelName);
  }
  const rows: Value[][] = [header];
  for (const row of dataset.rows) {
    const cells: Value[] = [];
    dataset.columns.forEach((column, i) => {
      const value = row[i] ?? null;
      cells.push(
        column.kind === "choice" && typeof value === "number"
          ? (column.codes?.[value - 1] ?? null)
          : value,
      );
      if (column.labelName) cells.push(valueLabel(column, value));
    });
    rows.push(cells);
  }
  return rows;
}
