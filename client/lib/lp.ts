// The linear programs of disclosure control (DESIGN §8), solved by HiGHS. Two models live
// here and nowhere else: the attacker's (how tightly the published numbers bound a suppressed
// statistic) and the defender's (the cheapest published cells whose suppression would let a
// statistic move). HiGHS is ~1.2 MB of WebAssembly, so it is loaded on first use only.
import type { Highs, InitOptions, Model } from "highs";

let loading: Promise<Highs> | undefined;

/**
 * The first call's options win: a bundled browser worker passes `locateFile` with the wasm's
 * built URL before anything else loads HiGHS; Node finds the wasm beside the package itself.
 */
export function loadHighs(options: Pick<InitOptions, "locateFile"> = {}): Promise<Highs> {
  loading ??= import("highs").then((module) => module.default(options));
  return loading;
}

/** LP values are floats; counts are whole numbers, and an attacker knows it. */
const EPSILON = 1e-6;
export const roundUp = (value: number) => Math.ceil(value - EPSILON);
export const roundDown = (value: number) => Math.floor(value + EPSILON);

/** `Σ coefficients[i] · x[variables[i]] = rhs` */
export interface Equation {
  variables: number[];
  coefficients: number[];
  rhs: number;
}

/** What an attacker knows about `size` unknown counts: these equations and `0 ≤ x ≤ upper`. */
export interface AttackerModel {
  size: number;
  equations: Equation[];
  upper: number;
}

export interface Interval {
  lo: number;
  hi: number;
}

export type Intervals = { feasible: true; intervals: (Interval | null)[] } | { feasible: false };

function csr(rows: { variables: number[]; coefficients: number[] }[]) {
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of rows) {
    indices.push(...row.variables);
    values.push(...row.coefficients);
    starts.push(indices.length);
  }
  return { starts, indices, values };
}

function quiet(model: Model): void {
  // Presolve off: each solve then starts from the previous basis, which is what makes a few
  // hundred min/max solves on one model cheap.
  model.options.set({ output_flag: false, presolve: "off" });
}

/**
 * The exact [lo, hi] of every unknown, except where `settled(lo, hi)` already holds for the
 * range seen across earlier optimal points: every optimum is a feasible table, so the true
 * interval contains what was seen, and most unknowns are settled without their own solves.
 */
export function attackerIntervals(
  highs: Highs,
  system: AttackerModel,
  settled: (lo: number, hi: number) => boolean,
): Intervals {
  const { size, equations, upper } = system;
  const matrix = csr(equations);
  const model = highs.createModel({
    numCols: size,
    numRows: equations.length,
    colCost: new Array(size).fill(0),
    colLower: new Array(size).fill(0),
    colUpper: new Array(size).fill(upper),
    rowLower: equations.map((e) => e.rhs),
    rowUpper: equations.map((e) => e.rhs),
    matrix: { format: "csr", numRows: equations.length, numCols: size, ...matrix },
  });
  try {
    quiet(model);
    const { optimal, unbounded } = highs.constants.modelStatus;
    const seenLo = new Array<number>(size).fill(Number.POSITIVE_INFINITY);
    const seenHi = new Array<number>(size).fill(Number.NEGATIVE_INFINITY);
    const intervals: (Interval | null)[] = new Array(size).fill(null);
    let costed = -1;

    const extreme = (j: number, sense: "min" | "max"): number | "infeasible" => {
      if (costed !== j) {
        if (costed >= 0) model.changeColCost(costed, 0);
        model.changeColCost(j, 1);
        costed = j;
      }
      const { minimize, maximize } = highs.constants.objectiveSense;
      model.changeObjectiveSense(sense === "min" ? minimize : maximize);
      model.run();
      const status = model.getModelStatus();
      if (status === unbounded) return Number.POSITIVE_INFINITY;
      if (status !== optimal) return "infeasible";
      model.getSolution().colValue.forEach((value, i) => {
        if (value < (seenLo[i] as number)) seenLo[i] = value;
        if (value > (seenHi[i] as number)) seenHi[i] = value;
      });
      return model.getObjectiveValue();
    };

    for (let j = 0; j < size; j++) {
      if (settled(seenLo[j] as number, seenHi[j] as number)) continue;
      const hi = extreme(j, "max");
      if (hi === "infeasible") return { feasible: false };
      if (settled(seenLo[j] as number, seenHi[j] as number)) continue;
      const lo = extreme(j, "min");
      if (lo === "infeasible") return { feasible: false };
      intervals[j] = { lo, hi };
    }
    return { feasible: true, intervals };
  } finally {
    model.dispose();
  }
}

