// From opened envelopes to the tables of DESIGN §7, with true counts (suppress before anything
// leaves the coordinator's machine). Pure and synchronous: the same code runs in the
// coordinator's Web Worker and in the CLI. UI-free.
import type { Survey } from "../../surveys/schema";
import type { Answers } from "./answers";
import { type Category, type CountedTable, type Key, TOTAL } from "./publication";

/** A tabulated variable: its categories in the survey's order; `null` (no answer) follows. */
export interface Variable {
  id: string;
  categories: string[];
  /** Index into categories, or categories.length for no answer. */
  categorize(answers: Answers): number;
}

/**
 * Bin ids: `"<lo>-<hi>"` for [lo, hi), `"<lo>+"` for the last edge and above. A value below the
 * first edge falls into the first bin: the first bin is open downwards as the last one is open
 * upwards, so every answer is counted once and the categories never depend on the data. Month
 * bins join their edges with "/" (`"2018-01/2020-01"`), since a month has a "-" of its own.
 */
export function binIds(edges: readonly (number | string)[], join = "-"): string[] {
  return edges.map((lo, i) => {
    const hi = edges[i + 1];
    return hi === undefined ? `${lo}+` : `${lo}${join}${hi}`;
  });
}

/** Numbers compare as numbers, months (`YYYY-MM`) as strings: both in their own order. */
export function binOf<T extends number | string>(edges: readonly T[], value: T): number {
  let bin = 0;
  while (bin + 1 < edges.length && value >= (edges[bin + 1] as T)) bin++;
  return bin;
}

/**
 * DESIGN §7: single questions, binned number and month questions, and each option of a multi
 * question. Texts (other-specify included) and notes never are.
 */
export function tabulatedVariables(survey: Survey): Variable[] {
  const variables: Variable[] = [];
  for (const q of survey.questions) {
    if (q.type === "single") {
      const ids = q.options.map((o) => o.id);
      const index = new Map(ids.map((id, i) => [id, i]));
      variables.push({
        id: q.id,
        categories: ids,
        categorize: (answers) => {
          const value = answers[q.id];
          return typeof value === "string" ? (index.get(value) ?? ids.length) : ids.length;
        },
      });
    } else if (q.type === "number" && q.bins) {
      const edges = q.bins;
      variables.push({
        id: q.id,
        categories: binIds(edges),
        categorize: (answers) => {
          const value = answers[q.id];
          return typeof value === "number" ? binOf(edges, value) : edges.length;
        },
      });
    } else if (q.type === "month" && q.bins) {
      const edges = q.bins;
      variables.push({
        id: q.id,
        categories: binIds(edges, "/"),
        categorize: (answers) => {
          const value = answers[q.id];
          return typeof value === "string" ? binOf(edges, value) : edges.length;
        },
      });
    } else if (q.type === "multi") {
      for (const option of q.options) {
        // yes = 0, no = 1, null = 2: an empty or missing answer is no answer, not "no".
        variables.push({
          id: `${q.id}.${option.id}`,
          categories: ["yes", "no"],
          categorize: (answers) => {
            const value = answers[q.id];
            if (!Array.isArray(value) || value.length === 0) return 2;
            return value.includes(option.id) ? 0 : 1;
          },
        });
      }
    }
  }
  return variables;
}

export interface TabulateOptions {
  /** Variables to cross every other one with; the survey's breakdowns when absent. */
  breakdowns?: readonly string[];
}

export type Tabulated =
  | { ok: true; tables: CountedTable[] }
  | { ok: false; reason: "unknown_breakdown"; breakdown: string; variables: string[] };

interface Plan {
  id: string;
  variables: Variable[];
  /** Counts of the inner cells (no "*"), row-major over (categories + null) per variable. */
  counts: Uint32Array;
}

/**
 * Table ids: the variable id, or `"<variable>×<breakdown>"`. Each variable gets its one-way
 * table followed by its crosses, in the survey's order. A breakdown is never crossed with
 * itself, and two breakdowns are crossed once, the earlier variable first, since the mirrored
 * table would repeat the same statistics.
 */
