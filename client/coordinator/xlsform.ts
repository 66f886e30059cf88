// XLSForm (https://xlsform.org) to a Voz survey (DESIGN §3): the `survey`, `choices` and
// `settings` sheets of an .xlsx, already read into rows. Pure: the caller reads the file
// (read-excel-file's /browser export in the workspace, /node in tests). Whatever Voz cannot
// express is listed as a problem with its sheet and row, never dropped in silence.
import type { Question, Survey, Text } from "../../surveys/schema";

/** Whatever a reader gives for a cell: text, number, boolean, date or null. */
export type Cell = unknown;
export interface SheetRows {
  sheet: string;
  data: readonly (readonly Cell[])[];
}

export interface XlsProblem {
  sheet: string;
  /** The spreadsheet's own row number: the header is row 1. */
  row: number;
  message: string;
}

export interface XlsImport {
  /** Not necessarily valid: run it through parseSurvey, as the builder does. */
  survey: Survey;
  problems: XlsProblem[];
}

const LANGUAGE_NAMES: Record<string, string> = {
  english: "en",
  spanish: "es",
  español: "es",
  espanol: "es",
  portuguese: "pt",
  português: "pt",
  portugues: "pt",
  french: "fr",
  français: "fr",
  francais: "fr",
  "haitian creole": "ht",
  haitian: "ht",
  kreyòl: "ht",
  "kreyòl ayisyen": "ht",
};

/** `English (en)`, `en` or a known name such as `Español`; null when no code can be told. */
export function languageCode(name: string): string | null {
  const trimmed = name.trim();
  const inParens = trimmed.match(/\(([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)\)\s*$/);
  if (inParens?.[1]) return inParens[1];
  if (/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(trimmed)) return trimmed;
  return LANGUAGE_NAMES[trimmed.toLowerCase()] ?? null;
}

/** Types that would record something about the respondent or their device: never imported. */
const METADATA = new Set([
  "start",
  "end",
  "today",
  "deviceid",
  "subscriberid",
  "simserial",
  "phonenumber",
  "username",
  "email",
  "audit",
  "start-geopoint",
  "background-geopoint",
  "background-audio",
]);

const QUESTION_COLUMNS = new Set(["type", "name", "label", "hint", "required", "relevant"]);

interface Column {
  index: number;
  field: string;
  /** Set for `label::<language>` columns. */
  language?: string;
}

interface Table {
  sheet: string;
  columns: Column[];
  /** Data rows with their spreadsheet row number; blank rows left out. */
  rows: { row: number; cells: readonly Cell[] }[];
}

function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return cell.toISOString();
  return String(cell).trim();
}

function readTable(sheet: SheetRows): Table {
  const [header = [], ...data] = sheet.data;
  const columns: Column[] = [];
  header.forEach((cell, index) => {
    const text = cellText(cell);
    if (!text) return;
    const [field = "", language] = text.split("::");
    columns.push({
      index,
      field: field.trim().toLowerCase(),
      ...(language === undefined ? {} : { language: language.trim() }),
    });
  });
  const rows = data
    .map((cells, i) => ({ row: i + 2, cells }))
    .filter(({ cells }) => cells.some((cell) => cellText(cell) !== ""));
  return { sheet: sheet.sheet, columns, rows };
}

function value(table: Table, cells: readonly Cell[], field: string): string {
  const column = table.columns.find((c) => c.field === field && c.language === undefined);
  return column ? cellText(cells[column.index]) : "";
}

/** Voz ids are [a-z0-9_]{1,40}; XLSForm names may hold capitals, dots and dashes. */
function toId(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_")
    .slice(0, 40);
}

function toSlug(formId: string): string {
  return formId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}

const TRUE = new Set(["yes", "true", "1", "true()"]);
const FALSE = new Set(["", "no", "false", "0", "false()"]);

type Term = { question: string; option: string };
const QUOTED = `(?:'([^']*)'|"([^"]*)")`;
const EQUALS = new RegExp(`^\\$\\{([^}]+)\\}\\s*=\\s*${QUOTED}$`);
const SELECTED = new RegExp(`^selected\\(\\s*\\$\\{([^}]+)\\}\\s*,\\s*${QUOTED}\\s*\\)$`);

