// The publication of DESIGN §7 and the plain-count tables of the `suppress` command (§6):
// their zod schemas, the additive structure of a table (each margin is the sum of its cells)
// and the statistic a cell stands for. Disclosure control and the server's publish gate read
// tables only through here, so "valid table" means one thing everywhere. UI-free.
import { z } from "zod";
import { type SchemaError, toSchemaErrors } from "../../surveys/schema";

export const FORMAT = "voz.publication/1";
/** DESIGN §8: k defaults to 5 and may not go below 3. */
export const DEFAULT_K = 5;
export const MIN_K = 3;
/** `"*"` in a key: the total over that variable. */
export const TOTAL = "*";

export type Category = string | null;
export type Key = Record<string, Category>;
export type Suppression = false | "primary" | "secondary";

// Keys are plain objects; these names would collide with Object.prototype.
const RESERVED = new Set(["__proto__", "constructor", "prototype"]);
const variableName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,100}$/, "must match [A-Za-z0-9_.-]{1,100}")
  .refine((name) => !RESERVED.has(name), "is reserved; choose another name");
const category = z.union([z.string().min(1).max(200), z.null()]);
const key = z.record(variableName, category);
const count = z.number().int("must be a whole number").min(0, "must not be negative");
const k = z.number().int().min(MIN_K, `k must be at least ${MIN_K}`);

const publishedCell = z
  .strictObject({
    key,
    count: count.nullable(),
    suppressed: z.union([z.literal(false), z.literal("primary"), z.literal("secondary")]),
  })
  .superRefine((cell, ctx) => {
    // DESIGN §7: a suppressed cell carries no number, a published one always does.
    if (cell.suppressed !== false && cell.count !== null) {
      ctx.addIssue({
        code: "custom",
        path: ["count"],
        message: "a suppressed cell has count null",
      });
    }
    if (cell.suppressed === false && cell.count === null) {
      ctx.addIssue({ code: "custom", path: ["count"], message: "a published cell needs a count" });
    }
  });

/** Plain counts as the `suppress` command reads them; `"primary"` forces suppression. */
const countedCell = z.strictObject({
  key,
  count,
  suppressed: z.union([z.literal(false), z.literal("primary")]).optional(),
});

const table = <C extends z.ZodType>(cell: C) =>
  z.strictObject({
    id: z.string().min(1).max(200),
    variables: z.array(variableName).min(1, "a table has at least one variable"),
    cells: z.array(cell).min(1),
  });

export type PublishedCell = z.infer<typeof publishedCell>;
export type CountedCell = z.infer<typeof countedCell>;

/** The shape every table shares, whatever its cells carry. */
export interface TableOf<C extends { key: Key }> {
  id: string;
  variables: string[];
  cells: C[];
}
export type PublishedTable = TableOf<PublishedCell>;
export type CountedTable = TableOf<CountedCell>;
/** What suppression returns: true counts, every cell marked. Never published as it is. */
export type MarkedTable = TableOf<{ key: Key; count: number; suppressed: Suppression }>;

export interface Publication {
  format: typeof FORMAT;
  survey: string;
  version: number;
  k: number;
  responses: number;
  unreadable: number;
  tables: PublishedTable[];
}

/**
 * DESIGN §7: cells in different tables with the same non-`"*"` key entries are one statistic,
 * e.g. `{gender: "woman"}` and `{passport: "*", gender: "woman"}`. The grand total of every
 * table is the statistic `[]`.
 */