function plan(variables: readonly Variable[], breakdowns: readonly Variable[]): Plan[] {
  const size = (v: Variable) => v.categories.length + 1;
  const order = new Map(variables.map((v, i) => [v.id, i]));
  const isBreakdown = new Set(breakdowns.map((b) => b.id));
  const plans: Plan[] = [];
  for (const v of variables) {
    plans.push({ id: v.id, variables: [v], counts: new Uint32Array(size(v)) });
    for (const b of breakdowns) {
      if (b.id === v.id) continue;
      if (isBreakdown.has(v.id) && (order.get(b.id) as number) < (order.get(v.id) as number))
        continue;
      plans.push({
        id: `${v.id}×${b.id}`,
        variables: [v, b],
        counts: new Uint32Array(size(v) * size(b)),
      });
    }
  }
  return plans;
}

/** One variable of a table and its categories (null included where it is one), without "*". */
export interface Axis {
  variable: string;
  categories: readonly Category[];
}

/**
 * A complete table from its inner counts, row-major over the axes (the last varies fastest):
 * every combination of categories and "*", in axis order with "*" last, margins summed.
 */
export function gridTable(
  id: string,
  axes: readonly Axis[],
  inner: ArrayLike<number>,
): CountedTable {
  const sizes = axes.map((a) => a.categories.length);
  const expected = sizes.reduce((a, b) => a * b, 1);
  if (inner.length !== expected)
    throw new Error(`${id}: ${inner.length} counts for ${expected} cells`);
  const out: CountedTable["cells"] = [];
  const visit = (depth: number, key: Key, at: number[]) => {
    if (depth === axes.length) {
      out.push({ key: { ...key }, count: innerSum(inner, sizes, at) });
      return;
    }
    const axis = axes[depth] as Axis;
    [...axis.categories, TOTAL].forEach((category, i) => {
      key[axis.variable] = category;
      visit(depth + 1, key, [...at, category === TOTAL ? -1 : i]);
    });
  };
  visit(0, {}, []);
  return { id, variables: axes.map((a) => a.variable), cells: out };
}

/** Sum of inner counts matching `at` (−1 = any category on that axis). */
function innerSum(
  inner: ArrayLike<number>,
  sizes: readonly number[],
  at: readonly number[],
): number {
  let total = 0;
  const walk = (depth: number, offset: number) => {
    if (depth === sizes.length) {
      total += inner[offset] as number;
      return;
    }
    const size = sizes[depth] as number;
    const fixed = at[depth] as number;
    const [from, to] = fixed === -1 ? [0, size] : [fixed, fixed + 1];
    for (let i = from; i < to; i++) walk(depth + 1, offset * size + i);
  };
  walk(0, 0);
  return total;
}

/**
 * Tabulates answers that `open` accepted (valid for this survey version). Every table covers
 * every response, so margins agree across tables: a response that skipped or was not shown a
 * question counts in that question's null category.
 */
export function tabulate(
  survey: Survey,
  responses: Iterable<Answers>,
  options: TabulateOptions = {},
): Tabulated {
  const running = tabulation(survey, options);
  if (!running.ok) return running;
  for (const answers of responses) running.count(answers);
  return { ok: true, tables: running.tables() };
}

/** A tabulation that counts answers as they come, so none need be kept until the end. */
export interface Tabulation {
  count(answers: Answers): void;
  /** The tables of what was counted so far, as tabulate gives them. */
  tables(): CountedTable[];
}

/**
 * A running tabulation (tabulate, one answer at a time): the CLI's workers count each response
 * as it opens instead of keeping a stretch of answers to tabulate, which, held while a stretch
 * opened, outlived the young generation and made the collector copy them (cli tabulate profile).
 */
