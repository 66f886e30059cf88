// Linear expressions and constraints over LP columns: the common language of what an attacker
// knows (client/lib/knowledge.ts) and of the LPs that read it (client/lib/lp.ts). UI-free.

/** `constant + Σ coefficient · column`, columns distinct and sorted. */
export interface Expression {
  constant: number;
  columns: number[];
  coefficients: number[];
}

/** `lower ≤ Σ coefficient · column ≤ upper` (±Infinity where open). */
export interface Row {
  columns: number[];
  coefficients: number[];
  lower: number;
  upper: number;
}

export const constant = (value: number): Expression => ({
  constant: value,
  columns: [],
  coefficients: [],
});

export const column = (index: number): Expression => ({
  constant: 0,
  columns: [index],
  coefficients: [1],
});

/** Σ factor_i · expression_i, like terms gathered and zeros dropped. */
export function combine(parts: readonly (readonly [number, Expression])[]): Expression {
  const quick =
    parts.length === 2
      ? merge(parts[0] as [number, Expression], parts[1] as [number, Expression])
      : inOrder(parts);
  if (quick) return quick;
  let value = 0;
  const terms = new Map<number, number>();
  for (const [factor, e] of parts) {
    if (factor === 0) continue;
    value += factor * e.constant;
    e.columns.forEach((c, i) => {
      terms.set(c, (terms.get(c) ?? 0) + factor * (e.coefficients[i] as number));
    });
  }
  const columns = [...terms.keys()].filter((c) => terms.get(c) !== 0).sort((a, b) => a - b);
  return {
    constant: value,
    columns,
    coefficients: columns.map((c) => terms.get(c) as number),
  };
}

/**
 * Σ factor_i · expression_i where the parts' columns, one part after another, only ever increase
 * (a margin's parts, each a column allocated in order, or a number): no term to gather. Null
 * otherwise.
 */
function inOrder(parts: readonly (readonly [number, Expression])[]): Expression | null {
  const columns: number[] = [];
  const coefficients: number[] = [];
  let value = 0;
  let last = Number.NEGATIVE_INFINITY;
  for (const [factor, e] of parts) {
    if (factor === 0) continue;
    value += factor * e.constant;
    for (let i = 0; i < e.columns.length; i++) {
      const c = e.columns[i] as number;
      if (c <= last) return null;
      last = c;
      const v = factor * (e.coefficients[i] as number);
      if (v !== 0) {
        columns.push(c);
        coefficients.push(v);
      }
    }
  }
  return { constant: value, columns, coefficients };
}

/**
 * f·a + g·b in one pass over the two sorted column lists, the same numbers as the general path
 * gives: a difference of two expressions is most of what the audit's models are built of, and
 * a map and a sort per difference were a tenth of an audit's JavaScript (bench:suppress, 66
 * after 60). Null where a list is not sorted and distinct, for the general path to gather.
 */
function merge([f, a]: readonly [number, Expression], [g, b]: readonly [number, Expression]) {
  const na = a.columns.length;
  const nb = b.columns.length;
  const columns: number[] = [];
  const coefficients: number[] = [];
  let i = 0;
  let j = 0;
  let last = Number.NEGATIVE_INFINITY;
  while (i < na || j < nb) {
    const ca = i < na ? (a.columns[i] as number) : Number.POSITIVE_INFINITY;
    const cb = j < nb ? (b.columns[j] as number) : Number.POSITIVE_INFINITY;
    const c = Math.min(ca, cb);
    if (c <= last) return null;
    last = c;
    let v = 0;
    if (ca === c) v += f * (a.coefficients[i++] as number);
    if (cb === c) v += g * (b.coefficients[j++] as number);
    if (v !== 0) {
      columns.push(c);
      coefficients.push(v);
    }
  }
  let value = 0;
  if (f !== 0) value += f * a.constant;
  if (g !== 0) value += g * b.constant;
  return { constant: value, columns, coefficients };
}

export const sum = (expressions: readonly Expression[]): Expression =>
  combine(expressions.map((e) => [1, e] as const));

export const minus = (a: Expression, b: Expression): Expression =>
  combine([
    [1, a],
    [-1, b],
  ]);

/** `lower ≤ e ≤ upper` as a row, or null when e has no column (then it is a fact about numbers). */
export function bound(e: Expression, lower: number, upper: number): Row | null {
  if (e.columns.length === 0) return null;
  return {
    columns: e.columns,
    coefficients: e.coefficients,
    lower: lower - e.constant,
    upper: upper - e.constant,
  };
}

/** The value of e at a point (an LP solution). */
export function evaluate(e: Expression, point: ArrayLike<number>): number {
  let value = e.constant;
  e.columns.forEach((c, i) => {
    value += (e.coefficients[i] as number) * (point[c] as number);
  });
  return value;
}

/** The rows each column is in, by index into `rows`. */
export function rowsByColumn(rows: readonly Row[]): Map<number, number[]> {
  const rowsOf = new Map<number, number[]>();
  rows.forEach((row, r) => {
    for (const c of row.columns) {
      const of = rowsOf.get(c);
      if (of) of.push(r);
      else rowsOf.set(c, [r]);
    }
  });
  return rowsOf;
}
