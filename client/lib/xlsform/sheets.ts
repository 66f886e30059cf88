// An XLSForm's sheets as tables: each header read into the field it means (pyxform's aliases:
// `list name`, `caption`, `bind:relevant`, `jr:constraintMsg`…) and the language it is in, and
// the rows with their spreadsheet numbers. Pure: the caller reads the .xlsx (read-excel-file).

/** Whatever a reader gives for a cell: text, number, boolean, date or null. */
export type Cell = unknown;
export interface SheetRows {
  sheet: string;
  data: readonly (readonly Cell[])[];
}

export interface Column {
  index: number;
  /** The header as written: problems name the column this way. */
  header: string;
  /** The field it means, lower case with underscores: `label`, `list_name`, `relevant`… */
  field: string;
  /** The language part of `label::English (en)`, `label:English`, as written. */
  language?: string;
}

export interface Row {
  /** The spreadsheet's own row number: the header is row 1. */
  row: number;
  cells: readonly Cell[];
}

export interface Table {
  sheet: string;
  columns: Column[];
  rows: Row[];
}

const FIELD_ALIASES: Record<string, string> = {
  caption: "label",
  relevance: "relevant",
  constraining_message: "constraint_message",
  "jr:constraintmsg": "constraint_message",
  requiredmsg: "required_message",
  "jr:requiredmsg": "required_message",
  calculate: "calculation",
  readonly: "read_only",
  count: "repeat_count",
  "jr:count": "repeat_count",
  command: "type",
  list: "list_name",
  set_form_title: "form_title",
  set_form_id: "form_id",
  id_string: "form_id",
};
/** pyxform's group prefixes: `bind:relevant` is the column `relevant`. */
const PREFIXES = new Set(["bind", "body", "control", "instance"]);
/** Fields with a language part; any other field's `::` part is not a language (`media::image`). */
const TRANSLATED = new Set([
  "label",
  "hint",
  "guidance_hint",
  "constraint_message",
  "required_message",
  "image",
  "big-image",
  "audio",
  "video",
  "form_title",
  "voz_title",
]);

export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

function fieldName(text: string): string {
  const field = text.trim().toLowerCase().replace(/\s+/g, "_");
  return FIELD_ALIASES[field] ?? field;
}

// XLSForm's spellings of yes and no, as pyxform reads them (a spreadsheet's TRUE is "true").
const YES = new Set(["yes", "true", "1", "true()", "t", "y"]);
const NO = new Set(["no", "false", "0", "false()", "f", "n"]);

/** Whether a yes-or-no cell (`required`, a setting) says yes. */
export const saysYes = (cell: string): boolean => YES.has(cell.toLowerCase());
/** Whether it says no; a blank cell says neither. */
export const saysNo = (cell: string): boolean => NO.has(cell.toLowerCase());

/** `label::English (en)` → label + "English (en)"; `bind:relevant` → relevant. */
export function readHeader(header: string): Omit<Column, "index"> {
  let parts = header.includes("::") ? header.split("::") : header.split(/:(?!:)/);
  if (parts.length > 1 && PREFIXES.has(fieldName(parts[0] as string))) {
    const rest = parts.slice(1).join(":");
    const field = fieldName(rest);
    if (FIELD_ALIASES[field] || !field.includes(":")) return { header, field };
    parts = rest.includes("::") ? rest.split("::") : [rest];
  }
  if (parts[0] && fieldName(parts[0]) === "media" && parts.length > 1) parts = parts.slice(1);
  const field = fieldName(parts[0] ?? "");
  if (parts.length === 1 || !TRANSLATED.has(field)) return { header, field: fieldName(header) };
  return { header, field, language: parts.slice(1).join(":").trim() };
}

export function readTable(sheet: SheetRows): Table {
  const [header = [], ...data] = sheet.data;
  const columns: Column[] = [];
  header.forEach((cell, index) => {
    const text = cellText(cell);
    if (text) columns.push({ index, ...readHeader(text) });
  });
  // SurveyCTO heads the choices' names `value`, and pyxform reads that as `name`: read as an
  // unknown column, every choice was left out, then its question, then what depended on it.
  const value = columns.find((c) => c.field === "value" && c.language === undefined);
  if (isChoices(sheet.sheet) && value && !columns.some((c) => c.field === "name")) {
    value.field = "name";
  }
  const rows: Row[] = [];
  data.forEach((cells, i) => {
    if (cells.some((cell) => cellText(cell) !== "")) rows.push({ row: i + 2, cells });
  });
  return { sheet: sheet.sheet, columns, rows };
}

const sheetName = (sheet: string) => sheet.trim().toLowerCase();
const isChoices = (sheet: string) => sheetName(sheet) === "choices";

/** The sheet a form calls `name`, however it is capitalized or spaced. */
export function findSheet(sheets: readonly SheetRows[], name: string): Table | null {
  const sheet = sheets.find((s) => sheetName(s.sheet) === name);
  return sheet ? readTable(sheet) : null;
}

/**
 * Reads untranslated fields of a table's rows in O(1) per cell: the first column with that
 * field and no language part. (A header repeated twice is reported by the importer.)
 */
export function fieldReader(table: Table): (row: Row, field: string) => string {
  const index = new Map<string, number>();
  for (const column of table.columns) {
    if (column.language === undefined && !index.has(column.field)) {
      index.set(column.field, column.index);
    }
  }
  return (row, field) => {
    const at = index.get(field);
    return at === undefined ? "" : cellText(row.cells[at]);
  };
}

/** Per row: the cells the walk takes; whatever else has text is reported as left over. */
export class RowCells {
  private readonly taken = new Set<number>();
  constructor(
    readonly table: Table,
    readonly row: Row,
    private readonly field: (row: Row, name: string) => string,
  ) {}
  /** The field's text; only its first column is taken, as only it is read. */
  take(name: string): string {
    const column = this.table.columns.find((c) => c.field === name && c.language === undefined);
    if (column) this.taken.add(column.index);
    return this.field(this.row, name);
  }
  /** The field's text, left for the leftovers unless taken. */
  peek(name: string): string {
    return this.field(this.row, name);
  }
  takeColumns(indexes: Iterable<number>) {
    for (const i of indexes) this.taken.add(i);
  }
  leftovers() {
    return this.table.columns.filter(
      (c) => !this.taken.has(c.index) && cellText(this.row.cells[c.index]) !== "",
    );
  }
}