export function tabulation(
  survey: Survey,
  options: TabulateOptions = {},
): ({ ok: true } & Tabulation) | Extract<Tabulated, { ok: false }> {
  const variables = tabulatedVariables(survey);
  const byId = new Map(variables.map((v) => [v.id, v]));
  const breakdowns: Variable[] = [];
  for (const id of options.breakdowns ?? survey.breakdowns) {
    const variable = byId.get(id);
    if (!variable) {
      return {
        ok: false,
        reason: "unknown_breakdown",
        breakdown: id,
        variables: variables.map((v) => v.id),
      };
    }
    if (!breakdowns.includes(variable)) breakdowns.push(variable);
  }
  const plans = plan(variables, breakdowns);
  const position = new Map(variables.map((v, i) => [v.id, i]));
  const slots = plans.map((p) => p.variables.map((v) => position.get(v.id) as number));
  const strides = plans.map((p) => p.variables.map((v) => v.categories.length + 1));
  const categoryOf = new Array<number>(variables.length);
  return {
    ok: true,
    count(answers) {
      for (let i = 0; i < variables.length; i++) {
        categoryOf[i] = (variables[i] as Variable).categorize(answers);
      }
      for (let t = 0; t < plans.length; t++) {
        const slot = slots[t] as number[];
        const stride = strides[t] as number[];
        let offset = 0;
        for (let d = 0; d < slot.length; d++) {
          offset = offset * (stride[d] as number) + (categoryOf[slot[d] as number] as number);
        }
        const counts = (plans[t] as Plan).counts;
        counts[offset] = (counts[offset] as number) + 1;
      }
    },
    tables: () =>
      plans.map((p) =>
        gridTable(
          p.id,
          p.variables.map((v) => ({ variable: v.id, categories: [...v.categories, null] })),
          p.counts,
        ),
      ),
  };
}

/**
 * The tables a tabulation by every breakdown holds for fewer of them, as tabulating by those
 * alone would make them (`tabulate(survey, answers, { breakdowns })`, what `cli tabulate --by`
 * does): the one-way tables, and each question crossed by a chosen breakdown. A cross of two
 * breakdowns is tabulated once, the earlier one first; with only that earlier one chosen it is
 * the later one crossed by it, and is turned round to say so (it was published as gender by
 * country when only gender was chosen; QA pass, 5 December).
 */
export function crossedBy(
  tables: readonly CountedTable[],
  breakdowns: readonly string[],
): CountedTable[] {
  const chosen = new Set(breakdowns);
  const kept = tables.flatMap((table) => {
    const [first, second] = table.variables as [string, string | undefined];
    if (second === undefined || chosen.has(second)) return [table];
    return chosen.has(first) ? [turned(table)] : [];
  });
  // In tabulate's order: each one-way table, then the crosses that start with its variable.
  return kept
    .filter((table) => table.variables.length === 1)
    .flatMap((one) => [
      one,
      ...kept.filter((t) => t.variables.length === 2 && t.variables[0] === one.variables[0]),
    ]);
}

/** A two-way table with its axes swapped, built again by gridTable from its inner counts. */
function turned(table: CountedTable): CountedTable {
  const [a, b] = table.variables as [string, string];
  const categories = (variable: string): Category[] => [
    ...new Set(table.cells.map((c) => c.key[variable] as Category).filter((c) => c !== TOTAL)),
  ];
  const rows: Axis = { variable: b, categories: categories(b) };
  const columns: Axis = { variable: a, categories: categories(a) };
  const inner = new Array<number>(rows.categories.length * columns.categories.length).fill(0);
  for (const cell of table.cells) {
    const row = rows.categories.indexOf(cell.key[b] as Category);
    const column = columns.categories.indexOf(cell.key[a] as Category);
    if (row !== -1 && column !== -1) inner[row * columns.categories.length + column] = cell.count;
  }
  return gridTable(`${b}×${a}`, [rows, columns], inner);
}

/**
 * Adds tabulations of disjoint sets of responses to one survey version, as the coordinator's
 * workers return them: tabulate writes the same tables and cells in the same order for every
 * set, so cells add up position by position. Anything else is a bug, and throws.
 */
export function addTabulations(
  a: readonly CountedTable[],
  b: readonly CountedTable[],
): CountedTable[] {
  if (a.length !== b.length) throw new Error(`${a.length} tables added to ${b.length}`);
  return a.map((table, t) => {
    const other = b[t] as CountedTable;
    if (other.id !== table.id || other.cells.length !== table.cells.length) {
      throw new Error(`table ${other.id} added to ${table.id}`);
    }
    return {
      id: table.id,
      variables: table.variables,
      cells: table.cells.map((cell, i) => {
        const same = other.cells[i] as CountedTable["cells"][number];
        if (table.variables.some((v) => same.key[v] !== cell.key[v])) {
          throw new Error(`cell ${JSON.stringify(same.key)} added to ${JSON.stringify(cell.key)}`);
        }
        return { key: cell.key, count: cell.count + same.count };
      }),
    };
  });
}