/**
 * `${q} = 'x'` and `selected(${q}, 'x')`, also joined by `or` on the same question (DESIGN §3
 * allows a list of options). Null for anything else.
 */
export function parseRelevant(expression: string): { question: string; options: string[] } | null {
  const terms: Term[] = [];
  for (const part of expression.trim().split(/\s+or\s+/)) {
    const match = part.trim().match(EQUALS) ?? part.trim().match(SELECTED);
    if (!match?.[1]) return null;
    terms.push({ question: match[1].trim(), option: match[2] ?? match[3] ?? "" });
  }
  const question = terms[0]?.question;
  if (!question || terms.some((t) => t.question !== question || t.option === "")) return null;
  return { question, options: terms.map((t) => t.option) };
}

/** `. >= 0 and . <= 120` → min and max; null for any other constraint. */
function parseRange(expression: string): { min?: number; max?: number } | null {
  const out: { min?: number; max?: number } = {};
  for (const part of expression.trim().split(/\s+and\s+/)) {
    const match = part.trim().match(/^\.\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)$/);
    if (!match) return null;
    if (match[1] === ">=") out.min = Number(match[2]);
    else out.max = Number(match[2]);
  }
  return out;
}

/** `string-length(.) <= 500` → maxLength; null otherwise. */
function parseMaxLength(expression: string): number | null {
  const match = expression.trim().match(/^string-length\(\s*\.\s*\)\s*<=\s*(\d+)$/);
  return match ? Number(match[1]) : null;
}

