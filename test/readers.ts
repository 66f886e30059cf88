// Independent readers for the exported files (issue 16): R's haven (ReadStat, the C library
// SPSS and Stata files are read with across R and Python) for .dta, Python's openpyxl for .xlsx
// and Python's csv module for .csv, all from Debian's packages (scripts/check-readers.mjs says
// which). None shares a line of code with our writers, so a file they accept is a real file.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const PYTHON = "/usr/bin/python3";
const RSCRIPT = "/usr/bin/Rscript";

export type Cell = string | number | boolean | null;

export interface DtaFile {
  label: string | null;
  variables: { name: string; label: string | null; labels: Record<string, number> | null }[];
  /** One object per observation: variable name → value; missing is null. */
  rows: Record<string, Cell>[];
}

const R_READ_DTA = `
suppressMessages({ library(haven); library(jsonlite) })
x <- read_dta(commandArgs(trailingOnly = TRUE)[1])
variables <- lapply(names(x), function(name) {
  labels <- attr(x[[name]], "labels")
  list(name = name, label = attr(x[[name]], "label"),
       labels = if (is.null(labels)) NULL else as.list(setNames(unname(labels), names(labels))))
})
cat(toJSON(list(label = attr(x, "label"), variables = variables,
                rows = as.data.frame(zap_labels(x))),
           auto_unbox = TRUE, na = "null", null = "null", digits = NA, dataframe = "rows"))
`;

export async function readDta(path: string): Promise<DtaFile> {
  const { stdout } = await run(RSCRIPT, ["-e", R_READ_DTA, path], { maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as DtaFile;
}

const PY_READ_XLSX = `
import json, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
print(json.dumps([{"title": sheet.title, "rows": [list(row) for row in sheet.iter_rows(values_only=True)]}
                  for sheet in book.worksheets]))
`;

/** Every sheet in order, with its rows of cell values (empty cells are null). */
export async function readXlsx(path: string): Promise<{ title: string; rows: Cell[][] }[]> {
  const { stdout } = await run(PYTHON, ["-W", "ignore", "-c", PY_READ_XLSX, path], {
    maxBuffer: 64 << 20,
  });
  return JSON.parse(stdout);
}

const PY_READ_CSV = `
import csv, io, json, sys
raw = open(sys.argv[1], "rb").read()
rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
print(json.dumps({"bom": raw.startswith(b"\\xef\\xbb\\xbf"), "rows": rows}))
`;

/** The file's rows as Python's csv module reads them, and whether it starts with a UTF-8 BOM. */
export async function readCsv(path: string): Promise<{ bom: boolean; rows: string[][] }> {
  const { stdout } = await run(PYTHON, ["-c", PY_READ_CSV, path], { maxBuffer: 64 << 20 });
  return JSON.parse(stdout);
}

/** Rows of a table whose first row is its header, as objects keyed by that header. */
export function byHeader<T>(rows: T[][]): Record<string, T>[] {
  const [header, ...body] = rows;
  return body.map((row) =>
    Object.fromEntries((header ?? []).map((name, i) => [name, row[i] as T])),
  );
}