export function statisticId(cellKey: Key): string {
  const entries = Object.entries(cellKey)
    .filter(([, value]) => value !== TOTAL)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

export const GRAND_TOTAL_ID = statisticId({});

/** One additive relation of a table: `cells[total] = Σ cells[parts]` (indices into cells). */
export interface Line {
  /** The variable whose categories the parts run over. */
  variable: string;
  total: number;
  parts: number[];
}

/** A cell's key as text, its variables in the table's order: for maps of a table's cells. */
export const keyText = (variables: readonly string[], cellKey: Key) =>
  JSON.stringify(variables.map((v) => cellKey[v] ?? null));

/**
 * Every line of a complete table: for each variable and each choice of the others (margins
 * included), its categories add up to the cell where it is `"*"`.
 */
export function tableLines(t: TableOf<{ key: Key }>): Line[] {
  const index = new Map<string, number>();
  t.cells.forEach((cell, i) => {
    index.set(keyText(t.variables, cell.key), i);
  });
  const lines = new Map<string, Line>();
  t.cells.forEach((cell, i) => {
    for (const variable of t.variables) {
      if (cell.key[variable] === TOTAL) continue;
      const totalText = keyText(t.variables, { ...cell.key, [variable]: TOTAL });
      const name = `${variable}\u0000${totalText}`;
      let line = lines.get(name);
      if (!line) {
        const total = index.get(totalText);
        if (total === undefined) continue;
        line = { variable, total, parts: [] };
        lines.set(name, line);
      }
      line.parts.push(i);
    }
  });
  return [...lines.values()];
}

type Path = (string | number)[];
type Issue = (path: Path, message: string) => void;

/** A table must be the full grid of its categories and margins, each cell once. */
function checkGrid(t: TableOf<{ key: Key }>, at: Path, issue: Issue): boolean {
  if (new Set(t.variables).size !== t.variables.length) {
    issue([...at, "variables"], "variables must not repeat");
    return false;
  }
  let ok = true;
  t.cells.forEach((cell, j) => {
    const names = Object.keys(cell.key);
    const extra = names.filter((name) => !t.variables.includes(name));
    const missing = t.variables.filter((v) => !(v in cell.key));
    if (extra.length > 0 || missing.length > 0) {
      issue(
        [...at, "cells", j, "key"],
        `the key must name exactly the variables ${JSON.stringify(t.variables)}`,
      );
      ok = false;
    }
  });
  if (!ok) return false;

  const categories = t.variables.map(
    (v) => new Set(t.cells.map((cell) => cell.key[v] ?? null).filter((c) => c !== TOTAL)),
  );
  const seen = new Set<string>();
  t.cells.forEach((cell, j) => {
    const text = keyText(t.variables, cell.key);
    if (seen.has(text)) {
      issue([...at, "cells", j, "key"], "the same key appears twice in this table");
      ok = false;
    }
    seen.add(text);
  });
  const expected = categories.reduce((n, set) => n * (set.size + 1), 1);
  if (ok && seen.size !== expected) {
    const names = t.variables.map((v, i) => `${v} (${(categories[i] as Set<Category>).size})`);
    issue(
      [...at, "cells"],
      `a table needs a cell for every combination of categories and "*" of ${names.join(" × ")}: ` +
        `${expected} cells, found ${seen.size}`,
    );
    ok = false;
  }
  return ok;
}

/**
 * Cross-table rules: table ids differ, every table is a full grid, copies of one statistic
 * agree, fully published lines add up and the grand total is never suppressed.
 */
function checkTables(
  tables: readonly TableOf<{ key: Key; count: number | null; suppressed?: Suppression }>[],
  issue: Issue,
): void {
  const ids = new Set<string>();
  const counts = new Map<string, number | null>();
  tables.forEach((t, i) => {
    const at: Path = ["tables", i];
    if (ids.has(t.id)) issue([...at, "id"], `duplicate table id "${t.id}"`);
    ids.add(t.id);
    if (!checkGrid(t, at, issue)) return;

    t.cells.forEach((cell, j) => {
      const path: Path = [...at, "cells", j];
      const id = statisticId(cell.key);
      const suppressed = cell.suppressed !== undefined && cell.suppressed !== false;
      if (id === GRAND_TOTAL_ID && suppressed) {
        issue([...path, "suppressed"], "the grand total is always public (DESIGN §8)");
      }
      const earlier = counts.get(id);
      if (earlier === undefined || earlier === null) counts.set(id, cell.count);
      else if (cell.count !== null && earlier !== cell.count) {
        issue([...path, "count"], `the same statistic has count ${earlier} in another table`);
      }
    });

    for (const line of tableLines(t)) {
      const total = t.cells[line.total]?.count;
      const parts = line.parts.map((p) => t.cells[p]?.count);
      if (total === null || total === undefined || parts.some((c) => c === null || c === undefined))
        continue;
      const sum = parts.reduce<number>((a, b) => a + (b ?? 0), 0);
      if (sum !== total) {
        issue(
          [...at, "cells", line.total, "count"],
          `this margin is ${total} but its cells add up to ${sum}`,
        );
      }
    }
  });
}

/** DESIGN §7: a statistic is suppressed alike in every table that shows it. */
function checkSuppressedAlike(tables: readonly PublishedTable[], issue: Issue): void {
  const marks = new Map<string, Suppression>();
  tables.forEach((t, i) => {
    t.cells.forEach((cell, j) => {
      const id = statisticId(cell.key);
      const earlier = marks.get(id);
      if (earlier === undefined) marks.set(id, cell.suppressed);
      else if ((earlier === false) !== (cell.suppressed === false)) {
        issue(
          ["tables", i, "cells", j, "suppressed"],
          "the same statistic is published in one table and suppressed in another",
        );
      }
    });
  });
}

const issueFor =
  (ctx: z.RefinementCtx): Issue =>
  (path, message) =>
    ctx.addIssue({ code: "custom", path, message });

export const publicationSchema = z
  .strictObject({
    format: z.literal(FORMAT),
    survey: z.string().min(1),
    version: z.number().int().min(1),
    k,
    responses: count,
    unreadable: count,
    tables: z.array(table(publishedCell)),
  })
  .superRefine((p, ctx) => {
    const issue = issueFor(ctx);
    checkTables(p.tables, issue);
    checkSuppressedAlike(p.tables, issue);
    p.tables.forEach((t, i) => {
      const j = t.cells.findIndex((cell) => statisticId(cell.key) === GRAND_TOTAL_ID);
      const total = t.cells[j];
      if (total && total.count !== null && total.count !== p.responses) {
        issue(["tables", i, "cells", j, "count"], `the grand total must equal responses`);
      }
    });
  });

export const countedTablesSchema = z
  .strictObject({ tables: z.array(table(countedCell)).min(1, "give at least one table") })
  .superRefine((input, ctx) => checkTables(input.tables, issueFor(ctx)));

export type ParsedOr<T> = { ok: true; value: T } | { ok: false; errors: SchemaError[] };

export function parsePublication(input: unknown): ParsedOr<Publication> {
  const result = publicationSchema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data as Publication }
    : { ok: false, errors: toSchemaErrors(result.error) };
}

/** The `suppress` command's input (DESIGN §6), margins included. */
export function parseCountedTables(input: unknown): ParsedOr<CountedTable[]> {
  const result = countedTablesSchema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data.tables }
    : { ok: false, errors: toSchemaErrors(result.error) };
}

/** N: the count of the first cell that totals every variable of its table (0 if none does). */
export function grandOf(tables: readonly TableOf<{ key: Key; count: number }>[]): number {
  for (const t of tables) {
    const cell = t.cells.find((c) => t.variables.every((v) => c.key[v] === TOTAL));
    if (cell) return cell.count;
  }
  return 0;
}

/** DESIGN §7: what leaves the coordinator's machine has no number in a suppressed cell. */
export function hideSuppressed(tables: readonly MarkedTable[]): PublishedTable[] {
  return tables.map(({ id, variables, cells }) => ({
    id,
    variables,
    cells: cells.map((cell) =>
      cell.suppressed === false
        ? { key: cell.key, count: cell.count, suppressed: false }
        : { key: cell.key, count: null, suppressed: cell.suppressed },
    ),
  }));
}