export function surveyFromXlsForm(sheets: readonly SheetRows[]): XlsImport {
  const problems: XlsProblem[] = [];
  const problem = (sheet: string, row: number, message: string) =>
    problems.push({ sheet, row, message });
  const find = (name: string) => {
    const sheet = sheets.find((s) => s.sheet.trim().toLowerCase() === name);
    return sheet ? readTable(sheet) : null;
  };
  const surveySheet = find("survey");
  const choicesSheet = find("choices");
  const settingsSheet = find("settings");
  const empty: Survey = {
    slug: "",
    version: 1,
    languages: [],
    title: {},
    breakdowns: [],
    questions: [],
  };
  if (!surveySheet) {
    problem("survey", 1, 'the file has no "survey" sheet: is it an XLSForm?');
    return { survey: empty, problems };
  }

  // Settings first: the default language decides what an untranslated `label` column means.
  const settings = settingsSheet?.rows[0];
  const setting = (field: string) =>
    settingsSheet && settings ? value(settingsSheet, settings.cells, field) : "";
  if (settingsSheet && settings) {
    for (const column of settingsSheet.columns) {
      const text = cellText(settings.cells[column.index]);
      if (!text || ["form_title", "form_id", "default_language"].includes(column.field)) continue;
      const why =
        column.field === "version"
          ? "Voz numbers versions itself each time you publish"
          : column.field === "public_key"
            ? "Voz makes the survey's own key in your browser when you open the survey"
            : "it is not supported";
      problem(settingsSheet.sheet, settings.row, `setting "${column.field}" left out: ${why}`);
    }
  }

  const languages: string[] = [];
  const languageOf = new Map<string, string | null>();
  const resolve = (table: Table, name: string | undefined): string | null => {
    const key = name ?? "";
    if (languageOf.has(key)) return languageOf.get(key) ?? null;
    let code: string | null;
    if (name === undefined) {
      const fallback = setting("default_language");
      code = fallback ? languageCode(fallback) : null;
      if (!code) {
        code = "es";
        problem(
          table.sheet,
          1,
          'the "label" column names no language and settings has no default_language; read as Spanish (es) — change it in the builder if that is wrong',
        );
      }
    } else {
      code = languageCode(name);
      if (!code) {
        problem(
          table.sheet,
          1,
          `no language code in "${name}"; write the column as "label::${name} (xx)" with its two-letter code — its texts were left out`,
        );
      }
    }
    languageOf.set(key, code);
    return code;
  };
  const defaultCode = setting("default_language")
    ? languageCode(setting("default_language"))
    : null;
  if (defaultCode) languages.push(defaultCode);
  for (const table of [surveySheet, choicesSheet]) {
    for (const column of table?.columns ?? []) {
      if (table && (column.field === "label" || column.field === "hint")) {
        const code = resolve(table, column.language);
        if (code && !languages.includes(code)) languages.push(code);
      }
    }
  }

  const textOf = (table: Table, cells: readonly Cell[], field: string): Text => {
    const text: Text = {};
    for (const column of table.columns) {
      if (column.field !== field) continue;
      const code = resolve(table, column.language);
      const content = cellText(cells[column.index]);
      // A translated column wins over the untranslated one for the same language.
      if (code && content && (column.language !== undefined || !(code in text))) {
        text[code] = content;
      }
    }
    return text;
  };

  // Choice lists, with the XLSForm names mapped to Voz ids for conditions to use.
  const lists = new Map<string, { id: string; name: string; label: Text }[]>();
  if (choicesSheet) {
    for (const { row, cells } of choicesSheet.rows) {
      const list =
        value(choicesSheet, cells, "list_name") || value(choicesSheet, cells, "list name");
      const name = value(choicesSheet, cells, "name");
      if (!list || !name) {
        problem(choicesSheet.sheet, row, "a choice needs a list_name and a name; row left out");
        continue;
      }
      const id = toId(name);
      if (id !== name) {
        problem(choicesSheet.sheet, row, `choice "${name}" became "${id}" (ids are a-z, 0-9, _)`);
      }
      for (const column of choicesSheet.columns) {
        if (["list_name", "list name", "name", "label"].includes(column.field)) continue;
        if (cellText(cells[column.index])) {
          problem(choicesSheet.sheet, row, `column "${column.field}" is not supported; left out`);
        }
      }
      lists.set(list, [
        ...(lists.get(list) ?? []),
        { id, name, label: textOf(choicesSheet, cells, "label") },
      ]);
    }
  }

  const questions: Question[] = [];
  /** XLSForm name → Voz id and, for selects, choice name → option id. */
  const names = new Map<string, { id: string; choices: Map<string, string> }>();

  for (const { row, cells } of surveySheet.rows) {
    const sheet = surveySheet.sheet;
    const typeCell = value(surveySheet, cells, "type");
    const [kind = "", list, ...rest] = typeCell.split(/\s+/);
    const type = kind.toLowerCase();
    if (type === "begin" || type === "begin_group" || type === "begin_repeat") {
      const what = typeCell.toLowerCase().includes("repeat") ? "repeats" : "groups";
      problem(
        sheet,
        row,
        `${what} are not supported: the questions inside are imported one after another, without the ${what === "repeats" ? "repeat" : "group"}`,
      );
      continue;
    }
    if (type === "end" && list !== undefined) continue; // "end group": closed above.
    if (type === "end_group" || type === "end_repeat") continue;
    if (type === "note") {
      problem(
        sheet,
        row,
        "notes are not imported: Voz has no note type (DESIGN §3); put the text in the survey's intro or a question's hint",
      );
      continue;
    }
    if (METADATA.has(type)) {
      problem(
        sheet,
        row,
        `"${type}" left out: Voz never records it, as it could help identify a respondent`,
      );
      continue;
    }
    const voz =
      type === "select_one"
        ? "single"
        : type === "select_multiple"
          ? "multi"
          : type === "integer" || type === "decimal"
            ? "number"
            : type === "text"
              ? "text"
              : null;
    if (!voz) {
      problem(sheet, row, `type "${typeCell}" is not supported; row left out`);
      continue;
    }
    const name = value(surveySheet, cells, "name");
    if (!name) {
      problem(sheet, row, "a question needs a name; row left out");
      continue;
    }
    const id = toId(name);
    if (id !== name) problem(sheet, row, `name "${name}" became "${id}" (ids are a-z, 0-9, _)`);

    const base: { id: string; label: Text; hint?: Text; required?: boolean } = {
      id,
      label: textOf(surveySheet, cells, "label"),
    };
    const hint = textOf(surveySheet, cells, "hint");
    if (Object.keys(hint).length > 0) base.hint = hint;
    const required = value(surveySheet, cells, "required").toLowerCase();
    if (TRUE.has(required)) base.required = true;
    else if (!FALSE.has(required)) {
      problem(sheet, row, `required "${required}" is not yes or no; the question is optional`);
    }

    let question: Question;
    const choices = new Map<string, string>();
    if (voz === "single" || voz === "multi") {
      if (rest.length > 0) {
        problem(
          sheet,
          row,
          `"${rest.join(" ")}" after the list name is not supported (no "other, specify"); left out`,
        );
      }
      const options = list ? lists.get(list) : undefined;
      if (!options) {
        problem(
          sheet,
          row,
          `choice list "${list ?? ""}" is not in the choices sheet; question left out`,
        );
        continue;
      }
      for (const o of options) choices.set(o.name, o.id);
      question = { ...base, type: voz, options: options.map(({ id, label }) => ({ id, label })) };
    } else {
      question = { ...base, type: voz };
    }

    const constraint = value(surveySheet, cells, "constraint");
    if (constraint) {
      if (question.type === "number" && parseRange(constraint)) {
        question = { ...question, ...parseRange(constraint) };
      } else if (question.type === "text" && parseMaxLength(constraint) !== null) {
        question = { ...question, maxLength: parseMaxLength(constraint) as number };
      } else {
        problem(
          sheet,
          row,
          `constraint "${constraint}" is not supported (only ". >= a and . <= b" on numbers and "string-length(.) <= n" on text); left out`,
        );
      }
    }

    const relevant = value(surveySheet, cells, "relevant");
    if (relevant) {
      const condition = parseRelevant(relevant);
      const target = condition ? names.get(condition.question) : undefined;
      if (!condition) {
        problem(
          sheet,
          row,
          `relevant "${relevant}" is not supported (only \${q} = 'x' and selected(\${q}, 'x')); the question is always shown`,
        );
      } else if (!target) {
        problem(
          sheet,
          row,
          `relevant names "${condition.question}", which is not an earlier imported question; the question is always shown`,
        );
      } else {
        const options = condition.options.map((o) => target.choices.get(o) ?? toId(o));
        question.showIf = {
          question: target.id,
          equals: options.length === 1 ? (options[0] as string) : options,
        };
      }
    }

    for (const column of surveySheet.columns) {
      if (QUESTION_COLUMNS.has(column.field) || column.field === "constraint") continue;
      const text = cellText(cells[column.index]);
      if (text)
        problem(sheet, row, `column "${column.field}" is not supported; "${text}" left out`);
    }
    if (type === "integer") {
      problem(sheet, row, "integer became a number question: Voz accepts decimals there too");
    }
    names.set(name, { id, choices });
    questions.push(question);
  }

  const formId = setting("form_id");
  const slug = toSlug(formId);
  if (!formId) {
    problem(
      settingsSheet?.sheet ?? "settings",
      2,
      "no form_id: choose the short name in the builder",
    );
  } else if (slug !== formId) {
    problem(
      settingsSheet?.sheet ?? "settings",
      2,
      `form_id "${formId}" became the short name "${slug}" (a-z, 0-9, -)`,
    );
  }
  const title: Text = {};
  const formTitle = setting("form_title");
  for (const language of languages) {
    // XLSForm's form_title has no translations; a `form_title::<language>` column, if any, wins.
    const translated =
      settingsSheet && settings
        ? settingsSheet.columns.find(
            (c) =>
              c.field === "form_title" &&
              c.language !== undefined &&
              languageCode(c.language) === language,
          )
        : undefined;
    const text = translated && settings ? cellText(settings.cells[translated.index]) : formTitle;
    if (text) title[language] = text;
  }

  return {
    survey: { slug, version: 1, languages, title, breakdowns: [], questions },
    problems,
  };
}
