// Bounds on an LP's columns implied by its rows, one row at a time (bound propagation), and on an
// expression with one row added to it: no feasible point lies outside them, so an extreme that a
// feasible point already reaches is proven without a solve (seen.ts). UI-free.
import { type Expression, type Row, rowsByColumn } from "./linear";

export interface Implied {
  lo: Float64Array;
  hi: Float64Array;
  rows: readonly Row[];
  /** The rows each column is in. */
  rowsOf: ReadonlyMap<number, readonly number[]>;
}

/**
 * Each row `lower ≤ Σ a·x ≤ upper` bounds each of its columns by what the row's other columns can
 * reach at their current bounds; repeated while a pass tightens something, at most `passes`
 * times (each pass is sound on its own, so stopping early only loosens). Tightenings smaller than
 * `1e-9` are not counted as change, so values that creep do not keep it going.
 */
export function impliedBounds(
  columns: readonly { lower: number; upper: number }[],
  rows: readonly Row[],
  passes = 20,
): Implied {
  const lo = Float64Array.from(columns, (b) => b.lower);
  const hi = Float64Array.from(columns, (b) => b.upper);
  for (let pass = 0; pass < passes; pass++) {
    let changed = false;
    for (const row of rows) {
      // The row's least and greatest activity over its columns' bounds, and how many columns
      // make either infinite: a column's bound from the row needs the rest finite.
      let least = 0;
      let most = 0;
      let leastOpen = 0;
      let mostOpen = 0;
      const n = row.columns.length;
      for (let j = 0; j < n; j++) {
        const a = row.coefficients[j] as number;
        const c = row.columns[j] as number;
        const l = a > 0 ? a * (lo[c] as number) : a * (hi[c] as number);
        const u = a > 0 ? a * (hi[c] as number) : a * (lo[c] as number);
        if (Number.isFinite(l)) least += l;
        else leastOpen++;
        if (Number.isFinite(u)) most += u;
        else mostOpen++;
      }
      for (let j = 0; j < n; j++) {
        const a = row.coefficients[j] as number;
        if (a === 0) continue;
        const c = row.columns[j] as number;
        const l = a > 0 ? a * (lo[c] as number) : a * (hi[c] as number);
        const u = a > 0 ? a * (hi[c] as number) : a * (lo[c] as number);
        // a·x ≤ upper − (least of the rest), and a·x ≥ lower − (most of the rest).
        const restLeast = Number.isFinite(l)
          ? leastOpen === 0
            ? least - l
            : Number.NaN
          : leastOpen === 1
            ? least
            : Number.NaN;
        const restMost = Number.isFinite(u)
          ? mostOpen === 0
            ? most - u
            : Number.NaN
          : mostOpen === 1
            ? most
            : Number.NaN;
        const below = row.upper - restLeast;
        const above = row.lower - restMost;
        if (Number.isFinite(below)) changed = tighten(lo, hi, c, a, below, "atMost") || changed;
        if (Number.isFinite(above)) changed = tighten(lo, hi, c, a, above, "atLeast") || changed;
      }
    }
    if (!changed) break;
  }
  return { lo, hi, rows, rowsOf: rowsByColumn(rows) };
}

/** Narrows column `c` by `a·x ≤ value` (or `≥`); true if it narrowed by more than 1e-9. */
function tighten(
  lo: Float64Array,
  hi: Float64Array,
  c: number,
  a: number,
  value: number,
  sense: "atMost" | "atLeast",
): boolean {
  const x = value / a;
  // Dividing by a negative coefficient turns the inequality around.
  if ((sense === "atMost") === a > 0) {
    if (x < (hi[c] as number) - 1e-9) {
      hi[c] = x;
      return true;
    }
  } else if (x > (lo[c] as number) + 1e-9) {
    lo[c] = x;
    return true;
  }
  return false;
}

/**
 * A bound on the greatest (or least) value of `Σ a·x`, without the constant: from the columns'
 * implied bounds, or, tighter where it is, with a multiple of one row added so that one of the
 * expression's columns cancels (`e = e + λ·row − λ·row`, the row's activity within its bounds).
 * A group less one of its parts is the sum of its other parts; their bounds can say it is 0 where
 * the group's and the part's cannot (bench:suppress, few newcomers 60 → 66: most questions
 * whether a hidden group may hold someone outside one answer).
 */
export function boundOf(
  implied: Implied,
  e: Pick<Expression, "columns" | "coefficients">,
  sense: "min" | "max",
): number {
  const { lo, hi } = implied;
  const extremeAt = (a: number, c: number) =>
    (sense === "max") === a > 0 ? a * (hi[c] as number) : a * (lo[c] as number);
  let best = 0;
  e.columns.forEach((c, j) => {
    best += extremeAt(e.coefficients[j] as number, c);
  });
  const terms = new Map<number, number>();
  e.columns.forEach((c, j) => {
    terms.set(c, e.coefficients[j] as number);
  });
  for (const c of e.columns) {
    for (const r of implied.rowsOf.get(c) ?? []) {
      const row = implied.rows[r] as Row;
      const lambda =
        -(terms.get(c) as number) / (row.coefficients[row.columns.indexOf(c)] as number);
      // −λ·row at its greatest (or least).
      const side = (sense === "max") === lambda > 0 ? row.lower : row.upper;
      if (!Number.isFinite(side)) continue;
      const sum = new Map(terms);
      row.columns.forEach((d, m) => {
        sum.set(d, (sum.get(d) ?? 0) + lambda * (row.coefficients[m] as number));
      });
      let v = -lambda * side;
      for (const [d, a] of sum) if (Math.abs(a) > 1e-12) v += extremeAt(a, d);
      if (sense === "max" ? v < best : v > best) best = v;
    }
  }
  return best;
}