/**
 * The defender's model over every statistic of a publication: a perturbation `up − down` that
 * keeps every relation, keeps counts within [0, grand total] and leaves the grand total alone.
 * Moving a published statistic costs its weight per unit; an already suppressed one costs
 * almost nothing. The published statistics a cheapest perturbation moves are the cover that
 * lets the target move that far in the attacker's eyes (Fischetti & Salazar's protection LP,
 * relaxed to L1 cost).
 */
export interface CoverModel {
  /** Published statistics to suppress so that `target` can move by `amount` (±), or null. */
  cover(target: number, amount: number): number[] | null;
  /** Makes a statistic free to move in later covers, once it is suppressed. */
  suppressed(statistic: number): void;
  dispose(): void;
}

const NEARLY_FREE = 1e-3;

export function coverModel(
  highs: Highs,
  relations: readonly { total: number; parts: number[] }[],
  counts: readonly number[],
  fixed: number,
  weights: readonly number[],
  suppressed: readonly boolean[],
): CoverModel {
  const n = counts.length;
  const grand = counts[fixed] ?? 0;
  // Column 2s moves statistic s up, column 2s + 1 moves it down.
  const isSuppressed = [...suppressed];
  const cost = (s: number) => (isSuppressed[s] ? NEARLY_FREE : (weights[s] as number));
  const colCost: number[] = [];
  const colLower: number[] = [];
  const colUpper: number[] = [];
  // DESIGN §8 publishes zeros: a published zero stays where it is, so it is never cover.
  const upTo = (s: number) =>
    s === fixed || (counts[s] === 0 && !isSuppressed[s]) ? 0 : grand - (counts[s] as number);
  const downTo = (s: number) => (s === fixed ? 0 : (counts[s] as number));
  for (let s = 0; s < n; s++) {
    colCost.push(cost(s), cost(s));
    colLower.push(0, 0);
    colUpper.push(upTo(s), downTo(s));
  }
  const rows = relations.map((r) => {
    const entries = new Map<number, number>();
    for (const p of r.parts) entries.set(p, (entries.get(p) ?? 0) + 1);
    entries.set(r.total, (entries.get(r.total) ?? 0) - 1);
    const variables: number[] = [];
    const coefficients: number[] = [];
    for (const [s, c] of [...entries].sort((a, b) => a[0] - b[0])) {
      if (c === 0) continue;
      variables.push(2 * s, 2 * s + 1);
      coefficients.push(c, -c);
    }
    return { variables, coefficients };
  });
  const model = highs.createModel({
    numCols: 2 * n,
    numRows: rows.length,
    colCost,
    colLower,
    colUpper,
    rowLower: new Array(rows.length).fill(0),
    rowUpper: new Array(rows.length).fill(0),
    matrix: { format: "csr", numRows: rows.length, numCols: 2 * n, ...csr(rows) },
  });
  quiet(model);

  return {
    cover(target, amount) {
      const up = 2 * target;
      const down = up + 1;
      const count = counts[target] as number;
      if (target === fixed || (amount > 0 ? grand - count : count) < Math.abs(amount)) return null;
      const [column, other] = amount > 0 ? [up, down] : [down, up];
      model.changeColBounds(column, Math.abs(amount), Math.abs(amount));
      model.changeColBounds(other, 0, 0);
      try {
        model.run();
        if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return null;
        const values = model.getSolution().colValue;
        const moved: number[] = [];
        for (let s = 0; s < n; s++) {
          if (isSuppressed[s] || s === target) continue;
          if ((values[2 * s] as number) + (values[2 * s + 1] as number) > EPSILON) moved.push(s);
        }
        return moved;
      } finally {
        model.changeColBounds(up, 0, upTo(target));
        model.changeColBounds(down, 0, downTo(target));
      }
    },
    suppressed(statistic) {
      if (isSuppressed[statistic]) return;
      isSuppressed[statistic] = true;
      model.changeColBounds(2 * statistic, 0, upTo(statistic));
      model.changeColCost(2 * statistic, NEARLY_FREE);
      model.changeColCost(2 * statistic + 1, NEARLY_FREE);
    },
    dispose() {
      model.dispose();
    },
  };
}
