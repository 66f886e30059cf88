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
